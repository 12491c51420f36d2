package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cross-tenant access: every route of {@code HubHandler} (and {@code /admin/*}) called by every
 * kind of actor against a public repo, a private repo and a repo that does not exist, all owned by
 * alice. One dynamic test per route x actor x repo, named after the expected answer. Denied calls
 * must change nothing (refs incl. PRs, files, {@code localhub.json}), must answer a private repo
 * exactly like a missing one, and must echo no token or internal detail. Allowed writes run against
 * throw-away targets (fresh branch, tag, PR, repo) so the fixture stays intact.
 */
class CrossTenantAttackTest {
  static final String ALICE = "hf_alice_write_cross_tenant_xxxxxxxx";
  static final String ALICE_READ = "hf_alice_read_cross_tenant_xxxxxxxxx";
  static final String BOB = "hf_bob_write_cross_tenant_xxxxxxxxxx";
  static final String CAROL = "hf_carol_read_cross_tenant_xxxxxxxxx";
  static final String INVALID = "hf_invalid_cross_tenant_xxxxxxxxxxxx";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  static final AtomicInteger SEQ = new AtomicInteger();

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.user("alice", ALICE, Role.WRITE)
                  .user("alice", ALICE_READ, Role.READ)
                  .user("bob", BOB, Role.WRITE)
                  .user("carol", CAROL, Role.READ)
                  .multipartChunkSize(1024)
                  // a scale test by design: ~750 route x actor cases, each framed by state reads
                  // with the dev token, make
                  // ~8,000 api (most by dev) and ~120 resolve requests within seconds; the free
                  // plan (1,000 api per 300 s)
                  // would answer most of them 429
                  .rateLimitPlan(RateLimitPlan.of(20_000, 20_000, 2_000))
                  .anonymousRateLimitPlan(RateLimitPlan.of(5_000, 5_000, 1_000)));

  /** Who calls. ALICE owns the repos; DEV is the super user; ADMIN holds only the admin token. */
  enum Actor {
    ALICE,
    ALICE_READ,
    BOB,
    CAROL,
    ANON,
    INVALID,
    DEV,
    ADMIN;

    String token() {
      return switch (this) {
        case ALICE -> CrossTenantAttackTest.ALICE;
        case ALICE_READ -> CrossTenantAttackTest.ALICE_READ;
        case BOB -> CrossTenantAttackTest.BOB;
        case CAROL -> CrossTenantAttackTest.CAROL;
        case ANON -> null;
        case INVALID -> CrossTenantAttackTest.INVALID;
        case DEV -> HUB.hub().writeToken();
        case ADMIN -> HUB.hub().adminToken();
      };
    }

    boolean readsPrivate() {
      return this == ALICE || this == ALICE_READ || this == DEV;
    }

    boolean writesAlice() {
      return this == ALICE || this == DEV;
    }
  }

  /** Which of alice's repos a row targets: public, private, or one that does not exist. */
  enum Vis {
    PUB("pub"),
    PRIV("priv"),
    GHOST("ghost");

    final String name;

    Vis(String name) {
      this.name = name;
    }

    String id() {
      return "alice/" + name;
    }
  }

  /**
   * What a route needs: read access to the repo, write access to it, or (PARTICIPATE: open
   * discussions/PRs, comment) read access plus any authenticated write-role token, as on the Hub.
   */
  enum Access {
    READ,
    WRITE,
    PARTICIPATE
  }

  record Outcome(int status, String code) {
    static final Outcome OK = new Outcome(200, null);

    @Override
    public String toString() {
      return status + (code == null ? "" : " " + code);
    }
  }

  /** The access rules of README "Users, tokens, permissions" as one function. */
  static Outcome expected(Access a, Actor who, Vis v) {
    if (who == Actor.INVALID || who == Actor.ADMIN) {
      return new Outcome(401, "InvalidCredentials");
    }
    if (v == Vis.GHOST || v == Vis.PRIV && !who.readsPrivate()) {
      // as the Hub: 401 for anonymous callers, 404 for authenticated ones (issue 11)
      return new Outcome(who == Actor.ANON ? 401 : 404, "RepoNotFound");
    }
    if (a == Access.READ) {
      return Outcome.OK;
    }
    if (who == Actor.ANON) {
      return new Outcome(401, "Unauthorized");
    }
    if (a == Access.PARTICIPATE) {
      return who == Actor.ALICE_READ || who == Actor.CAROL
          ? new Outcome(403, "Forbidden")
          : Outcome.OK;
    }
    return who.writesAlice() ? Outcome.OK : new Outcome(403, "Forbidden");
  }

  /** Sends one request for a row; {@code allowed} says whether to aim at a throw-away target. */
  interface Call {
    HttpResponse<byte[]> send(Vis v, String token, boolean allowed) throws Exception;
  }

  record Row(String route, Access access, Call call) {}

  // ------------------------------------------------------------------ fixture

  static final byte[] LFS_BYTES =
      "pretend this is a large binary file\0\1\2".getBytes(StandardCharsets.UTF_8);
  static final String LFS_OID = sha256(LFS_BYTES);

  /**
   * The first commit of each fixture repo (repos created in the same second may share it, or not).
   */
  static final java.util.Map<Vis, String> INITIAL = new java.util.EnumMap<>(Vis.class);

  @BeforeAll
  static void fixture() throws Exception {
    for (Vis v : List.of(Vis.PUB, Vis.PRIV)) {
      ok(createRepo(ALICE, v.name, v == Vis.PRIV));
      uploadLfs(ALICE, v.id(), LFS_BYTES);
      ok(
          commit(
              ALICE,
              v.id(),
              "main",
              "",
              ndjson("fixture", "data.txt", "hello").lfs("big.bin", LFS_OID, LFS_BYTES.length)));
      ok(post(ALICE, api(v.id()) + "/branch/dev", "{}"));
      ok(post(ALICE, api(v.id()) + "/tag/main", "{\"tag\":\"v1\"}"));
      ok(commit(ALICE, v.id(), "main", "?create_pr=1", ndjson("open pr", "pr.txt", "pr")));
    }
    for (Vis v : List.of(Vis.PUB, Vis.PRIV)) {
      JsonNode commits = json(send(ALICE, get(api(v.id()) + "/commits/main")));
      INITIAL.put(v, commits.get(commits.size() - 1).get("id").asText());
    }
    INITIAL.put(Vis.GHOST, INITIAL.get(Vis.PRIV));
  }

  // ------------------------------------------------------------------ the table

  static List<Row> repoRoutes() {
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row("GET /api/datasets/{id}", Access.READ, (v, t, ok) -> send(t, get(api(v.id())))));
    rows.add(
        new Row("HEAD /api/datasets/{id}", Access.READ, (v, t, ok) -> send(t, head(api(v.id())))));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/revision/dev",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/revision/dev"))));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/tree/main?recursive=1",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/tree/main?recursive=true"))));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/paths-info/main",
            Access.READ,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/paths-info/main",
                    "{\"paths\":[\"data.txt\",\"big.bin\"]}")));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/refs?include_prs=1",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/refs?include_prs=1"))));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/commits/v1",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/commits/v1"))));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/discussions/1",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/discussions/1"))));
    rows.add(
        new Row(
            "GET /datasets/{id}/resolve/main/data.txt",
            Access.READ,
            (v, t, ok) -> send(t, get("/datasets/" + v.id() + "/resolve/main/data.txt"))));
    rows.add(
        new Row(
            "HEAD /datasets/{id}/resolve/refs%2Fpr%2F1/pr.txt",
            Access.READ,
            (v, t, ok) -> send(t, head("/datasets/" + v.id() + "/resolve/refs%2Fpr%2F1/pr.txt"))));
    rows.add(
        new Row(
            "GET /datasets/{id}/resolve/v1/big.bin (LFS)",
            Access.READ,
            (v, t, ok) -> followCdn(send(t, get("/datasets/" + v.id() + "/resolve/v1/big.bin")))));
    rows.add(
        new Row(
            "GET /datasets/{id}/raw/dev/big.bin",
            Access.READ,
            (v, t, ok) -> send(t, get("/datasets/" + v.id() + "/raw/dev/big.bin"))));
    rows.add(
        new Row(
            "POST /datasets/{id}.git/info/lfs/objects/batch (download)",
            Access.READ,
            (v, t, ok) ->
                post(
                    t,
                    "/datasets/" + v.id() + ".git/info/lfs/objects/batch",
                    batch("download", LFS_OID, LFS_BYTES.length))));
    rows.add(
        new Row(
            "POST /datasets/{id}.git/info/lfs/objects/batch (upload)",
            Access.WRITE,
            (v, t, ok) -> {
              byte[] fresh =
                  ("new object " + SEQ.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
              return post(
                  t,
                  "/datasets/" + v.id() + ".git/info/lfs/objects/batch",
                  batch("upload", sha256(fresh), fresh.length));
            }));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/preupload/main",
            Access.WRITE,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/preupload/main",
                    "{\"files\":[{\"path\":\"x.bin\",\"size\":3,\"sample\":\"AAAA\"}]}")));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/commit/main",
            Access.WRITE,
            (v, t, ok) -> {
              HubHttp.Ndjson body =
                  ndjson("attack", "data.txt", "overwritten " + SEQ.incrementAndGet());
              return commit(t, v.id(), "main", "", ok ? body : body.delete("big.bin"));
            }));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/commit/refs%2Fpr%2F{n} (alice's PR; bob is no author)",
            Access.WRITE,
            (v, t, ok) ->
                commit(
                    t,
                    v.id(),
                    "refs%2Fpr%2F" + (ok ? scratchPr(v) : 1),
                    "",
                    ndjson("pr push", "p.txt", "x"))));
    // issue 11: whoever may open a PR may commit with create_pr=1, as on the Hub
    rows.add(
        new Row(
            "POST /api/datasets/{id}/commit/dev?create_pr=1",
            Access.PARTICIPATE,
            (v, t, ok) ->
                commit(t, v.id(), "dev", "?create_pr=1", ndjson("pr attack", "evil.txt", "x"))));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/branch/{b} (overwrite dev / new)",
            Access.WRITE,
            (v, t, ok) ->
                ok
                    ? post(t, api(v.id()) + "/branch/b" + SEQ.incrementAndGet(), "{}")
                    : post(
                        t,
                        api(v.id()) + "/branch/dev",
                        "{\"startingPoint\":\"" + INITIAL.get(v) + "\",\"overwrite\":true}")));
    rows.add(
        new Row(
            "DELETE /api/datasets/{id}/branch/{b}",
            Access.WRITE,
            (v, t, ok) ->
                delete(t, api(v.id()) + "/branch/" + (ok ? scratchBranch(v) : "dev"), null)));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/tag/{rev}",
            Access.WRITE,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/tag/" + INITIAL.get(v),
                    "{\"tag\":\"t" + SEQ.incrementAndGet() + "\"}")));
    rows.add(
        new Row(
            "DELETE /api/datasets/{id}/tag/{t}",
            Access.WRITE,
            (v, t, ok) -> delete(t, api(v.id()) + "/tag/" + (ok ? scratchTag(v) : "v1"), null)));
    rows.add(
        new Row(
            "PUT /api/datasets/{id}/settings (flip visibility / same)",
            Access.WRITE,
            (v, t, ok) ->
                send(
                    t,
                    HttpRequest.newBuilder(uri(api(v.id()) + "/settings"))
                        .header("Content-Type", "application/json")
                        .PUT(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"private\":" + (ok == (v == Vis.PRIV)) + "}")))));
    // issue 11: any writer who can read the repo opens discussions/PRs and comments, as on the Hub
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions (pullRequest)",
            Access.PARTICIPATE,
            (v, t, ok) ->
                post(t, api(v.id()) + "/discussions", "{\"title\":\"hi\",\"pullRequest\":true}")));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions (discussion)",
            Access.PARTICIPATE,
            (v, t, ok) ->
                post(t, api(v.id()) + "/discussions", "{\"title\":\"hi\",\"description\":\"d\"}")));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions/{n}/merge",
            Access.WRITE,
            (v, t, ok) ->
                post(t, api(v.id()) + "/discussions/" + (ok ? scratchPr(v) : 1) + "/merge", "{}")));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/discussions",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/discussions?type=all&status=all"))));
    rows.add(
        new Row(
            "GET /api/datasets/{id}/discussions/{n}?diff=1",
            Access.READ,
            (v, t, ok) -> send(t, get(api(v.id()) + "/discussions/1?diff=1"))));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions/{n}/comment",
            Access.PARTICIPATE,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/discussions/" + (ok ? scratchPr(v) : 1) + "/comment",
                    "{\"comment\":\"hello\"}")));
    // alice's PR #1: only its author or a repo writer may close/rename it (bob may not)
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions/{n}/status",
            Access.WRITE,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/discussions/" + (ok ? scratchPr(v) : 1) + "/status",
                    "{\"status\":\"closed\",\"comment\":\"bye\"}")));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions/{n}/title",
            Access.WRITE,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/discussions/" + (ok ? scratchPr(v) : 1) + "/title",
                    "{\"title\":\"renamed\"}")));
    // a comment is edited by its author only (alice's own, or the dev super user)
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions/{n}/comment/{c}/edit",
            Access.WRITE,
            (v, t, ok) -> {
              int n = ok ? ownDiscussion(v, t) : 1;
              return post(
                  t,
                  api(v.id()) + "/discussions/" + n + "/comment/" + firstComment(v, n) + "/edit",
                  "{\"content\":\"edited\"}");
            }));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/discussions/{n}/comment/{c}/hide",
            Access.WRITE,
            (v, t, ok) -> {
              int n = ok ? scratchPr(v) : 1;
              return post(
                  t,
                  api(v.id()) + "/discussions/" + n + "/comment/" + firstComment(v, n) + "/hide",
                  "{}");
            }));
    rows.add(
        new Row(
            "POST /api/datasets/{id}/super-squash/{branch}",
            Access.WRITE,
            (v, t, ok) ->
                post(
                    t,
                    api(v.id()) + "/super-squash/" + (ok ? scratchBranch(v) : "main"),
                    "{\"message\":\"squash\"}")));
    rows.add(
        new Row(
            "POST /api/repos/move",
            Access.WRITE,
            (v, t, ok) ->
                post(
                    t,
                    "/api/repos/move",
                    "{\"fromRepo\":\"alice/"
                        + (ok ? scratchRepo(v) : v.name)
                        + "\",\"toRepo\":\"alice/moved"
                        + SEQ.incrementAndGet()
                        + "\",\"type\":\"dataset\"}")));
    rows.add(
        new Row(
            "DELETE /api/repos/delete {organization: alice}",
            Access.WRITE,
            (v, t, ok) ->
                delete(
                    t,
                    "/api/repos/delete",
                    "{\"name\":\""
                        + (ok ? scratchRepo(v) : v.name)
                        + "\",\"organization\":\"alice\",\"type\":\"dataset\"}")));
    rows.add(
        new Row(
            "DELETE /api/repos/delete {name: alice/x}",
            Access.WRITE,
            (v, t, ok) ->
                delete(
                    t,
                    "/api/repos/delete",
                    "{\"name\":\"alice/"
                        + (ok ? scratchRepo(v) : v.name)
                        + "\",\"type\":\"dataset\"}")));
    return rows;
  }

  /**
   * Repo deletion names its repo in the body: without a write token it is refused before the repo
   * is looked up, so the answer is the same for every repo.
   */
  static Outcome expectedFor(Row r, Actor who, Vis v) {
    boolean bodyNamesRepo =
        r.route().startsWith("DELETE /api/repos/delete")
            || r.route().startsWith("POST /api/repos/move");
    if (bodyNamesRepo && who == Actor.ANON) {
      return new Outcome(401, "Unauthorized");
    }
    if (bodyNamesRepo && (who == Actor.CAROL || who == Actor.ALICE_READ)) {
      return new Outcome(403, "Forbidden");
    }
    return expected(r.access(), who, v);
  }

  @TestFactory
  Stream<DynamicTest> everyRepoRouteByEveryActor() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Row r : repoRoutes()) {
      for (Actor who : Actor.values()) {
        for (Vis v : Vis.values()) {
          Outcome want = expectedFor(r, who, v);
          tests.add(
              DynamicTest.dynamicTest(
                  r.route() + " | " + who + " | " + v + " -> " + want,
                  () -> runRow(r, who, v, want)));
        }
      }
    }
    return tests.stream();
  }

  static void runRow(Row r, Actor who, Vis v, Outcome want) throws Exception {
    boolean allowed = want.status() == 200;
    String before = state();
    HttpResponse<byte[]> resp = r.call().send(v, who.token(), allowed);
    String what = r.route() + " as " + who + " on " + v.id() + ": " + text(resp);
    assertThat(resp.statusCode()).as(what).isEqualTo(want.status());
    assertThat(code(resp)).as(what).isEqualTo(want.code());
    assertNoLeak(resp);
    if (!allowed) {
      assertThat(state()).as("state after " + what).isEqualTo(before);
      assertThat(text(resp)).as(what).doesNotContain("lfs-upload", "lfs-download", "lfs-verify");
      if (v == Vis.PRIV && !who.readsPrivate()) {
        // a private repo the caller cannot see answers exactly like a missing one
        HttpResponse<byte[]> ghost = r.call().send(Vis.GHOST, who.token(), false);
        assertThat(ghost.statusCode()).as(what).isEqualTo(resp.statusCode());
        assertThat(code(ghost)).as(what).isEqualTo(code(resp));
        assertThat(text(ghost).replace("alice/ghost", "alice/X").replace("ghost", "X"))
            .as(what)
            .isEqualTo(text(resp).replace("alice/priv", "alice/X").replace("priv", "X"));
        assertThat(ghost.headers().firstValue("X-Error-Message").orElse("").replace("ghost", "X"))
            .isEqualTo(
                resp.headers().firstValue("X-Error-Message").orElse("").replace("priv", "X"));
      }
    }
  }

  // ------------------------------------------------------------------ routes without a repo in the
  // path

  @TestFactory
  Stream<DynamicTest> repoCreationByEveryActor() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Actor who : Actor.values()) {
      for (Vis v : Vis.values()) {
        for (boolean orgField : new boolean[] {true, false}) {
          Outcome want =
              switch (who) {
                case INVALID, ADMIN -> new Outcome(401, "InvalidCredentials");
                case ANON -> new Outcome(401, "Unauthorized");
                case ALICE, DEV -> v == Vis.GHOST ? Outcome.OK : new Outcome(409, "RepoExists");
                default ->
                    new Outcome(
                        403, "Forbidden"); // same for existing and private names: nothing leaks
              };
          tests.add(
              DynamicTest.dynamicTest(
                  "POST /api/repos/create "
                      + (orgField ? "{organization: alice}" : "{name: alice/x}")
                      + " | "
                      + who
                      + " | "
                      + v
                      + " -> "
                      + want,
                  () -> {
                    String name = v == Vis.GHOST ? "new" + SEQ.incrementAndGet() : v.name;
                    String body =
                        orgField
                            ? "{\"name\":\""
                                + name
                                + "\",\"organization\":\"alice\",\"type\":\"dataset\",\"private\":true}"
                            : "{\"name\":\"alice/"
                                + name
                                + "\",\"type\":\"dataset\",\"private\":true}";
                    String before = state();
                    HttpResponse<byte[]> resp = post(who.token(), "/api/repos/create", body);
                    assertThat(resp.statusCode()).as(text(resp)).isEqualTo(want.status());
                    assertThat(code(resp)).as(text(resp)).isEqualTo(want.code());
                    assertNoLeak(resp);
                    if (want.status() != 200) {
                      assertThat(state()).isEqualTo(before);
                      int exists =
                          send(HUB.hub().writeToken(), get(api("alice/" + name))).statusCode();
                      assertThat(exists).isEqualTo(v == Vis.GHOST ? 404 : 200);
                    }
                  }));
        }
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> globalRoutesByEveryActor() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Actor who : Actor.values()) {
      boolean badToken = who == Actor.INVALID || who == Actor.ADMIN;
      Outcome whoami =
          badToken
              ? new Outcome(401, "InvalidCredentials")
              : who == Actor.ANON ? new Outcome(401, "Unauthorized") : Outcome.OK;
      tests.add(
          DynamicTest.dynamicTest(
              "GET /api/whoami-v2 | " + who + " -> " + whoami,
              () -> {
                HttpResponse<byte[]> r = send(who.token(), get("/api/whoami-v2"));
                check(r, whoami);
                if (whoami.status() == 200) {
                  String user =
                      switch (who) {
                        case ALICE, ALICE_READ -> "alice";
                        case BOB -> "bob";
                        case CAROL -> "carol";
                        default -> "dev";
                      };
                  assertThat(json(r).get("name").asText()).isEqualTo(user);
                }
              }));
      Outcome open = badToken ? new Outcome(401, "InvalidCredentials") : Outcome.OK;
      tests.add(
          DynamicTest.dynamicTest(
              "POST /api/validate-yaml | " + who + " -> " + open,
              () ->
                  check(
                      post(
                          who.token(),
                          "/api/validate-yaml",
                          "{\"content\":\"---\\na: 1\\n---\\n\"}"),
                      open)));
      for (String q : List.of("?author=alice", "?search=priv", "")) {
        tests.add(
            DynamicTest.dynamicTest(
                "GET /api/datasets"
                    + q
                    + " | "
                    + who
                    + " -> "
                    + open
                    + (who.readsPrivate() ? " (lists alice/priv)" : " (hides alice/priv)"),
                () -> {
                  HttpResponse<byte[]> r = send(who.token(), get("/api/datasets" + q));
                  check(r, open);
                  if (open.status() == 200) {
                    List<String> ids = new ArrayList<>();
                    json(r).forEach(n -> ids.add(n.get("id").asText()));
                    if (who.readsPrivate()) {
                      assertThat(ids).contains("alice/priv");
                    } else {
                      assertThat(ids).doesNotContain("alice/priv");
                      assertThat(text(r)).doesNotContain("priv\"");
                    }
                    if (!q.contains("priv")) {
                      assertThat(ids).contains("alice/pub");
                    }
                  }
                }));
      }
      // /admin/*: only the admin token, never a user token (not even the dev super user's)
      Outcome admin = who == Actor.ADMIN ? Outcome.OK : new Outcome(401, "Unauthorized");
      for (String[] call :
          new String[][] {
            {"GET", "/admin/counters"},
            {"POST", "/admin/counters/reset"},
            {"POST", "/admin/faults"},
            {"DELETE", "/admin/faults"}
          }) {
        tests.add(
            DynamicTest.dynamicTest(
                call[0] + " " + call[1] + " | " + who + " -> " + admin,
                () -> {
                  String body =
                      call[1].equals("/admin/faults") && call[0].equals("POST")
                          ? "{\"routeClass\":\"api\",\"kind\":\"status\",\"status\":503,\"probability\":0.0}"
                          : "{}";
                  String countersBefore =
                      text(send(HUB.hub().adminToken(), get("/admin/counters")));
                  HttpResponse<byte[]> r =
                      send(
                          who.token(),
                          HttpRequest.newBuilder(uri(call[1]))
                              .header("Content-Type", "application/json")
                              .method(call[0], HttpRequest.BodyPublishers.ofString(body)));
                  check(r, admin);
                  if (admin.status() != 200) {
                    JsonNode after = json(send(HUB.hub().adminToken(), get("/admin/counters")));
                    // a refused reset did not reset: the counters only grew (this very call adds
                    // nothing to them)
                    assertThat(after.path("api").asLong())
                        .isGreaterThanOrEqualTo(JSON.readTree(countersBefore).path("api").asLong());
                  }
                  send(
                      HUB.hub().adminToken(),
                      HttpRequest.newBuilder(uri("/admin/faults")).DELETE());
                }));
      }
    }
    return tests.stream();
  }

  /**
   * Only "Authorization: Bearer <token>" authenticates; a bare token or another scheme is invalid
   * credentials.
   */
  @Test
  void tokenWithoutBearerSchemeIsRejected() throws Exception {
    for (String header :
        List.of(
            ALICE,
            "Token " + ALICE,
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("alice:" + ALICE).getBytes(StandardCharsets.UTF_8)),
            "Bearer",
            "Bearer " + ALICE + "x")) {
      HttpResponse<byte[]> r =
          CLIENT.send(
              HttpRequest.newBuilder(uri("/api/datasets/alice/priv"))
                  .header("Authorization", header)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(header).isEqualTo(401);
      assertThat(code(r)).as(header).isEqualTo("InvalidCredentials");
      assertNoLeak(r);
      HttpResponse<byte[]> c =
          CLIENT.send(
              HttpRequest.newBuilder(uri(api("alice/pub") + "/branch/bare"))
                  .header("Authorization", header)
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(c.statusCode()).as(header).isEqualTo(401);
      HttpResponse<byte[]> a =
          CLIENT.send(
              HttpRequest.newBuilder(uri("/admin/counters"))
                  .header("Authorization", header.replace(ALICE, HUB.hub().adminToken()))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(a.statusCode()).as(header).isEqualTo(401);
      assertThat(code(a)).isEqualTo("Unauthorized");
    }
    assertThat(send(HUB.hub().writeToken(), get(api("alice/pub") + "/revision/bare")).statusCode())
        .isEqualTo(404);
    // the scheme name itself is case-insensitive (RFC 7235)
    HttpResponse<byte[]> lower =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/api/whoami-v2"))
                .header("Authorization", "bearer " + ALICE)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(lower.statusCode()).isEqualTo(200);
  }

  /**
   * LFS URLs authorise themselves (like presigned URLs): whoever holds one may use it, so each is
   * bound to one operation on one object and upload URLs die once used. A caller that may not write
   * gets no upload URL at all.
   */
  @Test
  void lfsTicketsAreBoundToTheirOperationAndNotReplayable() throws Exception {
    byte[] content = ("ticket test " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    String oid = sha256(content);
    JsonNode obj =
        json(post(
                ALICE,
                "/datasets/alice/priv.git/info/lfs/objects/batch",
                batch("upload", oid, content.length)))
            .get("objects")
            .get(0);
    String upload = obj.at("/actions/upload/href").asText();
    String verify = obj.at("/actions/verify/href").asText();
    JsonNode dl =
        json(post(
                ALICE,
                "/datasets/alice/priv.git/info/lfs/objects/batch",
                batch("download", LFS_OID, LFS_BYTES.length)))
            .get("objects")
            .get(0);
    String download = dl.at("/actions/download/href").asText();
    assertThat(upload).contains("/lfs-upload/");
    assertThat(download).contains("/lfs-download/");
    String uploadTicket = upload.substring(upload.lastIndexOf('/') + 1);
    String downloadTicket = download.substring(download.lastIndexOf('/') + 1);
    String verifyTicket = verify.substring(verify.lastIndexOf('/') + 1);
    String base = HUB.hub().url();
    // a ticket of one kind never works for another operation
    for (HttpRequest.Builder wrong :
        List.of(
            HttpRequest.newBuilder(URI.create(base + "/lfs-upload/" + downloadTicket))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(LFS_BYTES)),
            HttpRequest.newBuilder(URI.create(base + "/lfs-upload/" + verifyTicket))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
            HttpRequest.newBuilder(URI.create(base + "/lfs-download/" + uploadTicket)).GET(),
            HttpRequest.newBuilder(URI.create(base + "/lfs-download/" + verifyTicket)).GET(),
            HttpRequest.newBuilder(URI.create(base + "/lfs-verify/" + downloadTicket))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"oid\":\"" + LFS_OID + "\",\"size\":" + LFS_BYTES.length + "}")),
            HttpRequest.newBuilder(URI.create(base + "/lfs-upload/" + uploadTicket + "/1"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
            HttpRequest.newBuilder(URI.create(base + "/lfs-upload/" + uploadTicket))
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"oid\":\"" + oid + "\",\"parts\":[]}")),
            HttpRequest.newBuilder(URI.create(base + "/lfs-download/" + "0".repeat(40))).GET())) {
      HttpResponse<byte[]> r = send(BOB, wrong);
      assertThat(r.statusCode()).as(wrong.build().toString()).isEqualTo(404);
      assertThat(code(r)).isEqualTo("LfsTicketNotFound");
      assertNoLeak(r);
    }
    // the upload URL works without any token (it is the authorisation), once
    HttpResponse<byte[]> up =
        send(
            null,
            HttpRequest.newBuilder(URI.create(upload))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    assertThat(up.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> replay =
        send(
            BOB,
            HttpRequest.newBuilder(URI.create(upload))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    assertThat(replay.statusCode()).isEqualTo(404);
    assertThat(code(replay)).isEqualTo("LfsTicketNotFound");
    // multipart: part and completion URLs die with the completion
    byte[] big = new byte[2500];
    new java.util.Random(1).nextBytes(big);
    String bigOid = sha256(big);
    JsonNode mp =
        json(post(
                ALICE,
                "/datasets/alice/priv.git/info/lfs/objects/batch",
                "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],\"objects\":[{\"oid\":\""
                    + bigOid
                    + "\",\"size\":2500}]}"))
            .get("objects")
            .get(0)
            .at("/actions/upload");
    StringBuilder parts = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      HttpResponse<byte[]> p =
          send(
              null,
              HttpRequest.newBuilder(URI.create(mp.at("/header/0000" + i).asText()))
                  .PUT(
                      HttpRequest.BodyPublishers.ofByteArray(
                          big, (i - 1) * 1024, Math.min(1024, 2500 - (i - 1) * 1024))));
      assertThat(p.statusCode()).isEqualTo(200);
      parts
          .append(i == 1 ? "" : ",")
          .append("{\"partNumber\":")
          .append(i)
          .append(",\"etag\":")
          .append(JSON.writeValueAsString(p.headers().firstValue("ETag").orElseThrow()))
          .append('}');
    }
    String completion = "{\"oid\":\"" + bigOid + "\",\"parts\":[" + parts + "]}";
    HttpRequest.Builder complete =
        HttpRequest.newBuilder(URI.create(mp.get("href").asText()))
            .POST(HttpRequest.BodyPublishers.ofString(completion));
    assertThat(send(null, complete).statusCode()).isEqualTo(200);
    for (HttpRequest.Builder replayed :
        List.of(
            HttpRequest.newBuilder(URI.create(mp.get("href").asText()))
                .POST(HttpRequest.BodyPublishers.ofString(completion)),
            HttpRequest.newBuilder(URI.create(mp.at("/header/00001").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(big, 0, 1024)))) {
      HttpResponse<byte[]> r = send(BOB, replayed);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(code(r)).isEqualTo("LfsTicketNotFound");
    }
    // no write access, no upload URL: bob/carol on alice's repos, alice's own read token
    for (String[] c :
        new String[][] {
          {BOB, "alice/pub", "403"},
          {BOB, "alice/priv", "404"},
          {CAROL, "alice/pub", "403"},
          {ALICE_READ, "alice/pub", "403"},
          {ALICE_READ, "alice/priv", "403"}
        }) {
      HttpResponse<byte[]> r =
          post(
              c[0],
              "/datasets/" + c[1] + ".git/info/lfs/objects/batch",
              batch("upload", sha256(c[0].getBytes(StandardCharsets.UTF_8)), 10));
      assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(Integer.parseInt(c[2]));
      assertThat(text(r)).doesNotContain("lfs-upload", "lfs-verify");
    }
  }

  // ------------------------------------------------------------------ throw-away targets for
  // allowed writes

  static String scratchBranch(Vis v) throws Exception {
    String b = "scratch" + SEQ.incrementAndGet();
    if (v != Vis.GHOST) {
      ok(post(HUB.hub().writeToken(), api(v.id()) + "/branch/" + b, "{}"));
    }
    return b;
  }

  static String scratchTag(Vis v) throws Exception {
    String t = "scratch" + SEQ.incrementAndGet();
    if (v != Vis.GHOST) {
      ok(post(HUB.hub().writeToken(), api(v.id()) + "/tag/main", "{\"tag\":\"" + t + "\"}"));
    }
    return t;
  }

  static int scratchPr(Vis v) throws Exception {
    if (v == Vis.GHOST) {
      return 1;
    }
    return json(ok(
            post(
                HUB.hub().writeToken(),
                api(v.id()) + "/discussions",
                "{\"title\":\"scratch\",\"pullRequest\":true}")))
        .get("num")
        .asInt();
  }

  /**
   * A fresh discussion opened with the caller's own token (so its first comment is the caller's).
   */
  static int ownDiscussion(Vis v, String token) throws Exception {
    if (v == Vis.GHOST) {
      return 1;
    }
    return json(ok(
            post(token, api(v.id()) + "/discussions", "{\"title\":\"own\",\"description\":\"d\"}")))
        .get("num")
        .asInt();
  }

  /** The id of discussion n's opening comment (a dummy id for the missing repo). */
  static String firstComment(Vis v, int n) throws Exception {
    if (v == Vis.GHOST) {
      return "0".repeat(24);
    }
    return json(ok(send(HUB.hub().writeToken(), get(api(v.id()) + "/discussions/" + n))))
        .at("/events/0/id")
        .asText();
  }

  static String scratchRepo(Vis v) throws Exception {
    String name = "scratch" + SEQ.incrementAndGet();
    if (v != Vis.GHOST) {
      ok(
          post(
              HUB.hub().writeToken(),
              "/api/repos/create",
              "{\"name\":\""
                  + name
                  + "\",\"organization\":\"alice\",\"type\":\"dataset\",\"private\":"
                  + (v == Vis.PRIV)
                  + "}"));
    } else {
      name = "ghost";
    }
    return name;
  }

  // ------------------------------------------------------------------ state and leak checks

  /**
   * Everything a denied call must leave alone: refs (with PRs), files and metadata of both fixture
   * repos.
   */
  static String state() throws Exception {
    StringBuilder sb = new StringBuilder();
    String dev = HUB.hub().writeToken();
    for (Vis v : List.of(Vis.PUB, Vis.PRIV)) {
      sb.append(text(send(dev, get(api(v.id()) + "/refs?include_prs=1")))).append('\n');
      sb.append(text(send(dev, get(api(v.id()) + "/tree/main?recursive=true")))).append('\n');
      sb.append(text(send(dev, get(api(v.id()) + "/tree/dev?recursive=true")))).append('\n');
      Path meta =
          HUB.hub().dataDir().resolve("repos/datasets/alice/" + v.name + ".git/localhub.json");
      sb.append(Files.readString(meta)).append('\n');
    }
    sb.append(send(dev, get(api(Vis.GHOST.id()))).statusCode());
    return sb.toString();
  }

  static void check(HttpResponse<byte[]> r, Outcome want) {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(want.status());
    assertThat(code(r)).as(text(r)).isEqualTo(want.code());
    assertNoLeak(r);
  }

  /** No token, no internal error text, no server path in the body or any header. */
  static void assertNoLeak(HttpResponse<byte[]> r) {
    Leaks.assertNone(r, HUB.hub(), "response", ALICE, ALICE_READ, BOB, CAROL, INVALID);
  }

  // ------------------------------------------------------------------ tiny HTTP client

  static String api(String id) {
    return "/api/datasets/" + id;
  }

  static URI uri(String path) {
    return URI.create(HUB.hub().url() + path);
  }

  static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(uri(path)).GET();
  }

  static HttpRequest.Builder head(String path) {
    return HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody());
  }

  /**
   * CDN mode: a 302 from /resolve is followed to the CDN origin as clients do, without any token.
   */
  static HttpResponse<byte[]> followCdn(HttpResponse<byte[]> r)
      throws IOException, InterruptedException {
    return r.statusCode() != 302
        ? r
        : send(
            null,
            HttpRequest.newBuilder(URI.create(r.headers().firstValue("Location").orElseThrow()))
                .GET());
  }

  static HttpResponse<byte[]> send(String token, HttpRequest.Builder b)
      throws IOException, InterruptedException {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(
        b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> post(String token, String path, String json) throws Exception {
    String ct = path.endsWith("/batch") ? "application/vnd.git-lfs+json" : "application/json";
    return send(
        token,
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", ct)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static HttpResponse<byte[]> delete(String token, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (json == null) {
      b.DELETE();
    } else {
      b.header("Content-Type", "application/json")
          .method("DELETE", HttpRequest.BodyPublishers.ofString(json));
    }
    return send(token, b);
  }

  static HttpResponse<byte[]> createRepo(String token, String name, boolean priv) throws Exception {
    return post(
        token,
        "/api/repos/create",
        "{\"name\":\"" + name + "\",\"type\":\"dataset\",\"private\":" + priv + "}");
  }

  static HttpResponse<byte[]> commit(
      String token, String id, String rev, String query, HubHttp.Ndjson body) throws Exception {
    return send(
        token,
        HttpRequest.newBuilder(uri(api(id) + "/commit/" + rev + query))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())));
  }

  static HubHttp.Ndjson ndjson(String summary, String path, String content) {
    return new HubHttp.Ndjson(summary, null).file(path, content);
  }

  static String batch(String op, String oid, long size) {
    return "{\"operation\":\""
        + op
        + "\",\"transfers\":[\"basic\"],\"hash_algo\":\"sha256\",\"objects\":[{\"oid\":\""
        + oid
        + "\",\"size\":"
        + size
        + "}]}";
  }

  static void uploadLfs(String token, String id, byte[] content) throws Exception {
    JsonNode o =
        json(ok(
                post(
                    token,
                    "/datasets/" + id + ".git/info/lfs/objects/batch",
                    batch("upload", sha256(content), content.length))))
            .get("objects")
            .get(0);
    if (o.has("actions")) {
      ok(
          send(
              null,
              HttpRequest.newBuilder(URI.create(o.at("/actions/upload/href").asText()))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(content))));
    }
  }

  static HttpResponse<byte[]> ok(HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw new AssertionError("fixture call failed: " + r.statusCode() + " " + text(r));
    }
    return r;
  }

  static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String code(HttpResponse<byte[]> r) {
    return r.headers().firstValue("X-Error-Code").orElse(null);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
