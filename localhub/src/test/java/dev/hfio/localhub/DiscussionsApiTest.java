package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Discussions and pull requests with the Hub's shapes and permissions: list (paged, filtered),
 * details with events and diff, comments, status and title changes, comment edit/hide, merge; who
 * may do what.
 */
class DiscussionsApiTest {
  static final String ALICE = "hf_alice_write_discussions_xxxxxxxxx";
  static final String BOB = "hf_bob_write_discussions_xxxxxxxxxxx";
  static final String CAROL = "hf_carol_read_discussions_xxxxxxxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.user("alice", ALICE, Role.WRITE)
                  .user("bob", BOB, Role.WRITE)
                  .user("carol", CAROL, Role.READ)
                  // the flood case has bob send 1,000+ discussion events within seconds: more than
                  // the free plan's 1,000 api
                  // requests per 300 s, so bob gets an explicit larger plan (everyone else stays on
                  // the free plan)
                  .rateLimitPlan("bob", RateLimitPlan.of(5_000, 5_000, 200)));

  static HubHttp as(String token) {
    return new HubHttp(HUB.hub().url(), token);
  }

  static String repo(String name) {
    HubHttp alice = as(ALICE);
    HttpResponse<byte[]> r =
        alice.postJson("/api/repos/create", Map.of("name", name, "type", "dataset"));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return "alice/" + name;
  }

  static JsonNode ok(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return json(r);
  }

  static void fails(HttpResponse<byte[]> r, int status, String code) {
    assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
    assertThat(code(r)).as(text(r)).isEqualTo(code);
    String all = text(r) + r.headers().map();
    assertThat(all)
        .doesNotContain(
            ALICE,
            BOB,
            CAROL,
            "Exception",
            "java.",
            "\tat ",
            HUB.hub().dataDir().toAbsolutePath().toString());
  }

  static String meta(String id) throws Exception {
    return Files.readString(
        HUB.hub().dataDir().resolve("repos/datasets/" + id + ".git/localhub.json"));
  }

  @Test
  void anyWriterOpensDiscussionsAndPrsOnAPublicRepoAndTheListPagesLikeTheHub() throws Exception {
    String id = repo("list");
    String api = "/api/datasets/" + id + "/discussions";
    // bob (not the owner) opens a discussion and a PR: allowed on the Hub
    JsonNode d1 = ok(as(BOB).postJson(api, Map.of("title", "Question", "description", "how?")));
    assertThat(d1.get("num").asInt()).isEqualTo(1);
    assertThat(d1.at("/author/name").asText()).isEqualTo("bob");
    assertThat(d1.at("/repo/name").asText()).isEqualTo(id);
    assertThat(d1.at("/repo/type").asText()).isEqualTo("dataset");
    assertThat(d1.at("/events/0/type").asText()).isEqualTo("comment");
    assertThat(d1.at("/events/0/data/latest/raw").asText()).isEqualTo("how?");
    JsonNode pr = ok(as(BOB).postJson(api, Map.of("title", "Fix", "pullRequest", true)));
    assertThat(pr.get("isPullRequest").asBoolean()).isTrue();
    assertThat(as(BOB).get("/api/datasets/" + id + "/revision/refs%2Fpr%2F2").statusCode())
        .isEqualTo(200);
    // a read token or no token cannot open one
    fails(as(CAROL).postJson(api, Map.of("title", "no")), 403, "Forbidden");
    fails(as(null).postJson(api, Map.of("title", "no")), 401, "Unauthorized");
    for (int i = 3; i <= 60; i++) {
      ok(as(ALICE).postJson(api, Map.of("title", "t" + i)));
    }
    ok(as(ALICE).postJson(api + "/3/status", Map.of("status", "closed")));
    JsonNode p0 = ok(as(null).get(api));
    assertThat(p0.get("count").asInt()).isEqualTo(60);
    assertThat(p0.get("start").asInt()).isZero();
    assertThat(p0.get("numClosedDiscussions").asInt()).isEqualTo(1);
    assertThat(p0.get("discussions")).hasSize(50);
    assertThat(p0.at("/discussions/0/num").asInt()).isEqualTo(60); // newest first
    JsonNode p1 = ok(as(null).get(api + "?p=1"));
    assertThat(p1.get("start").asInt()).isEqualTo(50);
    assertThat(p1.get("discussions")).hasSize(10);
    // huggingface_hub's loop: start + len(page) < count -> next page; it stops after page 1
    assertThat(p1.get("start").asInt() + p1.get("discussions").size())
        .isEqualTo(p1.get("count").asInt());
    JsonNode prs = ok(as(null).get(api + "?type=pull_request"));
    assertThat(prs.get("count").asInt()).isEqualTo(1);
    assertThat(prs.at("/discussions/0/num").asInt()).isEqualTo(2);
    assertThat(ok(as(null).get(api + "?type=discussion&status=closed")).get("count").asInt())
        .isEqualTo(1);
    assertThat(ok(as(null).get(api + "?author=bob")).get("count").asInt()).isEqualTo(2);
    assertThat(ok(as(null).get(api + "?status=open&author=alice")).get("count").asInt())
        .isEqualTo(57);
    for (String bad : List.of("?p=-1", "?p=x", "?type=issue", "?status=merged", "?p=99999999")) {
      fails(as(null).get(api + bad), 400, "BadRequest");
    }
  }

  @Test
  void commentStatusTitleEditHideAndMergeWithTheHubsPermissionsAndShapes() throws Exception {
    String id = repo("flow");
    HubHttp alice = as(ALICE);
    HubHttp bob = as(BOB);
    String api = "/api/datasets/" + id + "/discussions";
    alice.commitOk(id, new HubHttp.Ndjson("base", null).file("a.txt", "one\n"));
    JsonNode pr =
        ok(
            bob.postJson(
                api, Map.of("title", "Change a", "description", "please", "pullRequest", true)));
    int n = pr.get("num").asInt();
    // the commit route still needs write access to the repo (see the report): alice commits to the
    // PR ref
    ok(
        alice.post(
            "/api/datasets/" + id + "/commit/refs%2Fpr%2F" + n,
            "application/x-ndjson",
            new HubHttp.Ndjson("edit a", null).file("a.txt", "two\n").bytes()));
    JsonNode c = ok(bob.postJson(api + "/" + n + "/comment", Map.of("comment", "ping <b>")));
    JsonNode msg = c.get("newMessage");
    assertThat(msg.get("id").asText()).matches("[0-9a-f]{24}");
    assertThat(msg.get("type").asText()).isEqualTo("comment");
    assertThat(msg.at("/data/latest/raw").asText()).isEqualTo("ping <b>");
    assertThat(msg.at("/data/latest/html").asText()).doesNotContain("<b>");
    assertThat(msg.at("/data/hidden").asBoolean()).isFalse();
    assertThat(msg.at("/data/edited").asBoolean()).isFalse();
    String commentId = msg.get("id").asText();
    // carol (read token) cannot comment; alice edits nothing of bob's
    fails(as(CAROL).postJson(api + "/" + n + "/comment", Map.of("comment", "x")), 403, "Forbidden");
    fails(
        alice.postJson(
            api + "/" + n + "/comment/" + commentId + "/edit", Map.of("content", "mine")),
        403,
        "Forbidden");
    JsonNode edited =
        ok(bob.postJson(
                api + "/" + n + "/comment/" + commentId.toUpperCase() + "/edit",
                Map.of("content", "ping again")))
            .get("updatedComment");
    assertThat(edited.at("/data/edited").asBoolean()).isTrue();
    assertThat(edited.at("/data/latest/raw").asText()).isEqualTo("ping again");
    fails(
        bob.postJson(
            api + "/" + n + "/comment/" + "0".repeat(24) + "/edit", Map.of("content", "x")),
        404,
        "CommentNotFound");
    fails(
        bob.postJson(api + "/" + n + "/comment/../edit", Map.of("content", "x")),
        404,
        "CommentNotFound");
    // hiding needs write access to the repo
    fails(
        bob.post(
            api + "/" + n + "/comment/" + commentId + "/hide", "application/json", new byte[0]),
        403,
        "Forbidden");
    JsonNode hidden =
        ok(alice.post(
                api + "/" + n + "/comment/" + commentId + "/hide", "application/json", new byte[0]))
            .get("updatedComment");
    assertThat(hidden.at("/data/hidden").asBoolean()).isTrue();
    assertThat(hidden.at("/data/latest/raw").asText()).doesNotContain("ping");
    // the author renames his own PR; carol cannot; a bad title changes nothing
    JsonNode t =
        ok(bob.postJson(api + "/" + n + "/title", Map.of("title", "Change a.txt"))).get("newTitle");
    assertThat(t.at("/data/from").asText()).isEqualTo("Change a");
    assertThat(t.at("/data/to").asText()).isEqualTo("Change a.txt");
    String before = meta(id);
    fails(
        bob.postJson(api + "/" + n + "/title", Map.of("title", "x".repeat(201))),
        400,
        "BadRequest");
    fails(bob.postJson(api + "/" + n + "/title", Map.of("title", "a\u0000b")), 400, "BadRequest");
    fails(bob.postJson(api + "/" + n + "/status", Map.of("status", "merged")), 400, "BadRequest");
    fails(bob.postJson(api + "/" + n + "/merge", Map.of()), 403, "Forbidden");
    fails(bob.postJson(api + "/99/comment", Map.of("comment", "x")), 404, "DiscussionNotFound");
    assertThat(meta(id)).isEqualTo(before);
    // details: events in order, commit event from the PR ref, diff on request
    JsonNode det = ok(as(null).get(api + "/" + n + "?diff=1"));
    List<String> types = new ArrayList<>();
    det.get("events").forEach(e -> types.add(e.get("type").asText()));
    assertThat(types).containsExactly("comment", "commit", "comment", "title-change");
    assertThat(det.at("/events/1/data/subject").asText()).isEqualTo("edit a");
    assertThat(det.at("/changes/base").asText()).isEqualTo("refs/heads/main");
    assertThat(det.get("filesWithConflicts").isArray()).isTrue();
    assertThat(det.get("diff").asText()).contains("a/a.txt", "-one", "+two");
    assertThat(ok(as(null).get(api + "/" + n)).has("diff")).isFalse();
    // the author closes his PR: its ref stays readable and it cannot be merged; he reopens it
    JsonNode closed =
        ok(bob.postJson(api + "/" + n + "/status", Map.of("status", "closed", "comment", "later")))
            .get("newStatus");
    assertThat(closed.get("type").asText()).isEqualTo("status-change");
    assertThat(closed.at("/data/status").asText()).isEqualTo("closed");
    assertThat(
            as(null).get("/datasets/" + id + "/resolve/refs%2Fpr%2F" + n + "/a.txt").statusCode())
        .isEqualTo(200);
    String head = alice.headSha(id);
    fails(alice.postJson(api + "/" + n + "/merge", Map.of()), 400, "PullRequestNotOpen");
    assertThat(alice.headSha(id)).isEqualTo(head);
    ok(bob.postJson(api + "/" + n + "/status", Map.of("status", "open")));
    JsonNode merged = ok(alice.postJson(api + "/" + n + "/merge", Map.of("comment", "thanks")));
    assertThat(merged.get("status").asText()).isEqualTo("merged");
    assertThat(text(as(null).get("/datasets/" + id + "/resolve/main/a.txt"))).isEqualTo("two\n");
    fails(bob.postJson(api + "/" + n + "/status", Map.of("status", "closed")), 400, "BadRequest");
    JsonNode after = ok(as(null).get(api + "/" + n));
    assertThat(after.at("/changes/mergeCommitId").asText()).isEqualTo(alice.headSha(id));
    // bob's discussion of someone else: he cannot close alice's
    int other = ok(alice.postJson(api, Map.of("title", "Owner's note"))).get("num").asInt();
    fails(
        bob.postJson(api + "/" + other + "/status", Map.of("status", "closed")), 403, "Forbidden");
    fails(
        bob.postJson(api + "/" + other + "/title", Map.of("title", "mine now")), 403, "Forbidden");
    ok(alice.postJson(api + "/" + other + "/status", Map.of("status", "closed")));
  }

  @Test
  void aPrAuthorCommitsToHisOwnOpenPrOnlyAndAnyWriterMayUseCreatePr() throws Exception {
    String id = repo("contrib");
    HubHttp alice = as(ALICE);
    HubHttp bob = as(BOB);
    String api = "/api/datasets/" + id + "/discussions";
    String main = alice.headSha(id);
    // create_pr=1 by a non-owner: opens a PR, main untouched
    HttpResponse<byte[]> c =
        bob.post(
            "/api/datasets/" + id + "/commit/main?create_pr=1",
            "application/x-ndjson",
            new HubHttp.Ndjson("bob's idea", null).file("idea.txt", "1").bytes());
    assertThat(c.statusCode()).as(text(c)).isEqualTo(200);
    assertThat(json(c).get("pullRequestUrl").asText()).endsWith("/discussions/1");
    assertThat(alice.headSha(id)).isEqualTo(main);
    // bob pushes more to his own open PR
    ok(
        bob.post(
            "/api/datasets/" + id + "/commit/refs%2Fpr%2F1",
            "application/x-ndjson",
            new HubHttp.Ndjson("more", null).file("idea2.txt", "2").bytes()));
    // ... but not to main, not to alice's PR, not to his PR once closed, and never with a read
    // token
    int alicePr =
        ok(alice.postJson(api, Map.of("title", "alice's", "pullRequest", true))).get("num").asInt();
    String before = alice.headSha(id, "refs%2Fpr%2F" + alicePr);
    fails(bob.commit(id, "main", new HubHttp.Ndjson("x", null).file("x", "x")), 403, "Forbidden");
    fails(
        bob.commit(id, "refs%2Fpr%2F" + alicePr, new HubHttp.Ndjson("x", null).file("x", "x")),
        403,
        "Forbidden");
    fails(
        bob.commit(id, "refs%2Fpr%2F99", new HubHttp.Ndjson("x", null).file("x", "x")),
        403,
        "Forbidden");
    fails(
        as(CAROL)
            .post(
                "/api/datasets/" + id + "/commit/main?create_pr=1",
                "application/x-ndjson",
                new HubHttp.Ndjson("x", null).file("x", "x").bytes()),
        403,
        "Forbidden");
    ok(bob.postJson(api + "/1/status", Map.of("status", "closed")));
    String closedHead = alice.headSha(id, "refs%2Fpr%2F1");
    fails(
        bob.commit(id, "refs%2Fpr%2F1", new HubHttp.Ndjson("x", null).file("x", "x")),
        403,
        "Forbidden");
    assertThat(alice.headSha(id)).isEqualTo(main);
    assertThat(alice.headSha(id, "refs%2Fpr%2F" + alicePr)).isEqualTo(before);
    assertThat(alice.headSha(id, "refs%2Fpr%2F1")).isEqualTo(closedHead);
    // bob cannot merge his own PR; alice can once it is reopened
    ok(bob.postJson(api + "/1/status", Map.of("status", "open")));
    fails(bob.postJson(api + "/1/merge", Map.of()), 403, "Forbidden");
    ok(alice.postJson(api + "/1/merge", Map.of()));
    assertThat(text(alice.get("/datasets/" + id + "/resolve/main/idea2.txt"))).isEqualTo("2");
  }

  @Test
  void theDiffOfAPrWithLargeManyLineFilesIsBoundedAndFast() {
    String id = repo("bigdiff");
    HubHttp alice = as(ALICE);
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0;
        i < 600_000;
        i++) { // ~9 MiB each, every line different: a worst case for a line diff
      a.append(i).append('\n');
      b.append(i * 7 + 3).append('\n');
    }
    // plus many files just under the line-diff size bound, every line changed
    StringBuilder sa = new StringBuilder();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 9_000; i++) {
      sa.append(i % 97).append('\n');
      sb.append(i % 89).append('\n');
    }
    HubHttp.Ndjson base = new HubHttp.Ndjson("base", null).file("big.txt", a.toString());
    HubHttp.Ndjson change =
        new HubHttp.Ndjson("rewrite", null).file("big.txt", b.toString()).file("small.txt", "s\n");
    for (int f = 0; f < 40; f++) {
      base.file("m/f" + f + ".txt", sa.toString());
      change.file("m/f" + f + ".txt", sb.toString());
    }
    alice.commitOk(id, base);
    HttpResponse<byte[]> c =
        alice.post(
            "/api/datasets/" + id + "/commit/main?create_pr=1",
            "application/x-ndjson",
            change.bytes());
    assertThat(c.statusCode()).as(text(c)).isEqualTo(200);
    long t0 = System.nanoTime();
    JsonNode det = ok(as(null).get("/api/datasets/" + id + "/discussions/1?diff=1"));
    assertThat(System.nanoTime() - t0).isLessThan(8_000_000_000L);
    String diff = det.get("diff").asText();
    assertThat(diff).contains("Binary files differ", "diff --git a/m/f0.txt");
    assertThat(diff.length()).isLessThan((1 << 20) + 200);
  }

  @Test
  void hostileDiscussionInputIsRefusedAndBounded() throws Exception {
    String id = repo("hostile");
    String api = "/api/datasets/" + id + "/discussions";
    HubHttp bob = as(BOB);
    int n = ok(bob.postJson(api, Map.of("title", "t"))).get("num").asInt();
    String before = meta(id);
    fails(bob.postJson(api, Map.of("title", "   ")), 400, "BadRequest");
    fails(bob.postJson(api, Map.of("title", List.of("x"))), 400, "BadRequest");
    fails(
        bob.postJson(api + "/" + n + "/comment", Map.of("comment", "x".repeat(65_537))),
        400,
        "BadRequest");
    fails(bob.postJson(api + "/" + n + "/comment", Map.of("comment", " ")), 400, "BadRequest");
    fails(bob.postJson(api + "/" + n + "/comment", Map.of("comment", 5)), 400, "BadRequest");
    fails(
        bob.post(
            api + "/" + n + "/comment",
            "application/json",
            "{\"comment\":".getBytes(StandardCharsets.UTF_8)),
        400,
        "BadRequest");
    fails(bob.postJson(api + "/abc/comment", Map.of("comment", "x")), 400, "BadRequest");
    fails(bob.postJson(api + "/99999999999/comment", Map.of("comment", "x")), 400, "BadRequest");
    assertThat(meta(id)).isEqualTo(before);
    // a discussion holds at most 1,000 events: the 1,001st is refused and nothing is stored
    long t0 = System.nanoTime();
    for (int i = 1; i < 1000; i++) {
      ok(bob.postJson(api + "/" + n + "/comment", Map.of("comment", "c" + i)));
    }
    String full = meta(id);
    fails(
        bob.postJson(api + "/" + n + "/comment", Map.of("comment", "one too many")),
        403,
        "DiscussionLimitReached");
    assertThat(meta(id)).isEqualTo(full);
    assertThat(System.nanoTime() - t0).isLessThan(25_000_000_000L);
  }
}
