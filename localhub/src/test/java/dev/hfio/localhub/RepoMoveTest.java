package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/repos/move}: renames a repo with its refs, discussions and LFS objects; who may,
 * and collisions.
 */
class RepoMoveTest {
  static final String ALICE = "hf_alice_write_repo_move_xxxxxxxxxxx";
  static final String BOB = "hf_bob_write_repo_move_xxxxxxxxxxxxx";
  static final String CAROL = "hf_carol_read_repo_move_xxxxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.user("alice", ALICE, Role.WRITE)
                  .user("bob", BOB, Role.WRITE)
                  .user("carol", CAROL, Role.READ));

  static HubHttp as(String token) {
    return new HubHttp(HUB.hub().url(), token);
  }

  static HttpResponse<byte[]> move(String token, String from, String to) {
    return as(token)
        .postJson("/api/repos/move", Map.of("fromRepo", from, "toRepo", to, "type", "dataset"));
  }

  static void fails(HttpResponse<byte[]> r, int status, String code) {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
    assertThat(code(r)).as(text(r)).isEqualTo(code);
    assertThat(text(r) + r.headers().map())
        .doesNotContain(
            ALICE,
            BOB,
            CAROL,
            "Exception",
            "java.",
            HUB.hub().dataDir().toAbsolutePath().toString());
  }

  @Test
  void moveCarriesFilesRefsDiscussionsAndLfsAndTheOldIdIsGone() {
    HubHttp alice = as(ALICE);
    String id = LfsAttackSupport.createRepo(alice, "alice", "before", false);
    byte[] big = LfsAttackSupport.secret(3000, 7);
    String oid = HubHttp.sha256(big);
    LfsAttackSupport.uploadOwnBytes(alice, id, big);
    alice.commitOk(
        id, new HubHttp.Ndjson("files", null).file("a.txt", "a").lfs("big.bin", oid, big.length));
    assertThat(alice.postJson("/api/datasets/" + id + "/branch/dev", Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(
            alice
                .postJson("/api/datasets/" + id + "/discussions", Map.of("title", "kept"))
                .statusCode())
        .isEqualTo(200);
    String head = alice.headSha(id);
    HttpResponse<byte[]> r = move(ALICE, id, "alice/after");
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(json(r).get("url").asText()).endsWith("/datasets/alice/after");
    fails(alice.get("/api/datasets/" + id), 404, "RepoNotFound");
    fails(alice.get("/datasets/" + id + "/resolve/main/a.txt"), 404, "RepoNotFound");
    assertThat(alice.headSha("alice/after")).isEqualTo(head);
    assertThat(alice.headSha("alice/after", "dev")).isEqualTo(head);
    assertThat(CdnDownloads.get(alice, "/datasets/alice/after/resolve/main/big.bin").body())
        .isEqualTo(big);
    assertThat(json(alice.get("/api/datasets/alice/after/discussions/1")).at("/repo/name").asText())
        .isEqualTo("alice/after");
    // LFS visibility moved too: the new repo may commit the object again, the old name may be
    // recreated empty
    alice.commitOk(
        "alice/after", new HubHttp.Ndjson("again", null).lfs("copy.bin", oid, big.length));
    String again = LfsAttackSupport.createRepo(alice, "alice", "before", false);
    HttpResponse<byte[]> c =
        alice.commit(
            again, "main", new HubHttp.Ndjson("steal", null).lfs("x.bin", oid, big.length));
    fails(c, 400, "LfsObjectNotFound");
  }

  @Test
  void whoMayMoveWhatAndCollisions() {
    HubHttp alice = as(ALICE);
    String id = LfsAttackSupport.createRepo(alice, "alice", "mine", false);
    LfsAttackSupport.createRepo(alice, "alice", "taken", false);
    String head = alice.headSha(id);
    fails(move(null, id, "alice/x1"), 401, "Unauthorized");
    fails(move("hf_unknown_token_repo_move_xxxxxxxxx", id, "alice/x1"), 401, "InvalidCredentials");
    fails(move(CAROL, id, "alice/x1"), 403, "Forbidden");
    fails(move(BOB, id, "bob/stolen"), 403, "Forbidden"); // bob cannot write alice's namespace
    fails(move(ALICE, id, "bob/pushed"), 403, "Forbidden"); // alice cannot write bob's
    fails(move(ALICE, id, "alice/TAKEN"), 409, "RepoExists");
    fails(move(ALICE, id, "alice/Mine"), 409, "RepoExists");
    fails(move(ALICE, "alice/nothere", "alice/x2"), 404, "RepoNotFound");
    fails(move(ALICE, id, "alice/../x"), 400, "InvalidRepoName");
    fails(move(ALICE, id, "x"), 400, "InvalidRepoName");
    fails(move(ALICE, id, "a/b/c"), 400, "InvalidRepoName");
    fails(
        as(ALICE)
            .postJson(
                "/api/repos/move", Map.of("fromRepo", id, "toRepo", "alice/y", "type", "bucket")),
        400,
        "BadRequest");
    fails(
        as(ALICE).post("/api/repos/move", "application/json", "{".getBytes(StandardCharsets.UTF_8)),
        400,
        "BadRequest");
    // a private repo of alice: bob gets the same answer as for a missing one
    String priv = LfsAttackSupport.createRepo(alice, "alice", "hidden", true);
    fails(move(BOB, priv, "bob/hidden"), 404, "RepoNotFound");
    assertThat(alice.headSha(id)).isEqualTo(head);
    assertThat(alice.get("/api/datasets/" + priv).statusCode()).isEqualTo(200);
    // the dev super user may move across namespaces
    assertThat(move(HUB.hub().writeToken(), id, "bob/given").statusCode()).isEqualTo(200);
    assertThat(as(BOB).headSha("bob/given")).isEqualTo(head);
  }
}
