package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gated repos over real HTTP: files answer 401/403 {@code GatedRepo} until the owner accepts the
 * user's access request (manual) or at once (auto), while info, tree and paths-info stay visible;
 * the access-request endpoints of huggingface_hub ({@code
 * user-access-request/pending|accepted|rejected|handle|grant}) and their errors; only owners may
 * handle requests; state survives a restart.
 */
class GatedRepoTest {
  static final String ALICE = "hf_alice_gated_write_token_xxxxxxxx";
  static final String BOB = "hf_bob_gated_write_token_xxxxxxxxxx";
  static final String CAROL = "hf_carol_gated_read_token_xxxxxxxxx";
  static final AtomicInteger SEQ = new AtomicInteger();

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.user("alice", ALICE, Role.WRITE)
                  .user("bob", BOB, Role.WRITE)
                  .user("carol", CAROL, Role.READ));

  static final byte[] LFS = "gated lfs bytes\0\1\2".getBytes(StandardCharsets.UTF_8);

  /** alice's public dataset with a regular and an LFS file, gated as asked; returns its id. */
  static String gatedRepo(String gate) {
    HubHttp alice = new HubHttp(HUB.hub().url(), ALICE);
    String name = "g" + SEQ.incrementAndGet();
    assertThat(
            alice
                .postJson("/api/repos/create", Map.of("name", name, "type", "dataset"))
                .statusCode())
        .isEqualTo(200);
    String id = "alice/" + name;
    alice.uploadLfs(id, LFS);
    alice.commitOk(
        id,
        new HubHttp.Ndjson("data", null)
            .file("data.txt", "hello")
            .lfs("big.bin", HubHttp.sha256(LFS), LFS.length));
    if (gate != null) {
      HttpResponse<byte[]> s = settings(alice, id, "{\"gated\":\"" + gate + "\"}");
      assertThat(s.statusCode()).as(text(s)).isEqualTo(200);
    }
    return id;
  }

  static HttpResponse<byte[]> settings(HubHttp h, String id, String body) {
    return h.send(
        h.req("/api/datasets/" + id + "/settings")
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<byte[]> batchDownload(HubHttp h, String id) {
    return h.post(
        "/datasets/" + id + ".git/info/lfs/objects/batch",
        "application/vnd.git-lfs+json",
        ("{\"operation\":\"download\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\""
                + HubHttp.sha256(LFS)
                + "\",\"size\":"
                + LFS.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** Every file download of the repo: resolve (regular, LFS, HEAD), raw, LFS batch download. */
  static List<HttpResponse<byte[]>> downloads(HubHttp h, String id) {
    List<HttpResponse<byte[]>> out = new ArrayList<>();
    out.add(h.get("/datasets/" + id + "/resolve/main/data.txt"));
    out.add(
        CdnDownloads.get(
            h, "/datasets/" + id + "/resolve/main/big.bin")); // follows the 302 once allowed
    out.add(CdnDownloads.head(h, "/datasets/" + id + "/resolve/main/big.bin"));
    out.add(h.get("/datasets/" + id + "/raw/main/data.txt"));
    out.add(batchDownload(h, id));
    return out;
  }

  static void assertGated(HubHttp h, String id, int status) {
    for (HttpResponse<byte[]> r : downloads(h, id)) {
      assertThat(r.statusCode()).as(r.uri() + " " + text(r)).isEqualTo(status);
      assertThat(code(r)).as(r.uri().toString()).isEqualTo("GatedRepo");
      assertThat(text(r))
          .doesNotContain("gated lfs bytes", "lfs-download", ALICE, BOB, "Exception");
    }
  }

  static void assertDownloads(HubHttp h, String id) {
    List<HttpResponse<byte[]>> d = downloads(h, id);
    for (HttpResponse<byte[]> r : d) {
      assertThat(r.statusCode()).as(r.uri() + " " + text(r)).isEqualTo(200);
    }
    assertThat(text(d.get(0))).isEqualTo("hello");
    assertThat(d.get(1).body()).isEqualTo(LFS);
  }

  static JsonNode list(HubHttp h, String id, String status) {
    HttpResponse<byte[]> r = h.get("/api/datasets/" + id + "/user-access-request/" + status);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return json(r);
  }

  static List<String> users(JsonNode requests) {
    List<String> out = new ArrayList<>();
    requests.forEach(r -> out.add(r.get("user").get("user").asText()));
    return out;
  }

  @Test
  void manualGateBlocksFilesUntilTheOwnerAccepts() {
    String id = gatedRepo("manual");
    HubHttp alice = new HubHttp(HUB.hub().url(), ALICE);
    HubHttp bob = alice.as(BOB);
    assertGated(bob, id, 403);
    assertGated(alice.as(null), id, 401);
    // the card, info, tree and paths-info stay visible, and say the repo is gated
    JsonNode info = json(bob.get("/api/datasets/" + id));
    assertThat(info.get("gated").asText()).isEqualTo("manual");
    assertThat(info.get("private").asBoolean()).isFalse();
    assertThat(json(alice.as(null).get("/api/datasets/" + id)).get("gated").asText())
        .isEqualTo("manual");
    assertThat(bob.get("/api/datasets/" + id + "/tree/main").statusCode()).isEqualTo(200);
    assertThat(
            bob.post(
                    "/api/datasets/" + id + "/paths-info/main",
                    "application/json",
                    "{\"paths\":[\"big.bin\"]}".getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(200);
    // owners and the dev user always download
    assertDownloads(alice, id);
    assertDownloads(new HubHttp(HUB.hub()), id);

    HttpResponse<byte[]> ask =
        bob.post("/datasets/" + id + "/ask-access", "application/json", new byte[0]);
    assertThat(ask.statusCode()).as(text(ask)).isEqualTo(200);
    assertThat(json(ask).get("status").asText()).isEqualTo("pending");
    assertGated(bob, id, 403);
    JsonNode pending = list(alice, id, "pending");
    assertThat(users(pending)).containsExactly("bob");
    assertThat(pending.get(0).get("status").asText()).isEqualTo("pending");
    assertThat(pending.get(0).get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(pending.get(0).get("user").get("fullname").asText()).isEqualTo("bob");

    HttpResponse<byte[]> accept =
        alice.postJson(
            "/api/datasets/" + id + "/user-access-request/handle",
            Map.of("user", "bob", "status", "accepted"));
    assertThat(accept.statusCode()).as(text(accept)).isEqualTo(200);
    assertDownloads(bob, id);
    assertThat(users(list(alice, id, "accepted"))).containsExactly("bob");
    assertThat(list(alice, id, "pending")).isEmpty();
    // other users are still gated; anonymous callers too
    assertGated(alice.as(CAROL), id, 403);
    assertGated(alice.as(null), id, 401);

    // reject (with a reason): the files close again; cancel puts the request back to pending
    assertThat(
            alice
                .postJson(
                    "/api/datasets/" + id + "/user-access-request/handle",
                    Map.of("user", "bob", "status", "rejected", "rejectionReason", "not now"))
                .statusCode())
        .isEqualTo(200);
    assertGated(bob, id, 403);
    assertThat(list(alice, id, "rejected").get(0).get("rejectionReason").asText())
        .isEqualTo("not now");
    assertThat(
            json(bob.post("/datasets/" + id + "/ask-access", "application/json", new byte[0]))
                .get("status")
                .asText())
        .isEqualTo("rejected"); // asking again changes nothing
    assertThat(
            alice
                .postJson(
                    "/api/datasets/" + id + "/user-access-request/handle",
                    Map.of("user", "bob", "status", "pending"))
                .statusCode())
        .isEqualTo(200);
    assertThat(users(list(alice, id, "pending"))).containsExactly("bob");
    assertGated(bob, id, 403);
  }

  @Test
  void autoGateAcceptsAtOnce() {
    String id = gatedRepo("auto");
    HubHttp bob = new HubHttp(HUB.hub().url(), BOB);
    assertGated(bob, id, 403);
    HttpResponse<byte[]> ask =
        bob.post("/datasets/" + id + "/ask-access", "application/json", new byte[0]);
    assertThat(ask.statusCode()).isEqualTo(200);
    assertThat(json(ask).get("status").asText()).isEqualTo("accepted");
    assertDownloads(bob, id);
    assertThat(json(bob.get("/api/datasets/" + id)).get("gated").asText()).isEqualTo("auto");
    // un-gating opens the files to everyone
    HubHttp alice = bob.as(ALICE);
    assertThat(settings(alice, id, "{\"gated\":false}").statusCode()).isEqualTo(200);
    assertThat(json(bob.get("/api/datasets/" + id)).get("gated").asBoolean(true)).isFalse();
    assertDownloads(alice.as(null), id);
  }

  @Test
  void grantAndItsErrors() {
    String id = gatedRepo("manual");
    HubHttp alice = new HubHttp(HUB.hub().url(), ALICE);
    HttpResponse<byte[]> g =
        alice.postJson(
            "/api/datasets/" + id + "/user-access-request/grant", Map.of("user", "carol"));
    assertThat(g.statusCode()).as(text(g)).isEqualTo(200);
    assertThat(json(g).isObject()).isTrue();
    assertDownloads(alice.as(CAROL), id); // a read token of a granted user downloads
    g =
        alice.postJson(
            "/api/datasets/" + id + "/user-access-request/grant", Map.of("user", "carol"));
    assertThat(g.statusCode()).isEqualTo(400);
    assertThat(code(g)).isEqualTo("AlreadyHasAccess");
    g =
        alice.postJson(
            "/api/datasets/" + id + "/user-access-request/grant", Map.of("user", "nobody"));
    assertThat(g.statusCode()).isEqualTo(404);
    assertThat(code(g)).isEqualTo("UserNotFound");
    // handling a request that does not exist, or moving one to the list it is in
    HttpResponse<byte[]> h =
        alice.postJson(
            "/api/datasets/" + id + "/user-access-request/handle",
            Map.of("user", "bob", "status", "accepted"));
    assertThat(h.statusCode()).isEqualTo(404);
    assertThat(code(h)).isEqualTo("AccessRequestNotFound");
    h =
        alice.postJson(
            "/api/datasets/" + id + "/user-access-request/handle",
            Map.of("user", "carol", "status", "accepted"));
    assertThat(h.statusCode()).isEqualTo(404);
    assertThat(code(h)).isEqualTo("AccessRequestNotFound");
    // the repo must be gated for any of this
    String open = gatedRepo(null);
    for (HttpResponse<byte[]> r :
        List.of(
            alice.postJson(
                "/api/datasets/" + open + "/user-access-request/grant", Map.of("user", "bob")),
            alice.postJson(
                "/api/datasets/" + open + "/user-access-request/handle",
                Map.of("user", "bob", "status", "accepted")),
            alice.get("/api/datasets/" + open + "/user-access-request/pending"),
            alice
                .as(BOB)
                .post("/datasets/" + open + "/ask-access", "application/json", new byte[0]))) {
      assertThat(r.statusCode()).as(r.uri() + " " + text(r)).isEqualTo(400);
      assertThat(code(r)).isEqualTo("RepoNotGated");
    }
    // model repos have the same routes without a type prefix
    HubHttp dev = new HubHttp(HUB.hub());
    assertThat(
            dev.postJson("/api/repos/create", Map.of("name", "gm" + SEQ.incrementAndGet()))
                .statusCode())
        .isEqualTo(200);
    String model = "dev/gm" + SEQ.get();
    assertThat(
            dev.send(
                    dev.req("/api/models/" + model + "/settings")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"gated\":\"auto\"}"))
                        .build())
                .statusCode())
        .isEqualTo(200);
    assertThat(dev.as(BOB).get("/" + model + "/resolve/main/.gitattributes").statusCode())
        .isEqualTo(403);
    assertThat(
            json(dev.as(BOB).post("/" + model + "/ask-access", "application/json", new byte[0]))
                .get("status")
                .asText())
        .isEqualTo("accepted");
    assertThat(dev.as(BOB).get("/" + model + "/resolve/main/.gitattributes").statusCode())
        .isEqualTo(200);
  }

  @Test
  void onlyOwnersHandleRequests() {
    String id = gatedRepo("manual");
    HubHttp alice = new HubHttp(HUB.hub().url(), ALICE);
    assertThat(
            alice
                .as(BOB)
                .post("/datasets/" + id + "/ask-access", "application/json", new byte[0])
                .statusCode())
        .isEqualTo(200);
    String before = text(alice.get("/api/datasets/" + id + "/user-access-request/pending"));
    record Case(String token, int status, String code) {}
    for (Case c :
        List.of(
            new Case(null, 401, "Unauthorized"),
            new Case(BOB, 403, "Forbidden"),
            new Case(CAROL, 403, "Forbidden"))) {
      HubHttp who = alice.as(c.token());
      for (HttpResponse<byte[]> r :
          List.of(
              who.get("/api/datasets/" + id + "/user-access-request/pending"),
              who.postJson(
                  "/api/datasets/" + id + "/user-access-request/handle",
                  Map.of("user", "bob", "status", "accepted")),
              who.postJson(
                  "/api/datasets/" + id + "/user-access-request/grant", Map.of("user", "bob")),
              settings(who, id, "{\"gated\":false}"))) {
        assertThat(r.statusCode()).as(c + " " + r.uri() + " " + text(r)).isEqualTo(c.status());
        assertThat(code(r)).as(c + " " + r.uri()).isEqualTo(c.code());
      }
    }
    assertThat(text(alice.get("/api/datasets/" + id + "/user-access-request/pending")))
        .isEqualTo(before);
    assertThat(json(alice.get("/api/datasets/" + id)).get("gated").asText()).isEqualTo("manual");
    assertGated(alice.as(BOB), id, 403);
    // anonymous users cannot ask
    HttpResponse<byte[]> anon =
        alice.as(null).post("/datasets/" + id + "/ask-access", "application/json", new byte[0]);
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(code(anon)).isEqualTo("Unauthorized");
  }

  @Test
  void gatedPrivateRepoAnswersLikeAMissingOne() {
    String id = gatedRepo("manual");
    HubHttp alice = new HubHttp(HUB.hub().url(), ALICE);
    assertThat(settings(alice, id, "{\"private\":true}").statusCode()).isEqualTo(200);
    HubHttp bob = alice.as(BOB);
    for (String url :
        List.of("/datasets/" + id + "/resolve/main/data.txt", "/api/datasets/" + id)) {
      HttpResponse<byte[]> r = bob.get(url);
      HttpResponse<byte[]> ghost = bob.get(url.replace(id, "alice/ghost"));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(code(r)).isEqualTo("RepoNotFound");
      assertThat(text(r).replace(id, "X")).isEqualTo(text(ghost).replace("alice/ghost", "X"));
    }
    HttpResponse<byte[]> ask =
        bob.post("/datasets/" + id + "/ask-access", "application/json", new byte[0]);
    assertThat(ask.statusCode()).isEqualTo(404);
    assertThat(code(ask)).isEqualTo("RepoNotFound");
    assertThat(list(alice, id, "pending")).isEmpty();
  }

  @Test
  void gatingSurvivesRestart(@TempDir Path dir) {
    String token = "hf_fixed_dev_token_for_gating_restart";
    for (int round = 0; round < 2; round++) {
      try (LocalHub hub =
          LocalHub.builder().dataDir(dir).writeToken(token).user("bob", BOB, Role.WRITE).start()) {
        HubHttp dev = new HubHttp(hub);
        HubHttp bob = dev.as(BOB);
        if (round == 0) {
          dev.createDataset("kept", false);
          dev.commitOk("dev/kept", new HubHttp.Ndjson("x", null).file("a.txt", "A"));
          assertThat(settings(dev, "dev/kept", "{\"gated\":\"manual\"}").statusCode())
              .isEqualTo(200);
          assertThat(
                  bob.post("/datasets/dev/kept/ask-access", "application/json", new byte[0])
                      .statusCode())
              .isEqualTo(200);
          assertThat(bob.get("/datasets/dev/kept/resolve/main/a.txt").statusCode()).isEqualTo(403);
        } else {
          assertThat(json(dev.get("/api/datasets/dev/kept")).get("gated").asText())
              .isEqualTo("manual");
          assertThat(users(list(dev, "dev/kept", "pending"))).containsExactly("bob");
          assertThat(bob.get("/datasets/dev/kept/resolve/main/a.txt").statusCode()).isEqualTo(403);
          assertThat(
                  dev.postJson(
                          "/api/datasets/dev/kept/user-access-request/handle",
                          Map.of("user", "bob", "status", "accepted"))
                      .statusCode())
              .isEqualTo(200);
          assertThat(text(bob.get("/datasets/dev/kept/resolve/main/a.txt"))).isEqualTo("A");
        }
      }
    }
  }
}
