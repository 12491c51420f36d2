package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.AttackHttp.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who-is-who attacks: Authorization headers that are not {@code Bearer <token>}, repo ids that
 * differ only by case (the Hub treats them as one repo), and hostile X-Request-Id values (header
 * and log injection).
 */
class IdentityAttackTest {
  static final String DEV = "hf_identity_dev_token_0123456789abcdef";
  static final String ALICE = "hf_alice_identity_write_token_xxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(b -> b.writeToken(DEV).user("alice", ALICE, Role.WRITE));

  static HubHttp dev;
  static AttackHttp at;

  @BeforeAll
  static void setUp() {
    dev = new HubHttp(HUB.hub());
    at = new AttackHttp(HUB.hub());
    at.forbidden.add(ALICE);
    dev.createDataset("casey", false);
    dev.commitOk("dev/casey", new HubHttp.Ndjson("c", null).file("c.txt", "case"));
  }

  HttpResponse<byte[]> whoami(String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(HUB.hub().url() + "/api/whoami-v2")).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return dev.send(b.build());
  }

  @Test
  void tokenWithoutBearerIsInvalidCredentials() {
    for (String h :
        new String[] {
          DEV,
          "Token " + DEV,
          "Basic " + DEV,
          "Bearer",
          "Bearer ",
          "Bearer  x",
          "BearerX" + DEV,
          "bearer" + DEV,
          DEV + " Bearer"
        }) {
      Answer a = AttackHttp.of(whoami(h));
      at.assertRejected(
          a, 401, "InvalidCredentials", "Authorization: " + h.replace(DEV, "<dev token>"));
      assertThat(a.body()).contains("Invalid credentials in Authorization header");
    }
    // the forms the clients really send keep working
    assertThat(whoami("Bearer " + DEV).statusCode()).isEqualTo(200);
    assertThat(whoami("bearer " + DEV).statusCode()).isEqualTo(200);
    // an unprefixed token must not authorise a write either
    HttpResponse<byte[]> w =
        dev.send(
            HttpRequest.newBuilder(URI.create(HUB.hub().url() + "/api/repos/create"))
                .header("Authorization", DEV)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"nobearer\",\"type\":\"dataset\"}"))
                .build());
    at.assertRejected(AttackHttp.of(w), 401, "InvalidCredentials", "create without Bearer");
    assertThat(dev.get("/api/datasets/dev/nobearer").statusCode()).isEqualTo(404);
  }

  @Test
  void repoIdsAreCaseInsensitive() {
    for (String name : new String[] {"Casey", "CASEY", "casEY"}) {
      Answer a =
          AttackHttp.of(dev.postJson("/api/repos/create", Map.of("name", name, "type", "dataset")));
      at.assertRejected(a, 409, "RepoExists", "create " + name);
    }
    HttpResponse<byte[]> up =
        dev.postJson(
            "/api/repos/create", Map.of("name", "casey", "organization", "DEV", "type", "dataset"));
    assertThat(up.statusCode()).isEqualTo(409);
    for (String id : new String[] {"dev/CASEY", "DEV/casey", "Dev/Casey"}) {
      HttpResponse<byte[]> r = dev.get("/api/datasets/" + id);
      assertThat(r.statusCode()).as(id).isEqualTo(200);
      assertThat(HubHttp.json(r).get("id").asText()).isEqualTo("dev/casey");
      assertThat(HubHttp.text(dev.get("/datasets/" + id + "/resolve/main/c.txt")))
          .isEqualTo("case");
    }
    assertThat(HubHttp.json(dev.get("/api/datasets?author=dev")).toString())
        .contains("dev/casey")
        .doesNotContain("dev/Casey", "dev/CASEY");
  }

  @Test
  void caseVariantWritesFollowTheStoredOwner() {
    HubHttp alice = dev.as(ALICE);
    assertThat(
            alice
                .postJson("/api/repos/create", Map.of("name", "mine", "type", "dataset"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            alice
                .commit("ALICE/Mine", "main", new HubHttp.Ndjson("x", null).file("a.txt", "a"))
                .statusCode())
        .isEqualTo(200);
    assertThat(HubHttp.text(dev.get("/datasets/alice/mine/resolve/main/a.txt"))).isEqualTo("a");
    HttpResponse<byte[]> other =
        new HubHttp(HUB.hub())
            .as(HUB.hub().readToken())
            .commit("ALICE/mine", "main", new HubHttp.Ndjson("x", null).file("b.txt", "b"));
    at.assertRejected(AttackHttp.of(other), 403, "Forbidden", "read token write to case variant");
  }

  @Test
  void caseVariantDeleteDeletesTheOneRepo() {
    dev.createDataset("gone", false);
    assertThat(
            dev.delete("/api/repos/delete", Map.of("name", "GONE", "type", "dataset")).statusCode())
        .isEqualTo(200);
    assertThat(dev.get("/api/datasets/dev/gone").statusCode()).isEqualTo(404);
    assertThat(
            dev.postJson("/api/repos/create", Map.of("name", "gone", "type", "dataset"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void requestIdIsEchoedOnlyWhenHarmless() {
    HttpResponse<byte[]> ok = dev.get("/api/datasets/dev/casey", "X-Request-Id", "client-req.42_A");
    assertThat(ok.headers().firstValue("X-Request-Id")).contains("client-req.42_A");
    for (String evil :
        new String[] {
          "<script>alert(1)</script>", "a b", "x".repeat(65), "id;rm -rf", "ok\u00e9", DEV
        }) {
      HttpResponse<byte[]> r = dev.get("/api/datasets/dev/casey", "X-Request-Id", evil);
      String rid = r.headers().firstValue("X-Request-Id").orElseThrow();
      assertThat(rid).as(evil).isNotEqualTo(evil).matches("[0-9a-f-]{36}");
    }
  }
}
