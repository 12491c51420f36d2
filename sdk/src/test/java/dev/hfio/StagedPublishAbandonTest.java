package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.ForbiddenException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.Fault;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A staged publish (more operations than maxOperationsPerCommit: chunks on a pull request, merged
 * once) that is refused or fails after its pull request was opened closes that pull request through
 * the discussion status endpoint, with a comment that says why in the user's terms, and leaves the
 * branch as it was.
 */
class StagedPublishAbandonTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void clearFaults() {
    HUB.hub().admin().clearFaults();
  }

  /** Two shards plus the card: 3 operations in chunks of 2, so commit calls 1-2 stage, 3 merges. */
  private static WriteSettings settings(LocalHub hub, RepoRef repo) {
    return WriteSettings.of(
        HfIO.write().to(repo.id()).withSplit("train").withMaxOperationsPerCommit(2),
        TestRows.SCHEMA,
        HUB.config(hub.writeToken()));
  }

  private static List<ShardResult> upload(WriteSettings s, HubClient c, String writeId)
      throws Exception {
    List<ShardResult> out = new ArrayList<>();
    for (List<Row> shard : List.of(rows(0, 10), rows(10, 10))) {
      try (ShardWriter w = new ShardWriter(s, c)) {
        for (Row r : shard) {
          w.write(r);
        }
        out.addAll(w.finish());
      }
    }
    return out;
  }

  @Test
  void mergeRefusedClosesThePullRequestAndThePublishIsRedoneOnANewOne() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("refused");
    WriteSettings s = settings(hub, repo);
    String id = UUID.randomUUID().toString().replace("-", "");
    List<ShardResult> shards = upload(s, c, id);
    List<CommitInfo> before = HUB.commits(repo, "main");
    // the third commit-class call is the merge of the first pull request: refuse it
    hub.admin().inject(Fault.on(RouteClass.COMMIT).status(409).after(2).times(1));

    WriteResult r = new WriteCommitter(s, c).commit(id, shards);

    List<JsonNode> prs = pullRequests(hub, repo);
    assertThat(prs).hasSize(2);
    assertThat(prs.get(0).path("status").asText()).isEqualTo("closed");
    assertThat(prs.get(1).path("status").asText()).isEqualTo("merged");
    String comment = closingComment(hub, repo, prs.get(0).path("num").asInt());
    assertThat(comment)
        .contains("Closed by HfIO", id, "'main' changed", "Nothing from it was merged");
    // the write id is random hex and may itself contain "409": check the rest of the comment
    assertThat(comment.replace(id, "<id>")).doesNotContain("Injected", "409", "Exception");
    List<CommitInfo> after = HUB.commits(repo, "main");
    assertThat(after).hasSize(before.size() + 1);
    assertThat(after.get(0).id()).isEqualTo(r.commitSha());
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 20));
  }

  @Test
  void failureAfterThePullRequestOpenedClosesItAndLeavesTheBranchUnchanged() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("abandoned");
    WriteSettings s = settings(hub, repo);
    String id = UUID.randomUUID().toString().replace("-", "");
    List<ShardResult> shards = upload(s, c, id);
    String head = c.resolveRevision(repo, "main");
    List<CommitInfo> before = HUB.commits(repo, "main");
    // the second chunk is refused for good (not retryable): the publish gives up
    hub.admin().inject(Fault.on(RouteClass.COMMIT).status(403).after(1).times(1));

    assertThatThrownBy(() -> new WriteCommitter(s, c).commit(id, shards))
        .isInstanceOf(ForbiddenException.class);

    List<JsonNode> prs = pullRequests(hub, repo);
    assertThat(prs).hasSize(1);
    assertThat(prs.get(0).path("status").asText()).isEqualTo("closed");
    String comment = closingComment(hub, repo, prs.get(0).path("num").asInt());
    assertThat(comment)
        .contains("Closed by HfIO", id, "refused", "Nothing from it was merged into 'main'")
        .doesNotContain("Injected", "Exception", "token", hub.writeToken());
    assertThat(c.resolveRevision(repo, "main")).isEqualTo(head);
    assertThat(HUB.commits(repo, "main")).hasSize(before.size());
  }

  @Test
  void aStagedPublishThatSucceedsLeavesNoOpenPullRequest() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("clean");
    WriteSettings s = settings(hub, repo);
    String id = UUID.randomUUID().toString().replace("-", "");
    new WriteCommitter(s, c).commit(id, upload(s, c, id));
    List<JsonNode> prs = pullRequests(hub, repo);
    assertThat(prs).hasSize(1);
    assertThat(prs.get(0).path("status").asText()).isEqualTo("merged");
  }

  /** Every pull request of {@code repo}, oldest first. */
  private static List<JsonNode> pullRequests(LocalHub hub, RepoRef repo) throws Exception {
    JsonNode n = get(hub, "/api/datasets/" + repo.id() + "/discussions?type=pull_request");
    List<JsonNode> out = new ArrayList<>();
    n.path("discussions").forEach(out::add);
    out.sort(Comparator.comparingInt(d -> d.path("num").asInt()));
    return out;
  }

  /** The text of the comment posted just before the pull request was closed. */
  private static String closingComment(LocalHub hub, RepoRef repo, int num) throws Exception {
    JsonNode events = get(hub, "/api/datasets/" + repo.id() + "/discussions/" + num).path("events");
    String comment = null;
    for (JsonNode e : events) {
      if (e.path("type").asText().equals("comment")) {
        comment = e.path("data").path("latest").path("raw").asText();
      } else if (e.path("type").asText().equals("status-change")
          && e.path("data").path("status").asText().equals("closed")) {
        return comment;
      }
    }
    throw new AssertionError("pull request #" + num + " was not closed: " + events);
  }

  private static JsonNode get(LocalHub hub, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(hub.url() + path))
                    .header("Authorization", "Bearer " + hub.writeToken())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
