package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthTest {
  static final String ALICE = "hf_alice_write_token_xxxxxxxxxxxx";
  static final String ALICE_READ = "hf_alice_read_token_xxxxxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b -> b.user("alice", ALICE, Role.WRITE).user("alice", ALICE_READ, Role.READ));

  @Test
  void privateRepoInvisibleToOthers() {
    HubHttp dev = new HubHttp(HUB.hub());
    String id = dev.createDataset("secret", true);
    dev.commitOk(id, new HubHttp.Ndjson("x", null).file("s.txt", "s"));
    assertThat(json(dev.get("/api/datasets/" + id)).get("private").asBoolean()).isTrue();
    assertThat(
            dev.as(HUB.hub().readToken())
                .get("/datasets/" + id + "/resolve/main/s.txt")
                .statusCode())
        .isEqualTo(200);
    for (String token : new String[] {null, ALICE}) {
      HubHttp other = dev.as(token);
      for (String url :
          new String[] {
            "/api/datasets/" + id,
            "/api/datasets/" + id + "/tree/main",
            "/datasets/" + id + "/resolve/main/s.txt",
            "/api/datasets/" + id + "/refs"
          }) {
        HttpResponse<byte[]> r = other.get(url);
        assertThat(r.statusCode())
            .as(url)
            .isEqualTo(token == null ? 401 : 404); // anonymous: 401 as the Hub
        assertThat(code(r)).as(url).isEqualTo("RepoNotFound");
      }
      assertThat(code(other.commit(id, "main", new HubHttp.Ndjson("x", null).file("a", "b"))))
          .isIn("RepoNotFound", "Unauthorized");
    }
    // listing hides it from others
    assertThat(json(dev.get("/api/datasets?author=dev&search=secr")).toString())
        .contains("dev/secret");
    assertThat(json(dev.as(ALICE).get("/api/datasets?author=dev")).toString())
        .doesNotContain("dev/secret");
    // visibility field (newer huggingface_hub) also works
    HttpResponse<byte[]> r =
        dev.postJson(
            "/api/repos/create", Map.of("name", "vis", "type", "dataset", "visibility", "private"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(dev.as(null).get("/api/datasets/dev/vis").statusCode()).isEqualTo(401);
  }

  @Test
  void writesNeedWriteTokenAndOwnership() {
    HubHttp dev = new HubHttp(HUB.hub());
    String id = dev.createDataset("pub", false);
    String head = dev.headSha(id);
    assertThat(dev.as(null).get("/api/datasets/" + id).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> anon =
        dev.as(null).commit(id, "main", new HubHttp.Ndjson("x", null).file("a", "b"));
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(code(anon)).isEqualTo("Unauthorized");
    HttpResponse<byte[]> read =
        dev.as(HUB.hub().readToken())
            .commit(id, "main", new HubHttp.Ndjson("x", null).file("a", "b"));
    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(code(read)).isEqualTo("Forbidden");
    HttpResponse<byte[]> alice =
        dev.as(ALICE).commit(id, "main", new HubHttp.Ndjson("x", null).file("a", "b"));
    assertThat(alice.statusCode()).isEqualTo(403);
    assertThat(dev.headSha(id)).isEqualTo(head);
    // alice owns her namespace
    HubHttp a = dev.as(ALICE);
    assertThat(
            a.postJson("/api/repos/create", Map.of("name", "mine", "type", "dataset")).statusCode())
        .isEqualTo(200);
    assertThat(
            a.commit("alice/mine", "main", new HubHttp.Ndjson("x", null).file("a", "b"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            a.postJson(
                    "/api/repos/create",
                    Map.of("name", "x", "organization", "dev", "type", "dataset"))
                .statusCode())
        .isEqualTo(403);
    assertThat(
            dev.as(ALICE_READ)
                .postJson("/api/repos/create", Map.of("name", "y", "type", "dataset"))
                .statusCode())
        .isEqualTo(403);
    assertThat(json(dev.as(ALICE_READ).get("/api/whoami-v2")).at("/auth/accessToken/role").asText())
        .isEqualTo("read");
  }

  @Test
  void invalidTokenIs401WithHubMessage() {
    HubHttp bad = new HubHttp(HUB.hub()).as("hf_not_a_real_token");
    HttpResponse<byte[]> r = bad.get("/api/whoami-v2");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("X-Error-Message"))
        .contains("Invalid credentials in Authorization header");
    assertThat(json(r).get("error").asText())
        .isEqualTo("Invalid credentials in Authorization header");
    assertThat(bad.get("/api/datasets/dev/whatever").statusCode()).isEqualTo(401);
  }
}
