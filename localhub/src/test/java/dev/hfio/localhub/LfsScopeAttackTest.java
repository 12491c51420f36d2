package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.LfsAttackSupport.assertNoLeak;
import static dev.hfio.localhub.LfsAttackSupport.batch;
import static dev.hfio.localhub.LfsAttackSupport.createRepo;
import static dev.hfio.localhub.LfsAttackSupport.object0;
import static dev.hfio.localhub.LfsAttackSupport.pointerText;
import static dev.hfio.localhub.LfsAttackSupport.secret;
import static dev.hfio.localhub.LfsAttackSupport.uploadOwnBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * LFS objects are scoped per repo: knowing the sha256 of alice's private file gives bob nothing —
 * not through his own repo's batch API (download or "already present"), not through an {@code
 * lfsFile} commit, not through a regular file holding pointer text, not after alice's repo turns
 * private or is deleted (and recreated).
 */
class LfsScopeAttackTest {
  static final String ALICE = "hf_alice_scope_token_xxxxxxxxxxxxxxx";
  static final String BOB = "hf_bob_scope_token_xxxxxxxxxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.user("alice", ALICE, Role.WRITE)
                  .user("bob", BOB, Role.WRITE)
                  .gcInterval(java.time.Duration.ZERO));

  HubHttp alice() {
    return new HubHttp(HUB.hub().url(), ALICE);
  }

  HubHttp bob() {
    return new HubHttp(HUB.hub().url(), BOB);
  }

  /** alice/{name} holding secret.bin as an LFS file; returns the secret bytes. */
  byte[] aliceRepoWithSecret(String name, boolean priv, long seed) {
    HubHttp a = alice();
    String id = createRepo(a, "alice", name, priv);
    byte[] s = secret(3000, seed);
    uploadOwnBytes(a, id, s);
    a.commitOk(
        id, new HubHttp.Ndjson("secret", null).lfs("secret.bin", HubHttp.sha256(s), s.length));
    assertThat(CdnDownloads.get(a, "/datasets/" + id + "/resolve/main/secret.bin").body())
        .isEqualTo(s);
    return s;
  }

  void assertNotVisibleToBob(String bobRepo, byte[] s) {
    HubHttp b = bob();
    String oid = HubHttp.sha256(s);
    String head = b.headSha(bobRepo);
    // download through bob's own repo: a 404 error object, no href
    for (HubHttp who : new HubHttp[] {b, b.as(null)}) {
      HttpResponse<byte[]> dl = batch(who, bobRepo, "download", List.of("basic"), oid, s.length);
      JsonNode o = object0(dl);
      assertThat(o.has("actions")).isFalse();
      assertThat(o.at("/error/code").asInt()).isEqualTo(404);
      assertNoLeak(dl, HUB.hub(), s, ALICE, BOB);
    }
    // upload: never "already present"; the bytes must be sent
    HttpResponse<byte[]> up =
        batch(b, bobRepo, "upload", List.of("basic", "multipart"), oid, s.length);
    assertThat(object0(up).at("/actions/upload/href").asText()).startsWith("http");
    assertNoLeak(up, HUB.hub(), s, ALICE, BOB);
    // lfsFile commit: 400 LfsObjectNotFound naming the path and repo; head unchanged
    HttpResponse<byte[]> c =
        b.commit(
            bobRepo, "main", new HubHttp.Ndjson("steal", null).lfs("stolen.bin", oid, s.length));
    assertThat(c.statusCode()).isEqualTo(400);
    assertThat(code(c)).isEqualTo("LfsObjectNotFound");
    assertThat(json(c).get("error").asText()).contains("stolen.bin").contains(bobRepo);
    assertNoLeak(c, HUB.hub(), s, ALICE, BOB);
    assertThat(b.headSha(bobRepo)).isEqualTo(head);
    // a regular file holding the pointer text is just that text, never the object
    String ptr = pointerText(oid, s.length);
    b.commitOk(bobRepo, new HubHttp.Ndjson("pointer text", null).file("fake.bin", ptr));
    HttpResponse<byte[]> res =
        CdnDownloads.get(b, "/datasets/" + bobRepo + "/resolve/main/fake.bin");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(HubHttp.text(res)).isEqualTo(ptr);
    assertNoLeak(res, HUB.hub(), s, ALICE, BOB);
    HttpResponse<byte[]> ranged =
        CdnDownloads.get(
            b, "/datasets/" + bobRepo + "/resolve/main/fake.bin", "Range", "bytes=0-99");
    assertNoLeak(ranged, HUB.hub(), s, ALICE, BOB);
    JsonNode tree = json(b.get("/api/datasets/" + bobRepo + "/tree/main"));
    for (JsonNode e : tree) {
      if (e.get("path").asText().equals("fake.bin")) {
        assertThat(e.has("lfs")).isFalse();
        assertThat(e.get("size").asLong()).isEqualTo(ptr.length());
      }
    }
    HttpResponse<byte[]> pi =
        b.postJson(
            "/api/datasets/" + bobRepo + "/paths-info/main", Map.of("paths", List.of("fake.bin")));
    assertThat(json(pi).get(0).has("lfs")).isFalse();
    b.commitOk(bobRepo, new HubHttp.Ndjson("cleanup", null).delete("fake.bin"));
  }

  @Test
  void bobCannotUseAlicesPrivateObjectThroughHisRepo() {
    byte[] s = aliceRepoWithSecret("priv1", true, 11);
    String bobRepo = createRepo(bob(), "bob", "pub1", false);
    assertNotVisibleToBob(bobRepo, s);
    // and alice's repo itself is invisible to bob
    HttpResponse<byte[]> r =
        batch(bob(), "alice/priv1", "download", List.of("basic"), HubHttp.sha256(s), s.length);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(code(r)).isEqualTo("RepoNotFound");
    assertNoLeak(r, HUB.hub(), s, ALICE, BOB);
  }

  @Test
  void bobCanCommitAfterUploadingTheBytesHimself() {
    byte[] s = aliceRepoWithSecret("priv2", true, 12);
    HubHttp b = bob();
    String bobRepo = createRepo(b, "bob", "own2", false);
    uploadOwnBytes(b, bobRepo, s); // proof of possession: the verified bytes
    b.commitOk(
        bobRepo, new HubHttp.Ndjson("mine", null).lfs("same.bin", HubHttp.sha256(s), s.length));
    assertThat(CdnDownloads.get(b, "/datasets/" + bobRepo + "/resolve/main/same.bin").body())
        .isEqualTo(s);
    // now "already present" for bob's repo
    assertThat(
            object0(batch(b, bobRepo, "upload", List.of("basic"), HubHttp.sha256(s), s.length))
                .has("actions"))
        .isFalse();
    // a regular pointer-text file now resolves too (the oid is bob's repo's own)
    b.commitOk(
        bobRepo,
        new HubHttp.Ndjson("ptr", null).file("ptr.bin", pointerText(HubHttp.sha256(s), s.length)));
    assertThat(CdnDownloads.get(b, "/datasets/" + bobRepo + "/resolve/main/ptr.bin").body())
        .isEqualTo(s);
  }

  @Test
  void afterAlicesRepoTurnsPrivate() {
    byte[] s = aliceRepoWithSecret("waspublic", false, 13);
    String oid = HubHttp.sha256(s);
    HubHttp b = bob();
    // while public, bob may download through alice's repo
    String href =
        object0(batch(b, "alice/waspublic", "download", List.of("basic"), oid, s.length))
            .at("/actions/download/href")
            .asText();
    String anonHref =
        object0(batch(b.as(null), "alice/waspublic", "download", List.of("basic"), oid, s.length))
            .at("/actions/download/href")
            .asText();
    HttpResponse<byte[]> settings =
        alice()
            .send(
                alice()
                    .req("/api/datasets/alice/waspublic/settings")
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"private\":true}"))
                    .build());
    assertThat(settings.statusCode()).isEqualTo(200);
    // URLs handed out for the public repo die with its publicity
    for (String h : new String[] {href, anonHref}) {
      HttpResponse<byte[]> r = b.as(null).get(h);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(code(r)).isEqualTo("LfsTicketNotFound");
      assertNoLeak(r, HUB.hub(), s, ALICE, BOB);
    }
    HttpResponse<byte[]> r =
        batch(b, "alice/waspublic", "download", List.of("basic"), oid, s.length);
    assertThat(code(r)).isEqualTo("RepoNotFound");
    assertNotVisibleToBob(createRepo(b, "bob", "pub3", false), s);
    // alice keeps full use of her objects
    String own =
        object0(batch(alice(), "alice/waspublic", "download", List.of("basic"), oid, s.length))
            .at("/actions/download/href")
            .asText();
    assertThat(alice().as(null).get(own).body()).isEqualTo(s);
  }

  @Test
  void afterAliceDeletesHerRepoAndRecreatesIt() throws Exception {
    byte[] s = aliceRepoWithSecret("gone", true, 14);
    String oid = HubHttp.sha256(s);
    HubHttp a = alice();
    String dl =
        object0(batch(a, "alice/gone", "download", List.of("basic"), oid, s.length))
            .at("/actions/download/href")
            .asText();
    String up =
        object0(
                batch(
                    a, "alice/gone", "upload", List.of("basic"), HubHttp.sha256(new byte[] {1}), 1))
            .at("/actions/upload/href")
            .asText();
    HttpResponse<byte[]> del =
        a.delete(
            "/api/repos/delete",
            Map.of("name", "gone", "organization", "alice", "type", "dataset"));
    assertThat(del.statusCode()).isEqualTo(200);
    // outstanding URLs of the deleted repo are dead
    HttpResponse<byte[]> r1 = a.as(null).get(dl);
    assertThat(r1.statusCode()).isEqualTo(404);
    assertThat(code(r1)).isEqualTo("LfsTicketNotFound");
    assertNoLeak(r1, HUB.hub(), s, ALICE, BOB);
    HttpResponse<byte[]> r2 = a.put(up, new byte[] {1});
    assertThat(r2.statusCode()).isEqualTo(404);
    assertThat(code(r2)).isEqualTo("LfsTicketNotFound");
    // bob sees nothing either
    assertNotVisibleToBob(createRepo(bob(), "bob", "pub4", false), s);
    // the recreated repo starts empty
    createRepo(a, "alice", "gone", true);
    HttpResponse<byte[]> r3 = a.get(dl);
    assertThat(code(r3)).isEqualTo("LfsTicketNotFound");
    assertThat(
            object0(batch(a, "alice/gone", "download", List.of("basic"), oid, s.length))
                .at("/error/code")
                .asInt())
        .isEqualTo(404);
    assertThat(
            object0(batch(a, "alice/gone", "upload", List.of("basic"), oid, s.length))
                .has("actions"))
        .isTrue();
    HttpResponse<byte[]> c =
        a.commit("alice/gone", "main", new HubHttp.Ndjson("x", null).lfs("s.bin", oid, s.length));
    assertThat(code(c)).isEqualTo("LfsObjectNotFound");
    // the bytes are referenced by no repo any more: the collector frees them
    Path stored =
        HUB.hub()
            .dataDir()
            .resolve("lfs")
            .resolve(oid.substring(0, 2))
            .resolve(oid.substring(2, 4))
            .resolve(oid);
    assertThat(stored).exists();
    Map<String, Long> gc = HUB.hub().admin().gc();
    assertThat(gc.get("objects")).isGreaterThanOrEqualTo(1);
    assertThat(Files.exists(stored)).isFalse();
  }

  @Test
  void unknownOidsAndMalformedObjectsAnswerErrorObjects() {
    HubHttp b = bob();
    String bobRepo = createRepo(b, "bob", "pub5", false);
    String longOid = "../../../../etc/passwd" + "a".repeat(200);
    HttpResponse<byte[]> r =
        LfsAttackSupport.batchMany(
            b,
            bobRepo,
            "download",
            List.of("basic"),
            List.of(
                Map.of("oid", "b".repeat(64), "size", 5),
                Map.of("oid", longOid, "size", 5),
                Map.of("oid", "c".repeat(64), "size", "12345678901234567890123")));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode objs = json(r).get("objects");
    assertThat(objs.get(0).at("/error/code").asInt()).isEqualTo(404);
    assertThat(objs.get(1).at("/error/code").asInt()).isEqualTo(422);
    assertThat(objs.get(2).at("/error/code").asInt()).isEqualTo(422);
    assertThat(HubHttp.text(r)).doesNotContain("passwd");
  }
}
