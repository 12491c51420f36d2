package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.AttackHttp.Answer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Path traversal and hostile names through every parameter of every route: revisions, branch/tag
 * names, body fields, repo id segments, discussion numbers, LFS ticket ids and part numbers. Each
 * answer must be the exact 4xx, leak no file content, token, server path or exception text, and
 * leave every repo's refs as they were.
 */
class TraversalAttackTest {
  static final String DEV = "hf_traversal_dev_token_0123456789abcdef";
  static final String ALICE = "hf_alice_traversal_write_token_xxxxxxx";
  static final String MALLORY = "hf_mallory_traversal_write_token_xxxxx";

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.writeToken(DEV)
                  .multipartChunkSize(5)
                  .user("alice", ALICE, Role.WRITE)
                  .user("mallory", MALLORY, Role.WRITE));

  static HubHttp dev;
  static HubHttp alice;
  static HubHttp mallory;
  static AttackHttp at;
  static String state;

  /**
   * {@code refs/heads/} plus this reaches {@code dataDir/repos/datasets/} from any dataset repo.
   */
  static final String UP4 = "..%2F..%2F..%2F..%2F";

  /** Enough {@code ..} to reach the filesystem root from the ref directory. */
  static final String TO_ROOT = "..%2F".repeat(24);

  static final List<String> HOSTILE_REVS =
      List.of(
          TO_ROOT + "proc%2Fself%2Fcmdline",
          TO_ROOT + "proc%2Fself%2Fenviron",
          TO_ROOT + "etc%2Fpasswd",
          UP4 + "alice%2Fsecret.git%2Frefs%2Fheads%2Ffeature",
          UP4 + "alice%2Fsecret.git%2Frefs%2Fpr%2F1",
          "refs%2Fheads%2F" + UP4 + "alice%2Fsecret.git%2Frefs%2Fheads%2Fmain",
          "refs%2Fpr%2F..%2F..%2F..%2F..%2F..%2Falice%2Fsecret.git%2Frefs%2Fheads%2Fmain",
          "refs%2Fconvert%2F..%2F..%2F..%2F..%2F..%2Falice%2Fsecret.git%2Frefs%2Fheads%2Fmain",
          "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2falice%2fsecret.git%2frefs%2fheads%2ffeature",
          "..%252F..%252F..%252F..%252Falice%252Fsecret.git%252Frefs%252Fheads%252Ffeature",
          "..%5C..%5C..%5Cetc%5Cpasswd",
          "main%40%7B0%7D",
          "main%00",
          "main%0D%0AX-Injected%3A%20yes",
          ".git",
          "..",
          "HEAD%2F..%2F..%2Fconfig",
          "config",
          "refs%2Fheads%2Fmain.lock",
          "refs%2Fheads%2F%2Fmain",
          "main%2F",
          "%EF%BD%8D%EF%BD%81%EF%BD%89%EF%BD%8E",
          "%E2%80%AEniam",
          "x".repeat(300));

  @BeforeAll
  static void setUp() {
    dev = new HubHttp(HUB.hub());
    alice = dev.as(ALICE);
    mallory = dev.as(MALLORY);
    at = new AttackHttp(HUB.hub());
    dev.createDataset("pub", false);
    dev.commitOk("dev/pub", new HubHttp.Ndjson("a", null).file("a.txt", "public"));
    ok(
        alice.postJson(
            "/api/repos/create", Map.of("name", "secret", "type", "dataset", "private", true)));
    ok(
        alice.commit(
            "alice/secret",
            "main",
            new HubHttp.Ndjson("s", null).file("secret.txt", "TOPSECRET-CONTENT")));
    ok(alice.postJson("/api/datasets/alice/secret/branch/feature", Map.of()));
    ok(alice.postJson("/api/datasets/alice/secret/tag/main", Map.of("tag", "v1")));
    ok(
        alice.postJson(
            "/api/datasets/alice/secret/discussions", Map.of("title", "pr", "pullRequest", true)));
    ok(mallory.postJson("/api/repos/create", Map.of("name", "own", "type", "dataset")));
    ok(mallory.postJson("/api/datasets/mallory/own/branch/side", Map.of()));
    at.forbidden.addAll(List.of(ALICE, MALLORY, "TOPSECRET", "root:", "PATH="));
    for (com.fasterxml.jackson.databind.JsonNode r :
        HubHttp.json(alice.get("/api/datasets/alice/secret/refs?include_prs=1")).path("branches")) {
      at.forbidden.add(r.get("targetCommit").asText()); // alice's private commit ids must not leak
    }
    state = state();
  }

  static void ok(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(200);
  }

  /** Every ref of every repo an attacker could reach. */
  static String state() {
    StringBuilder sb = new StringBuilder();
    for (String id : new String[] {"alice/secret", "dev/pub", "mallory/own"}) {
      HttpResponse<byte[]> r = dev.get("/api/datasets/" + id + "/refs?include_prs=1");
      assertThat(r.statusCode()).isEqualTo(200);
      sb.append(id).append(' ').append(HubHttp.text(r)).append('\n');
    }
    return sb.toString();
  }

  @BeforeEach
  void unchangedBefore() {
    assertThat(state()).isEqualTo(state);
  }

  void assertUnchanged() {
    assertThat(state()).isEqualTo(state);
  }

  /**
   * The exact attack: the server's command line (with the dev token) through a public
   * repo's revision.
   */
  @Test
  void procSelfCmdlineThroughRevisionInfo() {
    Answer a =
        at.raw(
            "GET",
            "/api/datasets/dev/pub/revision/" + TO_ROOT + "proc%2Fself%2Fcmdline",
            null,
            null,
            null);
    at.assertRejected(a, 404, "RevisionNotFound", "cmdline");
    assertThat(a.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void everyRevisionRouteRejectsHostileRevisions() {
    for (String rev : HOSTILE_REVS) {
      for (String token : new String[] {null, MALLORY}) {
        String p = "/api/datasets/dev/pub/";
        at.assertRejected(
            at.raw("GET", p + "revision/" + rev, token, null, null),
            404,
            "RevisionNotFound",
            "revision " + rev);
        at.assertRejected(
            at.raw("HEAD", p + "revision/" + rev, token, null, null),
            404,
            "RevisionNotFound",
            "HEAD revision " + rev);
        at.assertRejected(
            at.raw("GET", p + "tree/" + rev, token, null, null),
            404,
            "RevisionNotFound",
            "tree " + rev);
        at.assertRejected(
            at.raw("GET", p + "tree/" + rev + "/a.txt?recursive=1&expand=1", token, null, null),
            404,
            "RevisionNotFound",
            "tree path " + rev);
        at.assertRejected(
            at.raw("GET", p + "commits/" + rev, token, null, null),
            404,
            "RevisionNotFound",
            "commits " + rev);
        at.assertRejected(
            at.raw(
                "POST",
                p + "paths-info/" + rev,
                token,
                "application/x-www-form-urlencoded",
                "paths=a.txt&expand=1"),
            404,
            "RevisionNotFound",
            "paths-info " + rev);
        // preupload needs write access to the repo: the owner's token, so the revision check is
        // what answers
        at.assertRejected(
            at.raw(
                "POST",
                p + "preupload/" + rev,
                DEV,
                "application/json",
                "{\"files\":[{\"path\":\"a.txt\",\"size\":1,\"sample\":\"YQ==\"}]}"),
            404,
            "RevisionNotFound",
            "preupload " + rev);
        at.assertRejected(
            at.raw("GET", "/datasets/dev/pub/resolve/" + rev + "/a.txt", token, null, null),
            404,
            "RevisionNotFound",
            "resolve " + rev);
        at.assertRejected(
            at.raw("HEAD", "/datasets/dev/pub/resolve/" + rev + "/a.txt", token, null, null),
            404,
            "RevisionNotFound",
            "HEAD resolve " + rev);
        at.assertRejected(
            at.raw("GET", "/datasets/dev/pub/raw/" + rev + "/a.txt", token, null, null),
            404,
            "RevisionNotFound",
            "raw " + rev);
      }
      // writes with a token that may write the repo: the revision is still what fails
      at.assertRejected(
          at.raw(
              "POST",
              "/api/datasets/mallory/own/commit/" + rev,
              MALLORY,
              "application/x-ndjson",
              new String(
                  new HubHttp.Ndjson("x", null).file("f.txt", "x").bytes(),
                  StandardCharsets.UTF_8)),
          404,
          "RevisionNotFound",
          "commit " + rev);
      at.assertRejected(
          at.raw(
              "POST",
              "/api/datasets/mallory/own/commit/" + rev + "?create_pr=1",
              MALLORY,
              "application/x-ndjson",
              new String(
                  new HubHttp.Ndjson("x", null).file("f.txt", "x").bytes(),
                  StandardCharsets.UTF_8)),
          404,
          "RevisionNotFound",
          "commit create_pr " + rev);
      at.assertRejected(
          at.raw(
              "POST",
              "/api/datasets/mallory/own/tag/" + rev,
              MALLORY,
              "application/json",
              "{\"tag\":\"t-" + Math.abs(rev.hashCode()) + "\"}"),
          404,
          "RevisionNotFound",
          "tag create at " + rev);
      at.assertRejected(
          at.raw(
              "POST",
              "/api/datasets/mallory/own/branch/b-" + Math.abs(rev.hashCode()),
              MALLORY,
              "application/json",
              "{\"startingPoint\":\"" + jsonString(rev) + "\"}"),
          404,
          "RevisionNotFound",
          "branch startingPoint " + rev);
    }
    assertUnchanged();
  }

  /** The URL-decoded form of an encoded revision, as a JSON string body (for startingPoint). */
  static String jsonString(String encodedRev) {
    String s = java.net.URLDecoder.decode(encodedRev.replace("+", "%2B"), StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Test
  void crossRepoBranchTagAndPrDeletionIsRefused() {
    String own = "/api/datasets/mallory/own/";
    List<String> names = new ArrayList<>(HOSTILE_REVS);
    names.addAll(
        List.of(
            UP4 + "alice%2Fsecret.git%2Frefs%2Fheads%2Ffeature",
            UP4 + "alice%2Fsecret.git%2Frefs%2Ftags%2Fv1",
            UP4 + "alice%2Fsecret.git%2Frefs%2Fpr%2F1",
            "..%2F..%2F" + UP4 + "datasets%2Falice%2Fsecret.git%2Frefs%2Fheads%2Fmain",
            "..%2Fheads%2Fmain",
            "..%2Fheads%2Fside",
            "..%2Fpr%2F1",
            "..%2Ftags%2Fx",
            "%2E%2E%2Fheads%2Fmain",
            "refs%2Fheads%2F..%2F..%2Frefs%2Fheads%2Fmain",
            "side%2F..%2Fmain",
            "main%2F"));
    for (String n : names) {
      at.assertRejected(
          at.raw("DELETE", own + "branch/" + n, MALLORY, null, null),
          404,
          "RevisionNotFound",
          "delete branch " + n);
      at.assertRejected(
          at.raw("DELETE", own + "tag/" + n, MALLORY, null, null),
          404,
          "RevisionNotFound",
          "delete tag " + n);
      assertUnchanged();
    }
    at.assertRejected(
        at.raw("DELETE", own + "branch/main", MALLORY, null, null),
        400,
        "CannotDeleteDefaultBranch",
        "delete main");
    assertUnchanged();
  }

  @Test
  void hostileBranchAndTagNamesOnCreate() {
    String own = "/api/datasets/mallory/own/";
    List<String> names = new ArrayList<>(HOSTILE_REVS);
    names.remove("config"); // a fine branch name; only hostile as a path
    names.addAll(
        List.of(
            "..%2Fheads%2Fmain",
            "..%2Fpr%2F7",
            "a..b",
            "a%2F.hidden",
            "-dash%3Anope",
            "a%20b",
            "a~1",
            "a%5Eb",
            "a%3Fb",
            "a*b",
            "a%5Bb",
            "x.lock",
            "a%2F%2Fb",
            "%2Fabs",
            "trail.",
            "refs%2Fpr%2F1",
            "refs%2Fconvert%2F..%2Fheads%2Fmain",
            "%40",
            "HEAD"));
    for (String n : names) {
      at.assertRejected(
          at.raw("POST", own + "branch/" + n, MALLORY, "application/json", "{}"),
          400,
          "InvalidRefName",
          "create branch " + n);
      at.assertRejected(
          at.raw("POST", own + "branch/" + n, MALLORY, "application/json", "{\"overwrite\":true}"),
          400,
          "InvalidRefName",
          "overwrite branch " + n);
      String tag = jsonString(n);
      at.assertRejected(
          at.raw(
              "POST", own + "tag/main", MALLORY, "application/json", "{\"tag\":\"" + tag + "\"}"),
          400,
          "InvalidRefName",
          "create tag " + n);
      assertUnchanged();
    }
  }

  @Test
  void parentCommitAndRepoIdFields() {
    String head = dev.headSha("dev/pub");
    for (String parent :
        new String[] {"../../../../proc/self/cmdline", "main", "refs/heads/main", "@{0}", "%00"}) {
      HttpResponse<byte[]> r =
          dev.commit("dev/pub", "main", new HubHttp.Ndjson("x", parent).file("p.txt", "p"));
      at.assertRejected(AttackHttp.of(r), 400, "InvalidCommitPayload", "parentCommit " + parent);
    }
    assertThat(dev.headSha("dev/pub")).isEqualTo(head);
    for (Map<String, Object> body :
        List.<Map<String, Object>>of(
            Map.of("name", "../../../../proc", "type", "dataset"),
            Map.of("name", "x", "organization", "../alice", "type", "dataset"),
            Map.of("name", "alice/../../x", "type", "dataset"),
            Map.of("name", "secret.git", "organization", "alice", "type", "dataset"),
            Map.of("name", "a\u0000b", "type", "dataset"),
            Map.of("name", "x".repeat(200), "type", "dataset"),
            Map.of("name", "\u0455ecret", "organization", "alice", "type", "dataset"))) {
      at.assertRejected(
          AttackHttp.of(mallory.postJson("/api/repos/create", body)),
          400,
          "InvalidRepoName",
          "create " + body);
      at.assertRejected(
          AttackHttp.of(mallory.delete("/api/repos/delete", body)),
          400,
          "InvalidRepoName",
          "delete " + body);
    }
    at.assertRejected(
        AttackHttp.of(
            mallory.delete(
                "/api/repos/delete",
                Map.of("name", "secret", "organization", "alice", "type", "dataset"))),
        404,
        "RepoNotFound",
        "delete victim");
    at.assertRejected(
        at.raw(
            "PUT",
            "/api/datasets/alice/secret/settings",
            MALLORY,
            "application/json",
            "{\"private\":false}"),
        404,
        "RepoNotFound",
        "settings victim");
    assertUnchanged();
  }

  @Test
  void repoSegmentsOfEveryRoute() {
    // a name that would be invalid to create names no repo: RepoNotFound, 401 anonymous / 404
    // authenticated (issue 11)
    for (String ns :
        new String[] {
          "..",
          "..%2F..%2F..%2Fproc",
          "%2e%2e",
          "alice%2Fsecret.git%2F..",
          ".git",
          "a%00b",
          "..%252F..",
          "alice%5C..",
          "x".repeat(120)
        }) {
      String id = ns + "/secret";
      at.assertRejected(
          at.raw("GET", "/api/datasets/" + id, null, null, null),
          401,
          "RepoNotFound",
          "info " + id);
      at.assertRejected(
          at.raw("GET", "/api/datasets/" + id + "/refs", null, null, null),
          401,
          "RepoNotFound",
          "refs " + id);
      at.assertRejected(
          at.raw("GET", "/api/datasets/" + id + "/tree/main", null, null, null),
          401,
          "RepoNotFound",
          "tree " + id);
      at.assertRejected(
          at.raw("GET", "/datasets/" + id + "/resolve/main/secret.txt", null, null, null),
          401,
          "RepoNotFound",
          "resolve " + id);
      at.assertRejected(
          at.raw(
              "POST",
              "/datasets/" + id + ".git/info/lfs/objects/batch",
              null,
              "application/vnd.git-lfs+json",
              "{\"operation\":\"download\",\"objects\":[]}"),
          401,
          "RepoNotFound",
          "batch " + id);
      at.assertRejected(
          at.raw("GET", "/api/datasets/" + id, MALLORY, null, null),
          404,
          "RepoNotFound",
          "info as mallory " + id);
      String id2 = "alice/" + ns;
      at.assertRejected(
          at.raw("GET", "/api/datasets/" + id2 + "/revision/main", null, null, null),
          401,
          "RepoNotFound",
          "info " + id2);
      at.assertRejected(
          at.raw(
              "POST",
              "/api/datasets/" + id2 + "/commit/main",
              MALLORY,
              "application/x-ndjson",
              "{}"),
          404,
          "RepoNotFound",
          "commit " + id2);
    }
    for (String type : new String[] {"..", "datasets%2F..", "%2e%2e"}) {
      at.assertRejected(
          at.raw("GET", "/api/" + type + "/alice/secret", null, null, null),
          404,
          "NotFound",
          "type " + type);
    }
    assertUnchanged();
  }

  @Test
  void pathsInFilesRoutesAndBodies() {
    for (String path :
        new String[] {
          "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
          "..%2Fsecret.txt",
          "%2e%2e%2fa.txt",
          "a.txt%2F..%2F..%2Fx",
          "%00",
          ".git%2Fconfig",
          "..%252Fa.txt",
          "a.txt%5C..%5C..%5Cx"
        }) {
      at.assertRejected(
          at.raw("GET", "/datasets/dev/pub/resolve/main/" + path, null, null, null),
          404,
          "EntryNotFound",
          "resolve path " + path);
      at.assertRejected(
          at.raw("GET", "/datasets/dev/pub/raw/main/" + path, null, null, null),
          404,
          "EntryNotFound",
          "raw path " + path);
      at.assertRejected(
          at.raw("GET", "/api/datasets/dev/pub/tree/main/" + path, null, null, null),
          404,
          "EntryNotFound",
          "tree path " + path);
    }
    Answer a =
        at.raw(
            "POST",
            "/api/datasets/dev/pub/paths-info/main",
            null,
            "application/json",
            "{\"paths\":[\"../../../../etc/passwd\",\"/etc/passwd\",\"..\",\"a.txt/../../x\",\".git/config\","
                + "\"\\u0000\",\"../../alice/secret.git/config\"],\"expand\":true}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).isEqualTo("[]");
    at.assertNoLeak(a, "paths-info");
  }

  @Test
  void discussionNumbersAndLfsTicketsAndParts() {
    for (String n :
        new String[] {"..%2F1", "1%2F..%2F..", "-1", "99999999999", "%00", "1e3", "0x1"}) {
      Answer g = at.raw("GET", "/api/datasets/alice/secret/discussions/" + n, ALICE, null, null);
      at.assertRejected(
          g,
          n.equals("-1") ? 404 : 400,
          n.equals("-1") ? "DiscussionNotFound" : "BadRequest",
          "discussion " + n);
      Answer m =
          at.raw(
              "POST", "/api/datasets/mallory/own/discussions/" + n + "/merge", MALLORY, null, null);
      at.assertRejected(
          m,
          n.equals("-1") ? 404 : 400,
          n.equals("-1") ? "DiscussionNotFound" : "BadRequest",
          "merge " + n);
    }
    for (String t :
        new String[] {
          "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%252F..", "a".repeat(40), "%00"
        }) {
      at.assertRejected(
          at.raw("GET", "/lfs-download/" + t, null, null, null),
          404,
          "LfsTicketNotFound",
          "download ticket " + t);
      at.assertRejected(
          at.raw("PUT", "/lfs-upload/" + t, null, "application/octet-stream", "x"),
          404,
          "LfsTicketNotFound",
          "upload ticket " + t);
      at.assertRejected(
          at.raw("POST", "/lfs-verify/" + t, null, "application/json", "{}"),
          404,
          "LfsTicketNotFound",
          "verify ticket " + t);
    }
    // a real multipart ticket: hostile part numbers
    byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> batch =
        mallory.post(
            "/datasets/mallory/own.git/info/lfs/objects/batch",
            "application/vnd.git-lfs+json",
            ("{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],"
                    + "\"objects\":[{\"oid\":\""
                    + HubHttp.sha256(content)
                    + "\",\"size\":10}]}")
                .getBytes(StandardCharsets.UTF_8));
    String href = HubHttp.json(batch).at("/objects/0/actions/upload/href").asText();
    String ticketPath = java.net.URI.create(href).getPath();
    for (String part :
        new String[] {"..%2F..%2Fx", "%2e%2e", "0", "3", "-1", "99999999999", "1%00", "..%252F1"}) {
      at.assertRejected(
          at.raw("PUT", ticketPath + "/" + part, null, "application/octet-stream", "01234"),
          400,
          "BadRequest",
          "part " + part);
    }
  }

  /** Raw (unencoded) dot segments and backslashes, as far as Jetty lets them through. */
  @Test
  void rawDotSegments() {
    String up = "../".repeat(24);
    for (String target :
        new String[] {
          "/api/datasets/dev/pub/revision/" + up + "proc/self/cmdline",
          "/api/datasets/dev/pub/revision/refs/heads/../../../../alice/secret.git/refs/heads/feature",
          "/datasets/dev/pub/resolve/refs/heads/../../../../alice/secret.git/refs/heads/main/secret.txt",
          "/datasets/dev/pub/resolve/main/../../../../alice/secret/resolve/main/secret.txt",
          "/datasets/alice/secret/resolve/main/secret.txt/../../../../../dev/pub/resolve/main/a.txt",
          "/api/datasets/dev/../alice/secret",
          "/api/datasets/dev/pub/tree/main/" + up + "etc/passwd",
          "/api/datasets/dev/pub/revision/..\\..\\..\\etc\\passwd",
          "/lfs-download/../../../../etc/passwd",
          "/api/datasets/dev/pub/revision/.%2e/.%2e/.%2e/.%2e/alice/secret.git/refs/heads/feature"
        }) {
      Answer a = at.raw("GET", target, MALLORY, null, null);
      assertThat(a.status()).as(target + " -> " + a.all()).isBetween(400, 404);
      at.assertNoLeak(a, target);
    }
    Answer del =
        at.raw(
            "DELETE",
            "/api/datasets/mallory/own/branch/../../../../alice/secret.git/refs/heads/feature",
            MALLORY,
            null,
            null);
    assertThat(del.status()).as(del.all()).isBetween(400, 404);
    at.assertNoLeak(del, "raw delete");
    assertUnchanged();
  }
}
