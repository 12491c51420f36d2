package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/{type}s/{id}/super-squash/{branch}}: one commit, same tree, other refs
 * untouched.
 */
class SuperSquashTest {
  static final String BOB = "hf_bob_write_super_squash_xxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB = new LocalHubExtension(b -> b.user("bob", BOB, Role.WRITE));

  static void fails(HttpResponse<byte[]> r, int status, String code) {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
    assertThat(code(r)).as(text(r)).isEqualTo(code);
    assertThat(text(r) + r.headers().map())
        .doesNotContain(
            BOB,
            HUB.hub().writeToken(),
            "Exception",
            "java.",
            HUB.hub().dataDir().toAbsolutePath().toString());
  }

  @Test
  void squashesTheBranchIntoOneCommitWithTheSameTreeAndLeavesOtherRefsAlone() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("squash", false);
    for (int i = 0; i < 5; i++) {
      h.commitOk(id, new HubHttp.Ndjson("c" + i, null).file("f" + i + ".txt", "v" + i));
    }
    assertThat(h.postJson("/api/datasets/" + id + "/branch/keep", Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(h.postJson("/api/datasets/" + id + "/tag/main", Map.of("tag", "v1")).statusCode())
        .isEqualTo(200);
    String keep = h.headSha(id, "keep");
    String tree = text(h.get("/api/datasets/" + id + "/tree/main?recursive=true"));
    HttpResponse<byte[]> r =
        h.postJson("/api/datasets/" + id + "/super-squash/main", Map.of("message", "squashed"));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    String squashed = json(r).get("commitId").asText();
    assertThat(h.headSha(id)).isEqualTo(squashed);
    JsonNode commits = json(h.get("/api/datasets/" + id + "/commits/main"));
    assertThat(commits).hasSize(1);
    assertThat(commits.at("/0/title").asText()).isEqualTo("squashed");
    assertThat(text(h.get("/api/datasets/" + id + "/tree/main?recursive=true"))).isEqualTo(tree);
    assertThat(h.headSha(id, "keep")).isEqualTo(keep);
    assertThat(h.headSha(id, "v1")).isEqualTo(keep);
    assertThat(json(h.get("/api/datasets/" + id + "/commits/keep"))).hasSize(6);
    // without a message: a default one
    HttpResponse<byte[]> d =
        h.post("/api/datasets/" + id + "/super-squash/keep", "application/json", new byte[0]);
    assertThat(d.statusCode()).as(text(d)).isEqualTo(200);
    assertThat(json(h.get("/api/datasets/" + id + "/commits/keep")).at("/0/title").asText())
        .contains("keep");
  }

  @Test
  void refusedSquashesChangeNothing() {
    HubHttp dev = new HubHttp(HUB.hub());
    HubHttp bob = new HubHttp(HUB.hub().url(), BOB);
    String id = dev.createDataset("guarded", false);
    dev.commitOk(id, new HubHttp.Ndjson("one", null).file("a.txt", "a"));
    assertThat(dev.postJson("/api/datasets/" + id + "/tag/main", Map.of("tag", "v1")).statusCode())
        .isEqualTo(200);
    String head = dev.headSha(id);
    String api = "/api/datasets/" + id + "/super-squash/";
    fails(bob.postJson(api + "main", Map.of("message", "x")), 403, "Forbidden");
    fails(
        new HubHttp(HUB.hub().url(), HUB.hub().readToken()).postJson(api + "main", Map.of()),
        403,
        "Forbidden");
    fails(new HubHttp(HUB.hub().url(), null).postJson(api + "main", Map.of()), 401, "Unauthorized");
    fails(dev.postJson(api + "v1", Map.of()), 400, "RevisionNotBranch");
    fails(dev.postJson(api + "nope", Map.of()), 404, "RevisionNotFound");
    fails(dev.postJson(api + "..%2F..%2Fetc", Map.of()), 404, "RevisionNotFound");
    fails(dev.postJson(api + head, Map.of()), 400, "RevisionNotBranch");
    fails(dev.postJson(api + "main", Map.of("message", "m".repeat(65_537))), 400, "BadRequest");
    fails(dev.postJson("/api/datasets/dev/ghost/super-squash/main", Map.of()), 404, "RepoNotFound");
    assertThat(dev.headSha(id)).isEqualTo(head);
    assertThat(json(dev.get("/api/datasets/" + id + "/commits/main"))).hasSize(2);
  }
}
