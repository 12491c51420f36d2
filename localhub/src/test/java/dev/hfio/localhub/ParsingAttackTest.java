package dev.hfio.localhub;

import static dev.hfio.localhub.StrictInputChecks.assertError;
import static dev.hfio.localhub.StrictInputChecks.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strict decoding and bounded parsing: base64 is RFC 4648 or a 400, commit lines and operation
 * counts are capped, JSON errors echo nothing, paging parameters are validated, preupload is capped
 * and its gitattributes matching is linear, and If-Range keeps a resumed download from splicing two
 * versions.
 */
class ParsingAttackTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension(b -> b.pageSize(2));
  static HubHttp h;
  static String id;
  static String commitUrl;

  @BeforeAll
  static void setUp() {
    h = new HubHttp(HUB.hub());
    id = h.createDataset("parsing", false);
    commitUrl = "/api/datasets/" + id + "/commit/main";
    h.commitOk(
        id,
        new HubHttp.Ndjson("base", null).file("a.txt", "A").file("b.txt", "B").file("c.txt", "C"));
  }

  static String fileLine(String path, String content) {
    return "{\"key\":\"file\",\"value\":{\"path\":\""
        + path
        + "\",\"encoding\":\"base64\",\"content\":\""
        + content
        + "\"}}\n";
  }

  static final String HEADER =
      "{\"key\":\"header\",\"value\":{\"summary\":\"s\",\"description\":\"\"}}\n";

  // ------------------------------------------------------------------ base64

  @Test
  void lenientBase64IsRefused() {
    String head = h.headSha(id);
    // %%% (MIME decoder: empty file), base64url alphabet (MIME decoder: silently dropped), missing
    // padding,
    // line breaks and spaces, data after padding, non-canonical trailing bits
    for (String bad :
        List.of("%%%", "-_8=", "QQ", "QUJD\\nREVG", "QUJD REVG", "QQ==QQ==", "QR==", "====")) {
      HttpResponse<byte[]> r =
          post(h, commitUrl, "application/x-ndjson", HEADER + fileLine("b64.txt", bad));
      assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
      assertThat(HubHttp.json(r).get("error").asText())
          .as(bad)
          .contains("b64.txt")
          .contains("base64");
    }
    // the legacy JSON form and createRepo({files}) decode the same way
    assertError(
        HUB.hub(),
        h.postJson(
            commitUrl,
            Map.of("summary", "s", "files", List.of(Map.of("path", "b64.txt", "content", "-_8=")))),
        400,
        "InvalidCommitPayload");
    assertError(
        HUB.hub(),
        h.postJson(
            "/api/repos/create",
            Map.of(
                "name",
                "b64-create",
                "type",
                "dataset",
                "files",
                List.of(Map.of("path", "x", "content", "%%%", "encoding", "base64")))),
        400,
        "BadRequest");
    assertThat(h.get("/api/datasets/dev/b64-create").statusCode()).isEqualTo(404);
    assertThat(h.headSha(id)).isEqualTo(head);
    assertThat(h.get("/datasets/" + id + "/resolve/main/b64.txt").statusCode()).isEqualTo(404);
    // strict standard base64 round-trips every byte
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    h.commitOk(id, new HubHttp.Ndjson("bytes", null).file("bytes.bin.txt", all));
    assertThat(h.get("/datasets/" + id + "/resolve/main/bytes.bin.txt").body()).isEqualTo(all);
  }

  @Test
  void preuploadSampleIsStrictAndSmall() {
    String url = "/api/datasets/" + id + "/preupload/main";
    for (String bad : List.of("QQ", "-_8=", "%%%")) {
      assertError(
          HUB.hub(),
          h.postJson(
              url, Map.of("files", List.of(Map.of("path", "s.txt", "size", 3, "sample", bad)))),
          400,
          "BadRequest");
    }
    String big = Base64.getEncoder().encodeToString(new byte[64 * 1024]);
    assertError(
        HUB.hub(),
        h.postJson(
            url, Map.of("files", List.of(Map.of("path", "s.txt", "size", 3, "sample", big)))),
        400,
        "BadRequest");
  }

  // ------------------------------------------------------------------ bounded parsing

  @Test
  void jsonErrorsEchoNothingFromTheBody() {
    String head = h.headSha(id);
    String secret = "hf_secretTokenInTheBody0123456789";
    HttpResponse<byte[]> r =
        post(
            h,
            commitUrl,
            "application/x-ndjson",
            HEADER + "{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":" + secret + "}}\n");
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(HubHttp.text(r) + r.headers().map()).doesNotContain(secret);
    // nesting far deeper than the format needs
    String deep = "[".repeat(5000) + "]".repeat(5000);
    r =
        post(
            h,
            commitUrl,
            "application/x-ndjson",
            HEADER
                + "{\"key\":\"file\",\"value\":{\"path\":\"a\","
                + "\"content\":\"\",\"x\":"
                + deep
                + "}}\n");
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(h.headSha(id)).isEqualTo(head);
  }

  @Test
  void regularFileOverTenMibMustGoThroughLfs() {
    String head = h.headSha(id);
    byte[] big = new byte[(10 << 20) + 1];
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r =
        h.commit(id, "main", new HubHttp.Ndjson("big", null).file("big.txt", big));
    assertError(HUB.hub(), r, 413, "PayloadTooLarge");
    assertThat(HubHttp.json(r).get("error").asText()).contains("LFS");
    assertThat(h.headSha(id)).isEqualTo(head);
    // exactly 10 MiB is still a regular file
    byte[] ok = new byte[10 << 20];
    ok[7] = 42;
    h.commitOk(id, new HubHttp.Ndjson("ten", null).file("ten.txt", ok));
    assertThat(h.get("/datasets/" + id + "/resolve/main/ten.txt").body()).isEqualTo(ok);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void operationCountIsCapped() {
    String head = h.headSha(id);
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 0; i <= 25_000; i++) {
      sb.append(fileLine("many/f" + i, ""));
    }
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r = post(h, commitUrl, "application/x-ndjson", sb.toString());
    assertError(HUB.hub(), r, 413, "PayloadTooLarge");
    assertThat(HubHttp.json(r).get("error").asText()).contains("25000");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(h.headSha(id)).isEqualTo(head);
  }

  // ------------------------------------------------------------------ paging

  @Test
  void pagingParametersAreValidated() {
    String tree = "/api/datasets/" + id + "/tree/main";
    for (String cursor : List.of("-5", "2147483647", "99999999999", "abc")) {
      String enc =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
      assertError(HUB.hub(), h.get(tree + "?cursor=" + enc), 400, "BadRequest");
    }
    assertError(HUB.hub(), h.get(tree + "?cursor=%25%25%25"), 400, "BadRequest");
    // the Link cursor still pages (page size 2 here)
    HttpResponse<byte[]> first = h.get(tree);
    assertThat(first.statusCode()).isEqualTo(200);
    String next = first.headers().firstValue("Link").orElseThrow();
    HttpResponse<byte[]> second = h.get(next.substring(1, next.indexOf('>')));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(HubHttp.json(second).size()).isGreaterThan(0);

    String commits = "/api/datasets/" + id + "/commits/main";
    for (String q :
        List.of("p=-1", "p=-2147483648", "limit=-5", "limit=0", "p=abc", "limit=99999999999")) {
      assertError(HUB.hub(), h.get(commits + "?" + q), 400, "BadRequest");
    }
    for (String q : List.of("p=2147483647", "p=2147483647&limit=1000", "p=3000000&limit=1000")) {
      HttpResponse<byte[]> r = h.get(commits + "?" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(200);
      assertThat(HubHttp.json(r).size()).isZero();
      assertThat(r.headers().firstValue("X-Total-Count")).isPresent();
    }
    assertThat(HubHttp.json(h.get(commits + "?limit=5000")).size()).isGreaterThan(0);
    for (String q : List.of("limit=-1", "limit=0", "limit=x")) {
      assertError(HUB.hub(), h.get("/api/datasets?" + q), 400, "BadRequest");
    }
    assertThat(h.get("/api/datasets?limit=2147483647").statusCode()).isEqualTo(200);
  }

  // ------------------------------------------------------------------ preupload and gitattributes

  static List<Map<String, Object>> files(int n, String prefix) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.of("path", prefix + i + ".txt", "size", 3, "sample", "YWJj"));
    }
    return out;
  }

  @Test
  void preuploadTakesAtMost256Files() {
    String url = "/api/datasets/" + id + "/preupload/main";
    HttpResponse<byte[]> ok = h.postJson(url, Map.of("files", files(256, "f")));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(HubHttp.json(ok).get("files").size()).isEqualTo(256);
    HttpResponse<byte[]> r = h.postJson(url, Map.of("files", files(257, "f")));
    assertError(HUB.hub(), r, 413, "PayloadTooLarge");
    assertThat(HubHttp.json(r).get("error").asText()).contains("256");
    assertError(HUB.hub(), h.postJson(url, Map.of("files", "nope")), 400, "BadRequest");
  }

  @Test
  void pathsInfoBodyIsChecked() {
    String url = "/api/datasets/" + id + "/paths-info/main";
    assertError(
        HUB.hub(), h.postJson(url, Map.of("paths", List.of(Map.of("x", 1)))), 400, "BadRequest");
    assertError(HUB.hub(), h.postJson(url, Map.of("paths", "a.txt")), 400, "BadRequest");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add("p" + i);
    }
    assertError(HUB.hub(), h.postJson(url, Map.of("paths", many)), 413, "PayloadTooLarge");
    HttpResponse<byte[]> ok = h.postJson(url, Map.of("paths", List.of("a.txt", "nope")));
    assertThat(HubHttp.json(ok).size()).isEqualTo(1);
  }

  static String evilPattern(int groups) {
    return "*a".repeat(groups) + "*b";
  }

  @Test
  void crafted_gitattributes_glob_is_answered_fast_and_server_stays_responsive() throws Exception {
    String url = "/api/datasets/" + id + "/preupload/main";
    String attrs = evilPattern(40) + " filter=lfs diff=lfs merge=lfs -text\n";
    String longPath = "a".repeat(4000);
    Map<String, Object> body =
        Map.of(
            "gitAttributes",
            attrs,
            "files",
            List.of(Map.of("path", longPath, "size", 3, "sample", "YWJj")));
    byte[] json = HubHttp.JSON.writeValueAsBytes(body);
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(h.base + url))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + h.token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    // four attackers at once, while a bystander reads the repo
    List<CompletableFuture<HttpResponse<byte[]>>> attacks = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      attacks.add(h.client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()));
    }
    HttpResponse<byte[]> bystander = h.get("/api/datasets/" + id);
    long bystanderMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(bystander.statusCode()).isEqualTo(200);
    assertThat(bystanderMs).isLessThan(1000);
    for (CompletableFuture<HttpResponse<byte[]>> f : attacks) {
      HttpResponse<byte[]> r = f.get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(200);
      JsonNode file = HubHttp.json(r).get("files").get(0);
      assertThat(file.get("uploadMode").asText())
          .isEqualTo("regular"); // no 'b' in the path: no match
    }
    long totalMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(totalMs).as("4 concurrent crafted preuploads").isLessThan(1000);
    // the same pattern still matches what it should
    HttpResponse<byte[]> m =
        h.postJson(
            url,
            Map.of(
                "gitAttributes",
                attrs,
                "files",
                List.of(Map.of("path", "a".repeat(40) + "b", "size", 3, "sample", "YWJj"))));
    assertThat(HubHttp.json(m).at("/files/0/uploadMode").asText()).isEqualTo("lfs");
  }

  @Test
  void gitattributesTextIsCapped() {
    String url = "/api/datasets/" + id + "/preupload/main";
    List<Map<String, Object>> one = List.of(Map.of("path", "x.txt", "size", 3, "sample", "YWJj"));
    // one pattern longer than 1024 characters
    assertError(
        HUB.hub(),
        h.postJson(url, Map.of("gitAttributes", "a".repeat(2000) + " filter=lfs\n", "files", one)),
        400,
        "BadRequest");
    // more than 1000 filter rules
    assertError(
        HUB.hub(),
        h.postJson(url, Map.of("gitAttributes", "*.x filter=lfs\n".repeat(1001), "files", one)),
        400,
        "BadRequest");
    // a total amount of matching work beyond the bound: 256 long paths against long patterns
    StringBuilder attrs = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      attrs.append(evilPattern(400)).append(" filter=lfs\n");
    }
    List<Map<String, Object>> longFiles = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      longFiles.add(Map.of("path", "a".repeat(4000) + i, "size", 3, "sample", "YWJj"));
    }
    long t0 = System.nanoTime();
    HttpResponse<byte[]> r =
        h.postJson(url, Map.of("gitAttributes", attrs.toString(), "files", longFiles));
    assertError(HUB.hub(), r, 400, "BadRequest");
    assertThat(HubHttp.json(r).get("error").asText()).contains("too complex");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
  }

  // ------------------------------------------------------------------ If-Range

  @Test
  void ifRangeWithAStaleEtagGetsTheWholeNewVersion() {
    String rid = h.createDataset("ifrange", false);
    byte[] v1 = "version one, the old content".getBytes(StandardCharsets.UTF_8);
    byte[] v2 = "VERSION TWO: the new content, longer".getBytes(StandardCharsets.UTF_8);
    h.uploadLfs(rid, v1);
    h.uploadLfs(rid, v2);
    h.commitOk(
        rid,
        new HubHttp.Ndjson("v1", null)
            .file("r.txt", v1)
            .lfs("l.bin", HubHttp.sha256(v1), v1.length));
    String reg = "/datasets/" + rid + "/resolve/main/r.txt";
    String lfs = "/datasets/" + rid + "/resolve/main/l.bin";
    String etagReg1 = h.head(reg).headers().firstValue("ETag").orElseThrow();
    String etagLfs1 = h.head(lfs).headers().firstValue("ETag").orElseThrow();
    h.commitOk(
        rid,
        new HubHttp.Ndjson("v2", null)
            .file("r.txt", v2)
            .lfs("l.bin", HubHttp.sha256(v2), v2.length));
    for (String[] c : new String[][] {{reg, etagReg1}, {lfs, etagLfs1}}) {
      HttpResponse<byte[]> stale =
          CdnDownloads.get(h, c[0], "Range", "bytes=10-", "If-Range", c[1]);
      assertThat(stale.statusCode()).as(c[0]).isEqualTo(200);
      assertThat(stale.body()).isEqualTo(v2);
      assertThat(stale.headers().firstValue("Content-Range")).isEmpty();
      String etag2 = h.head(c[0]).headers().firstValue("ETag").orElseThrow();
      HttpResponse<byte[]> fresh =
          CdnDownloads.get(h, c[0], "Range", "bytes=10-", "If-Range", etag2);
      assertThat(fresh.statusCode()).isEqualTo(206);
      assertThat(fresh.body()).isEqualTo(java.util.Arrays.copyOfRange(v2, 10, v2.length));
      // a weak validator or a date cannot be compared strongly: full body
      assertThat(
              CdnDownloads.get(h, c[0], "Range", "bytes=10-", "If-Range", "W/" + etag2)
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              CdnDownloads.get(
                      h, c[0], "Range", "bytes=10-", "If-Range", "Wed, 21 Oct 2015 07:28:00 GMT")
                  .statusCode())
          .isEqualTo(200);
      // without If-Range the range applies as before
      assertThat(CdnDownloads.get(h, c[0], "Range", "bytes=10-").statusCode()).isEqualTo(206);
    }
  }
}
