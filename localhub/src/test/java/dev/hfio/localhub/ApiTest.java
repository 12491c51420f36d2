package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiTest {
  @RegisterExtension
  static LocalHubExtension HUB = new LocalHubExtension(b -> b.pageSize(3).expandPageSize(2));

  HubHttp h() {
    return new HubHttp(HUB.hub());
  }

  @Test
  void whoamiAndRequestId() {
    HttpResponse<byte[]> r = h().get("/api/whoami-v2");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("name").asText()).isEqualTo("dev");
    assertThat(json(r).at("/auth/accessToken/role").asText()).isEqualTo("write");
    assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
    HttpResponse<byte[]> anon = h().as(null).get("/api/whoami-v2");
    assertThat(anon.statusCode()).isEqualTo(401);
    assertThat(anon.headers().firstValue("X-Request-Id")).isPresent();
  }

  @Test
  void createConflictAndDelete() {
    HubHttp h = h();
    HttpResponse<byte[]> r =
        h.postJson("/api/repos/create", Map.of("name", "c1", "type", "dataset"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("url").asText()).isEqualTo(HUB.hub().url() + "/datasets/dev/c1");
    assertThat(json(r).get("id").asText()).matches("[0-9a-f]{24}");
    HttpResponse<byte[]> again =
        h.postJson("/api/repos/create", Map.of("name", "c1", "type", "dataset"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("url").asText()).endsWith("/datasets/dev/c1");
    assertThat(json(again).get("error").asText()).isNotEmpty();
    // model repo: no prefix in URL
    HttpResponse<byte[]> m =
        h.postJson("/api/repos/create", Map.of("name", "m1", "organization", "org1"));
    assertThat(json(m).get("url").asText()).isEqualTo(HUB.hub().url() + "/org1/m1");
    assertThat(h.get("/api/models/org1/m1").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> del =
        h.delete("/api/repos/delete", Map.of("name", "c1", "type", "dataset"));
    assertThat(del.statusCode()).isEqualTo(200);
    assertThat(text(del)).isEqualTo("OK");
    assertThat(code(h.get("/api/datasets/dev/c1"))).isEqualTo("RepoNotFound");
    assertThat(code(h.delete("/api/repos/delete", Map.of("name", "c1", "type", "dataset"))))
        .isEqualTo("RepoNotFound");
    HttpResponse<byte[]> bad =
        h.postJson("/api/repos/create", Map.of("name", "bad--name", "type", "dataset"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(code(bad)).isEqualTo("InvalidRepoName");
  }

  @Test
  void initialCommitAndInfo() {
    HubHttp h = h();
    String id = h.createDataset("info", false);
    JsonNode commits = json(h.get("/api/datasets/" + id + "/commits/main"));
    assertThat(commits).hasSize(1);
    assertThat(commits.get(0).get("title").asText()).isEqualTo("initial commit");
    assertThat(commits.get(0).at("/authors/0/user").asText()).isEqualTo("system");
    String readme =
        "---\nlicense: mit\ntags:\n- foo\nconfigs:\n- config_name: default\n  data_files: data/*.csv\n"
            + "---\n# Card\n";
    byte[] big = new byte[300];
    h.uploadLfs(id, big);
    h.commitOk(
        id,
        new HubHttp.Ndjson("readme", null)
            .file("README.md", readme)
            .lfs("data/x.bin", HubHttp.sha256(big), big.length));
    JsonNode info = json(h.get("/api/datasets/" + id + "?blobs=true"));
    assertThat(info.get("id").asText()).isEqualTo(id);
    assertThat(info.get("_id").asText()).hasSize(24);
    assertThat(info.get("author").asText()).isEqualTo("dev");
    assertThat(info.get("sha").asText()).matches("[0-9a-f]{40}");
    assertThat(info.get("private").asBoolean()).isFalse();
    assertThat(info.get("gated").asBoolean()).isFalse();
    assertThat(info.get("disabled").asBoolean()).isFalse();
    assertThat(
            info.has("lastModified")
                && info.has("createdAt")
                && info.has("downloads")
                && info.has("likes"))
        .isTrue();
    assertThat(info.at("/cardData/license").asText()).isEqualTo("mit");
    assertThat(info.at("/cardData/configs/0/config_name").asText()).isEqualTo("default");
    assertThat(info.get("tags").toString()).contains("foo");
    List<String> names = new ArrayList<>();
    info.get("siblings").forEach(s -> names.add(s.get("rfilename").asText()));
    assertThat(names).containsExactlyInAnyOrder(".gitattributes", "README.md", "data/x.bin");
    JsonNode lfsSib = null;
    for (JsonNode s : info.get("siblings")) {
      if (s.get("rfilename").asText().equals("data/x.bin")) {
        lfsSib = s;
      }
    }
    assertThat(lfsSib.get("size").asLong()).isEqualTo(300);
    assertThat(lfsSib.at("/lfs/sha256").asText()).isEqualTo(HubHttp.sha256(big));
    assertThat(lfsSib.at("/lfs/pointerSize").asInt()).isGreaterThan(100);
    // expand filter, HEAD revision, short sha
    JsonNode exp =
        json(h.get("/api/datasets/" + id + "/revision/HEAD?expand=private&expand=likes"));
    assertThat(exp.has("private") && exp.has("likes") && exp.has("id")).isTrue();
    assertThat(exp.has("siblings")).isFalse();
    String sha = info.get("sha").asText();
    assertThat(
            json(h.get("/api/datasets/" + id + "/revision/" + sha.substring(0, 7)))
                .get("sha")
                .asText())
        .isEqualTo(sha);
    assertThat(code(h.get("/api/datasets/" + id + "/revision/nope"))).isEqualTo("RevisionNotFound");
    assertThat(
            h.postJson("/api/validate-yaml", Map.of("content", readme, "repoType", "dataset"))
                .statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> badYaml =
        h.postJson("/api/validate-yaml", Map.of("content", "---\na: [\n---\n"));
    assertThat(badYaml.statusCode()).isEqualTo(400);
    assertThat(json(badYaml).get("errors")).isNotEmpty();
  }

  @Test
  void treePagingExpandAndPathsInfo() {
    HubHttp h = h();
    String id = h.createDataset("tree", false);
    h.commitOk(
        id,
        new HubHttp.Ndjson("files", null)
            .file("a/1.txt", "1")
            .file("a/2.txt", "22")
            .file("a/b/3.txt", "333")
            .file("top.txt", "t"));
    HttpResponse<byte[]> root = h.get("/api/datasets/" + id + "/tree/main");
    List<String> paths = collect(h, root);
    assertThat(paths).containsExactlyInAnyOrder(".gitattributes", "a", "top.txt");
    HttpResponse<byte[]> rec =
        h.get("/api/datasets/" + id + "/tree/main?recursive=true&expand=false");
    assertThat(rec.headers().firstValue("Link").orElse(""))
        .startsWith("<http://")
        .endsWith("rel=\"next\"");
    assertThat(collect(h, rec))
        .containsExactlyInAnyOrder(
            ".gitattributes", "a", "a/1.txt", "a/2.txt", "a/b", "a/b/3.txt", "top.txt");
    // %2F-encoded path (huggingface_hub) and raw path (huggingface.js)
    assertThat(collect(h, h.get("/api/datasets/" + id + "/tree/main/a%2Fb")))
        .containsExactly("a/b/3.txt");
    assertThat(collect(h, h.get("/api/datasets/" + id + "/tree/main/a/b")))
        .containsExactly("a/b/3.txt");
    JsonNode page = json(h.get("/api/datasets/" + id + "/tree/main/a?expand=true"));
    assertThat(page).hasSize(2);
    assertThat(page.get(0).at("/lastCommit/title").asText()).isEqualTo("files");
    assertThat(page.get(0).at("/lastCommit/id").asText()).matches("[0-9a-f]{40}");
    JsonNode file = json(h.get("/api/datasets/" + id + "/tree/main/a/b")).get(0);
    assertThat(file.get("type").asText()).isEqualTo("file");
    assertThat(file.get("size").asInt()).isEqualTo(3);
    assertThat(file.get("oid").asText()).matches("[0-9a-f]{40}");
    assertThat(code(h.get("/api/datasets/" + id + "/tree/main/nope"))).isEqualTo("EntryNotFound");
    assertThat(code(h.get("/api/datasets/" + id + "/tree/main/top.txt")))
        .isEqualTo("EntryNotFound");
    // paths-info, form (huggingface_hub) and JSON (huggingface.js); missing omitted, order kept
    HttpResponse<byte[]> form =
        h.post(
            "/api/datasets/" + id + "/paths-info/main",
            "application/x-www-form-urlencoded",
            "paths=top.txt&paths=missing&paths=a&expand=true".getBytes(StandardCharsets.UTF_8));
    JsonNode fi = json(form);
    assertThat(fi).hasSize(2);
    assertThat(fi.get(0).get("path").asText()).isEqualTo("top.txt");
    assertThat(fi.get(0).has("lastCommit")).isTrue();
    assertThat(fi.get(1).get("type").asText()).isEqualTo("directory");
    JsonNode js =
        json(
            h.postJson(
                "/api/datasets/" + id + "/paths-info/main",
                Map.of("paths", List.of("a/1.txt"), "expand", false)));
    assertThat(js).hasSize(1);
    assertThat(js.get(0).has("lastCommit")).isFalse();
  }

  static List<String> collect(HubHttp h, HttpResponse<byte[]> first) {
    List<String> out = new ArrayList<>();
    HttpResponse<byte[]> r = first;
    while (true) {
      assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
      json(r).forEach(e -> out.add(e.get("path").asText()));
      String link = r.headers().firstValue("Link").orElse(null);
      if (link == null) {
        return out;
      }
      r = h.get(link.substring(1, link.indexOf('>')));
    }
  }

  @Test
  void refsBranchesTagsCommits() {
    HubHttp h = h();
    String id = h.createDataset("refs", false);
    String c1 = h.commitOk(id, new HubHttp.Ndjson("one", null).file("f.txt", "1"));
    String c2 = h.commitOk(id, new HubHttp.Ndjson("two", null).file("f.txt", "2"));
    assertThat(
            h.postJson("/api/datasets/" + id + "/branch/dev%2Ffeature", Map.of("startingPoint", c1))
                .statusCode())
        .isEqualTo(200);
    assertThat(h.postJson("/api/datasets/" + id + "/branch/dev%2Ffeature", Map.of()).statusCode())
        .isEqualTo(409);
    assertThat(
            h.postJson(
                    "/api/datasets/" + id + "/tag/main", Map.of("tag", "v1", "message", "release"))
                .statusCode())
        .isEqualTo(200);
    assertThat(h.postJson("/api/datasets/" + id + "/tag/main", Map.of("tag", "v1")).statusCode())
        .isEqualTo(409);
    JsonNode refs = json(h.get("/api/datasets/" + id + "/refs?include_prs=1"));
    assertThat(refs.get("branches").toString())
        .contains("\"name\":\"dev/feature\"", "refs/heads/main", c1);
    assertThat(refs.at("/tags/0/targetCommit").asText()).isEqualTo(c2);
    assertThat(refs.has("converts") && refs.has("pullRequests")).isTrue();
    assertThat(h.headSha(id, "v1")).isEqualTo(c2);
    assertThat(h.headSha(id, "dev%2Ffeature")).isEqualTo(c1);
    HttpResponse<byte[]> page = h.get("/api/datasets/" + id + "/commits/main?limit=1");
    assertThat(page.headers().firstValue("X-Total-Count")).contains("3");
    assertThat(json(page).get(0).get("id").asText()).isEqualTo(c2);
    assertThat(json(page).get(0).get("date").asText()).endsWith("Z");
    String next = page.headers().firstValue("Link").orElseThrow();
    HttpResponse<byte[]> p2 = h.get(next.substring(1, next.indexOf('>')));
    assertThat(json(p2).get(0).get("id").asText()).isEqualTo(c1);
    assertThat(
            h.send(h.req("/api/datasets/" + id + "/branch/dev%2Ffeature").DELETE().build())
                .statusCode())
        .isEqualTo(200);
    assertThat(h.send(h.req("/api/datasets/" + id + "/tag/v1").DELETE().build()).statusCode())
        .isEqualTo(200);
    assertThat(code(h.send(h.req("/api/datasets/" + id + "/tag/v1").DELETE().build())))
        .isEqualTo("RevisionNotFound");
    JsonNode after = json(h.get("/api/datasets/" + id + "/refs"));
    assertThat(after.get("tags")).isEmpty();
    assertThat(after.get("branches")).hasSize(1);
  }

  @Test
  void preuploadModesAndOid() {
    HubHttp h = h();
    String id = h.createDataset("pre", false);
    h.commitOk(id, new HubHttp.Ndjson("x", null).file("a.txt", "abc"));
    JsonNode r =
        json(
            h.postJson(
                "/api/datasets/" + id + "/preupload/main",
                Map.of(
                    "files",
                    List.of(
                        Map.of("path", "a.txt", "sample", "YWJj", "size", 3),
                        Map.of("path", "big.csv", "sample", "", "size", 20_000_000),
                        Map.of("path", "x.parquet", "sample", "", "size", 10),
                        Map.of("path", "bin.dat", "sample", "AAEC", "size", 3),
                        Map.of("path", "empty.bin", "sample", "", "size", 0)))));
    assertThat(r.get("commitOid").asText()).matches("[0-9a-f]{40}");
    JsonNode f = r.get("files");
    assertThat(f.get(0).get("uploadMode").asText()).isEqualTo("regular");
    assertThat(f.get(0).get("oid").asText()).matches("[0-9a-f]{40}");
    assertThat(f.get(0).get("shouldIgnore").asBoolean()).isFalse();
    assertThat(f.get(1).get("uploadMode").asText()).isEqualTo("lfs");
    assertThat(f.get(2).get("uploadMode").asText()).isEqualTo("lfs");
    assertThat(f.get(3).get("uploadMode").asText()).isEqualTo("lfs");
    assertThat(f.get(4).get("uploadMode").asText()).isEqualTo("regular");
    assertThat(f.get(1).get("path").asText()).isEqualTo("big.csv");
  }

  static List<String> modes(HubHttp h, String id, Map<String, Object> body) {
    List<String> out = new ArrayList<>();
    for (JsonNode f :
        json(h.postJson("/api/datasets/" + id + "/preupload/main", body)).get("files")) {
      out.add(f.get("path").asText() + "=" + f.get("uploadMode").asText());
    }
    return out;
  }

  static List<Map<String, Object>> textFiles(String... paths) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (String p : paths) {
      files.add(Map.of("path", p, "sample", "aGVsbG8gd29ybGQK", "size", 12));
    }
    return files;
  }

  @Test
  void preuploadHonoursGitattributesFromRequestThenRepo() {
    HubHttp h = h();
    String id = h.createDataset("pre-attrs", false);
    String inRequest =
        "# comment\n*.dat filter=lfs diff=lfs merge=lfs -text\n"
            + "data/**/*.txt filter=lfs diff=lfs merge=lfs -text\n/top?.csv filter=lfs -text\n";
    assertThat(
            modes(
                h,
                id,
                Map.of(
                    "gitAttributes",
                    inRequest,
                    "files",
                    textFiles(
                        "tiny.dat",
                        "sub/dir/x.dat",
                        "plain.txt",
                        "data/a/b/c.txt",
                        "data/c.txt",
                        "other/data/c.txt",
                        "top1.csv",
                        "sub/top1.csv",
                        "top12.csv",
                        "x.parquet"))))
        .containsExactly(
            "tiny.dat=lfs",
            "sub/dir/x.dat=lfs",
            "plain.txt=regular",
            "data/a/b/c.txt=lfs",
            "data/c.txt=lfs",
            "other/data/c.txt=regular",
            "top1.csv=lfs",
            "sub/top1.csv=regular",
            "top12.csv=regular",
            "x.parquet=regular");
    // without gitAttributes in the request: the initial .gitattributes of the repo decides
    assertThat(
            modes(h, id, Map.of("files", textFiles("tiny.dat", "x.parquet", "d/run.tfevents.1"))))
        .containsExactly("tiny.dat=regular", "x.parquet=lfs", "d/run.tfevents.1=lfs");
    h.commitOk(
        id,
        new HubHttp.Ndjson("attrs", null)
            .file(
                ".gitattributes",
                "*.dat filter=lfs diff=lfs merge=lfs -text\nnolfs/*.dat -filter\n"));
    assertThat(
            modes(
                h,
                id,
                Map.of("files", textFiles("tiny.dat", "a/b.dat", "nolfs/b.dat", "x.parquet"))))
        .containsExactly("tiny.dat=lfs", "a/b.dat=lfs", "nolfs/b.dat=regular", "x.parquet=regular");
  }

  @Test
  void resolveAndRaw() {
    HubHttp h = h();
    String id = h.createDataset("res", false);
    byte[] lfsBytes = "lfs content here".repeat(10).getBytes(StandardCharsets.UTF_8);
    h.uploadLfs(id, lfsBytes);
    String oid = HubHttp.sha256(lfsBytes);
    String sha =
        h.commitOk(
            id,
            new HubHttp.Ndjson("x", null)
                .file("dir with space/r.txt", "regular")
                .lfs("l.bin", oid, lfsBytes.length));
    HttpResponse<byte[]> reg = h.get("/datasets/" + id + "/resolve/main/dir%20with%20space/r.txt");
    assertThat(text(reg)).isEqualTo("regular");
    assertThat(reg.headers().firstValue("ETag").orElse("")).matches("\"[0-9a-f]{40}\"");
    assertThat(reg.headers().firstValue("X-Repo-Commit")).contains(sha);
    assertThat(reg.headers().firstValue("Content-Encoding")).isEmpty();
    // CDN mode: the LFS file's metadata is on the 302, its bytes on the CDN origin
    HttpResponse<byte[]> redirect = h.get("/datasets/" + id + "/resolve/" + sha + "/l.bin");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("ETag")).contains("\"" + oid + "\"");
    assertThat(redirect.headers().firstValue("X-Linked-Etag")).contains("\"" + oid + "\"");
    assertThat(redirect.headers().firstValue("X-Linked-Size"))
        .contains(String.valueOf(lfsBytes.length));
    HttpResponse<byte[]> lfs = CdnDownloads.follow(h, redirect, "GET");
    assertThat(lfs.body()).isEqualTo(lfsBytes);
    assertThat(lfs.headers().firstValue("ETag")).contains("\"" + oid + "\"");
    assertThat(lfs.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(lfs.headers().allValues("X-Xet-Hash")).isEmpty();
    HttpResponse<byte[]> raw = h.get("/datasets/" + id + "/raw/main/l.bin");
    assertThat(text(raw))
        .startsWith("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid);
    HttpResponse<byte[]> missing = h.get("/datasets/" + id + "/resolve/main/nope.txt");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(code(missing)).isEqualTo("EntryNotFound");
    assertThat(missing.headers().firstValue("X-Repo-Commit")).contains(sha);
    assertThat(code(h.get("/datasets/" + id + "/resolve/nope/l.bin")))
        .isEqualTo("RevisionNotFound");
    assertThat(code(h.get("/datasets/nobody/none/resolve/main/l.bin"))).isEqualTo("RepoNotFound");
    // model repos have no prefix
    h.postJson("/api/repos/create", Map.of("name", "mres"));
    h.post(
        "/api/models/dev/mres/commit/main",
        "application/x-ndjson",
        new HubHttp.Ndjson("m", null).file("w.txt", "w").bytes());
    assertThat(text(h.get("/dev/mres/resolve/main/w.txt"))).isEqualTo("w");
  }

  @Test
  void specialRevisions() {
    HubHttp h = h();
    String id = h.createDataset("special", false);
    String c = h.commitOk(id, new HubHttp.Ndjson("x", null).file("f.txt", "main"));
    // localhub extension: the branch API creates refs/convert/<name>; commits to it are allowed
    // (parquet bot)
    assertThat(
            h.postJson("/api/datasets/" + id + "/branch/refs%2Fconvert%2Fparquet", Map.of())
                .statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> pq =
        h.post(
            "/api/datasets/" + id + "/commit/refs%2Fconvert%2Fparquet",
            "application/x-ndjson",
            new HubHttp.Ndjson("parquet", null).file("default/train/0000.parquet", "PQ").bytes());
    assertThat(pq.statusCode()).as(text(pq)).isEqualTo(200);
    assertThat(text(h.get("/datasets/" + id + "/resolve/~parquet/default/train/0000.parquet")))
        .isEqualTo("PQ");
    assertThat(
            text(
                h.get(
                    "/datasets/"
                        + id
                        + "/resolve/refs/convert/parquet/default/train/0000.parquet")))
        .isEqualTo("PQ");
    assertThat(
            text(
                h.get(
                    "/datasets/"
                        + id
                        + "/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet")))
        .isEqualTo("PQ");
    assertThat(collectTree(h, "/api/datasets/" + id + "/tree/refs/convert/parquet/default/train"))
        .containsExactly("default/train/0000.parquet");
    assertThat(collectTree(h, "/api/datasets/" + id + "/tree/~parquet/default?recursive=true"))
        .contains("default/train/0000.parquet");
    assertThat(json(h.get("/api/datasets/" + id + "/refs")).at("/converts/0/name").asText())
        .isEqualTo("parquet");
    JsonNode pr =
        json(
            h.postJson(
                "/api/datasets/" + id + "/discussions",
                Map.of("title", "t", "description", "d", "pullRequest", true)));
    int num = pr.get("num").asInt();
    assertThat(pr.get("pullRequestUrl").asText())
        .endsWith("/datasets/" + id + "/discussions/" + num);
    HttpResponse<byte[]> cr =
        h.post(
            "/api/datasets/" + id + "/commit/refs%2Fpr%2F" + num,
            "application/x-ndjson",
            new HubHttp.Ndjson("on pr", null).file("f.txt", "pr").bytes());
    assertThat(cr.statusCode()).as(text(cr)).isEqualTo(200);
    assertThat(text(h.get("/datasets/" + id + "/resolve/refs%2Fpr%2F" + num + "/f.txt")))
        .isEqualTo("pr");
    assertThat(text(h.get("/datasets/" + id + "/resolve/refs/pr/" + num + "/f.txt")))
        .isEqualTo("pr");
    assertThat(collectTree(h, "/api/datasets/" + id + "/tree/refs/pr/" + num)).contains("f.txt");
    assertThat(text(h.get("/datasets/" + id + "/resolve/main/f.txt"))).isEqualTo("main");
    assertThat(h.headSha(id)).isEqualTo(c);
  }

  @Test
  void createWithFilesAndHeadOnApi() {
    HubHttp h = h();
    HttpResponse<byte[]> r =
        h.postJson(
            "/api/repos/create",
            Map.of(
                "name",
                "withfiles",
                "organization",
                "dev",
                "type",
                "dataset",
                "visibility",
                "public",
                "files",
                List.of(Map.of("path", "README.md", "encoding", "base64", "content", "IyBoaQo="))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(h.get("/datasets/dev/withfiles/resolve/main/README.md"))).isEqualTo("# hi\n");
    HttpResponse<byte[]> head = h.head("/api/datasets/dev/withfiles");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(h.head("/api/datasets/dev/nothere").statusCode()).isEqualTo(404);
  }

  @Test
  void largeCommitIsPackedAndReadable() {
    HubHttp h = h();
    String id = h.createDataset("many", false);
    HubHttp.Ndjson c = new HubHttp.Ndjson("many files", null);
    for (int i = 0; i < 120; i++) {
      c.file("d/f" + i + ".txt", "content " + i);
    }
    h.commitOk(id, c);
    assertThat(collect(h, h.get("/api/datasets/" + id + "/tree/main/d"))).hasSize(120);
    assertThat(text(h.get("/datasets/" + id + "/resolve/main/d/f77.txt"))).isEqualTo("content 77");
    h.commitOk(id, new HubHttp.Ndjson("delete all", null).deleteFolder("d"));
    assertThat(HubHttp.code(h.get("/api/datasets/" + id + "/tree/main/d")))
        .isEqualTo("EntryNotFound");
  }

  static List<String> collectTree(HubHttp h, String url) {
    return collect(h, h.get(url));
  }
}
