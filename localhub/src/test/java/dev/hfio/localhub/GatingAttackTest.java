package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.AttackHttp.Answer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input to the gating endpoints: malformed and oversized access-request bodies, user names
 * that are paths or control characters, bob trying to ungate, grant himself access or flood the
 * request list, and a private gated repo probed through every gating route. Each answer has the
 * exact status and code, echoes nothing, and changes nothing.
 */
class GatingAttackTest {
  static final String ALICE = "hf_alice_gating_attack_token_xxxxxx";
  static final String BOB = "hf_bob_gating_attack_token_xxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.user("alice", ALICE, Role.WRITE)
                  .user("bob", BOB, Role.WRITE)
                  // bob floods ask-access (a web form: the 'pages' bucket, 200 per 300 s on the
                  // free plan) 200 times and then
                  // probes every gating route: he gets an explicit larger plan so the flood is
                  // answered by the gating rules
                  .rateLimitPlan("bob", RateLimitPlan.of(2_000, 2_000, 2_000)));

  static AttackHttp at;
  static final String PUB = "/api/datasets/alice/gated";
  static final String PRIV = "/api/datasets/alice/gatedpriv";

  @BeforeAll
  static void fixture() {
    at = new AttackHttp(HUB.hub());
    at.forbidden.addAll(List.of(ALICE, BOB));
    HubHttp alice = new HubHttp(HUB.hub().url(), ALICE);
    for (String name : List.of("gated", "gatedpriv")) {
      assertThat(
              alice
                  .postJson(
                      "/api/repos/create",
                      java.util.Map.of(
                          "name", name, "type", "dataset", "private", name.endsWith("priv")))
                  .statusCode())
          .isEqualTo(200);
      alice.commitOk("alice/" + name, new HubHttp.Ndjson("x", null).file("a.txt", "A"));
      assertThat(
              at.raw(
                      "PUT",
                      "/api/datasets/alice/" + name + "/settings",
                      ALICE,
                      "application/json",
                      "{\"gated\":\"manual\"}")
                  .status())
          .isEqualTo(200);
    }
    assertThat(at.raw("POST", "/datasets/alice/gated/ask-access", BOB, null, null).status())
        .isEqualTo(200);
  }

  /** Everything an attacker could change: gating, the request lists, bob's access. */
  static String state() {
    StringBuilder sb = new StringBuilder();
    for (String repo : List.of(PUB, PRIV)) {
      sb.append(
          at.raw("GET", repo, ALICE, null, null)
              .body()
              .replaceAll("\"lastModified\":\"[^\"]*\"", ""));
      for (String s : List.of("pending", "accepted", "rejected")) {
        sb.append(at.raw("GET", repo + "/user-access-request/" + s, ALICE, null, null).body());
      }
    }
    sb.append(at.raw("GET", "/datasets/alice/gated/resolve/main/a.txt", BOB, null, null).status());
    return sb.toString();
  }

  @Test
  void malformedAccessRequestBodies() {
    String before = state();
    String handle = PUB + "/user-access-request/handle";
    String grant = PUB + "/user-access-request/grant";
    record Case(String url, String body, int status, String code) {}
    String longName = "b".repeat(5000);
    for (Case c :
        List.of(
            new Case(handle, "{\"user\":\"bob\",\"status\":\"ACCEPTED\"}", 400, "BadRequest"),
            new Case(handle, "{\"user\":\"bob\"}", 400, "BadRequest"),
            new Case(handle, "{\"user\":\"bob\",\"status\":[\"accepted\"]}", 400, "BadRequest"),
            new Case(handle, "{\"user\":42,\"status\":\"accepted\"}", 400, "BadRequest"),
            new Case(handle, "{\"status\":\"accepted\"}", 400, "BadRequest"),
            new Case(
                handle,
                "{\"user\":\"bob\",\"status\":\"rejected\",\"rejectionReason\":\""
                    + "r".repeat(201)
                    + "\"}",
                400,
                "BadRequest"),
            new Case(
                handle,
                "{\"user\":\"bob\",\"status\":\"accepted\",\"rejectionReason\":\"why\"}",
                400,
                "BadRequest"),
            new Case(
                handle,
                "{\"user\":\"bob\",\"status\":\"rejected\",\"rejectionReason\":{\"a\":1}}",
                400,
                "BadRequest"),
            new Case(handle, "{\"user\":\"bob\",", 400, "BadRequest"),
            new Case(handle, "[]", 400, "BadRequest"),
            new Case(
                handle,
                "{\"user\":\"../../../etc/passwd\",\"status\":\"accepted\"}",
                404,
                "UserNotFound"),
            new Case(
                handle, "{\"user\":\"bo\\u0000b\",\"status\":\"accepted\"}", 404, "UserNotFound"),
            new Case(
                handle,
                "{\"user\":\"" + longName + "\",\"status\":\"accepted\"}",
                404,
                "UserNotFound"),
            new Case(grant, "{\"user\":\"../alice\"}", 404, "UserNotFound"),
            new Case(grant, "{\"user\":\"" + longName + "\"}", 404, "UserNotFound"),
            new Case(grant, "{\"user\":\"\"}", 400, "BadRequest"),
            new Case(grant, "{\"user\":null}", 400, "BadRequest"),
            new Case(grant, "not json", 400, "BadRequest"),
            new Case(PUB + "/user-access-request/%2e%2e%2fsecret", null, 400, "BadRequest"))) {
      Answer a =
          at.raw(c.body() == null ? "GET" : "POST", c.url(), ALICE, "application/json", c.body());
      String shown = String.valueOf(c.body());
      at.assertRejected(
          a,
          c.status(),
          c.code(),
          c.url() + " " + shown.substring(0, Math.min(80, shown.length())));
      assertThat(a.all())
          .doesNotContain(
              "etc/passwd", "bbbbbbbbbb", "rrrrrrrrrr", "not json", "../alice", "secret");
    }
    assertThat(state()).isEqualTo(before);
  }

  @Test
  void bobCannotUngateGrantHimselfOrFloodTheList() {
    String before = state();
    at.assertRejected(
        at.raw("PUT", PUB + "/settings", BOB, "application/json", "{\"gated\":false}"),
        403,
        "Forbidden",
        "bob ungates");
    at.assertRejected(
        at.raw(
            "POST",
            PUB + "/user-access-request/grant",
            BOB,
            "application/json",
            "{\"user\":\"bob\"}"),
        403,
        "Forbidden",
        "bob grants himself");
    at.assertRejected(
        at.raw(
            "POST",
            PUB + "/user-access-request/handle",
            BOB,
            "application/json",
            "{\"user\":\"bob\",\"status\":\"accepted\"}"),
        403,
        "Forbidden",
        "bob accepts himself");
    at.assertRejected(
        at.raw("GET", PUB + "/user-access-request/pending", BOB, null, null),
        403,
        "Forbidden",
        "bob lists");
    // asking again and again keeps one request (the list is bounded by the hub's users)
    long t0 = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      assertThat(
              at.raw(
                      "POST",
                      "/datasets/alice/gated/ask-access",
                      BOB,
                      "application/json",
                      "{\"x\":" + i + "}")
                  .status())
          .isEqualTo(200);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).isLessThan(20_000);
    assertThat(state()).isEqualTo(before);
    String pending = at.raw("GET", PUB + "/user-access-request/pending", ALICE, null, null).body();
    assertThat(pending.split("\"user\":\\{", -1)).hasSize(2);
    // bob's gated download stays refused, with no URL to the bytes
    Answer d =
        at.raw(
            "POST",
            "/datasets/alice/gated.git/info/lfs/objects/batch",
            BOB,
            "application/vnd.git-lfs+json",
            "{\"operation\":\"download\",\"objects\":[{\"oid\":\""
                + "a".repeat(64)
                + "\",\"size\":1}]}");
    at.assertRejected(d, 403, "GatedRepo", "bob batch download");
    assertThat(d.body()).doesNotContain("lfs-download");
  }

  @Test
  void privateGatedRepoLeaksNothingThroughGatingRoutes() {
    String before = state();
    for (String[] r :
        List.of(
            new String[] {"POST", "/datasets/alice/gatedpriv/ask-access", null},
            new String[] {"GET", PRIV + "/user-access-request/pending", null},
            new String[] {
              "POST",
              PRIV + "/user-access-request/handle",
              "{\"user\":\"bob\",\"status\":\"accepted\"}"
            },
            new String[] {"POST", PRIV + "/user-access-request/grant", "{\"user\":\"bob\"}"},
            new String[] {"PUT", PRIV + "/settings", "{\"gated\":false}"})) {
      Answer bob = at.raw(r[0], r[1], BOB, "application/json", r[2]);
      Answer ghost =
          at.raw(r[0], r[1].replace("gatedpriv", "nothere"), BOB, "application/json", r[2]);
      at.assertRejected(bob, 404, "RepoNotFound", "bob " + r[1]);
      assertThat(bob.body().replace("gatedpriv", "X"))
          .isEqualTo(ghost.body().replace("nothere", "X"));
      Answer anon = at.raw(r[0], r[1], null, "application/json", r[2]);
      Answer anonGhost =
          at.raw(r[0], r[1].replace("gatedpriv", "nothere"), null, "application/json", r[2]);
      assertThat(anon.status()).as(r[1]).isEqualTo(anonGhost.status()).isIn(401);
      assertThat(anon.code()).as(r[1]).isEqualTo(anonGhost.code());
      at.assertNoLeak(anon, "anonymous " + r[1]);
    }
    assertThat(state()).isEqualTo(before);
  }
}
