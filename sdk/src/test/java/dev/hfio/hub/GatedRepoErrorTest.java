package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.localhub.Role;
import dev.hfio.testing.HubFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Hub's access errors as localhub answers them map to the typed exceptions with their hints: a
 * gated repo's files (401/403 {@code GatedRepo}) to {@link GatedRepoException}, anonymous reads of
 * a missing repo (401 {@code RepoNotFound}) to {@link RepoNotFoundException}.
 */
class GatedRepoErrorTest {
  static final String BOB = "hf_bob_sdk_gated_token_xxxxxxxxxxxx";

  @RegisterExtension
  static final HubFixture HUB = new HubFixture(b -> b.user("bob", BOB, Role.WRITE));

  @Test
  void gatedFilesAndMissingReposAreTypedErrors() throws Exception {
    HubClient owner = HubClient.builder().endpoint(HUB.url()).token(HUB.writeToken()).build();
    RepoRef repo = HubFixture.datasetId("gated");
    owner.createRepo(repo).call();
    owner
        .commit(repo)
        .add(CommitOperation.add("a.txt", "A".getBytes(StandardCharsets.UTF_8)))
        .message("a")
        .call();
    HttpResponse<String> s =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(HUB.url() + "/api/datasets/" + repo.id() + "/settings"))
                    .header("Authorization", "Bearer " + HUB.writeToken())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"gated\":\"manual\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(s.statusCode()).isEqualTo(200);
    HubClient bob = HubClient.builder().endpoint(HUB.url()).token(BOB).build();
    assertThatThrownBy(() -> bob.readAllBytes(repo, "main", "a.txt"))
        .isInstanceOf(GatedRepoException.class)
        .hasMessageContaining(repo.id())
        .hasMessageContaining("Accept its access conditions")
        .satisfies(e -> assertThat(((HubException) e).status()).isEqualTo(403));
    HubClient anonymous = HubClient.builder().endpoint(HUB.url()).token(null).build();
    assertThatThrownBy(() -> anonymous.readAllBytes(repo, "main", "a.txt"))
        .isInstanceOf(GatedRepoException.class)
        .satisfies(e -> assertThat(((HubException) e).status()).isEqualTo(401));
    assertThat(owner.readAllBytes(repo, "main", "a.txt"))
        .isEqualTo("A".getBytes(StandardCharsets.UTF_8));
    RepoRef missing = RepoRef.dataset("dev/not-there");
    assertThatThrownBy(() -> anonymous.repoInfo(missing, null))
        .isInstanceOf(RepoNotFoundException.class)
        .hasMessageContaining("set HF_TOKEN or --hfToken")
        .satisfies(e -> assertThat(((HubException) e).status()).isEqualTo(401));
    assertThat(anonymous.repoExists(missing)).isFalse();
  }
}
