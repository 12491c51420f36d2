package dev.hfio.localhub;

import static dev.hfio.localhub.StrictInputChecks.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Commits never lose data silently: file/folder collisions, duplicate paths, write-then-delete in
 * one commit and mislabelled bodies are 4xx naming the paths, with the branch head and the files
 * unchanged.
 */
class CommitIntegrityAttackTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static HubHttp h;
  static String id;

  @BeforeAll
  static void setUp() {
    h = new HubHttp(HUB.hub());
    id = h.createDataset("integrity", false);
    h.commitOk(
        id,
        new HubHttp.Ndjson("base", null)
            .file("data/a.txt", "A")
            .file("data/sub/b.txt", "B")
            .file("x", "X")
            .file("deep/file", "F")
            .file("keep.txt", "K"));
  }

  static String get(String path) {
    return HubHttp.text(h.get("/datasets/" + id + "/resolve/main/" + path));
  }

  static void assertIntact(String head) {
    assertThat(h.headSha(id)).isEqualTo(head);
    assertThat(get("data/a.txt")).isEqualTo("A");
    assertThat(get("data/sub/b.txt")).isEqualTo("B");
    assertThat(get("x")).isEqualTo("X");
    assertThat(get("deep/file")).isEqualTo("F");
  }

  static HttpResponse<byte[]> commit(HubHttp.Ndjson n) {
    return h.commit(id, "main", n);
  }

  @Test
  void fileOverExistingFolderIsRefused() {
    String head = h.headSha(id);
    HttpResponse<byte[]> r = commit(new HubHttp.Ndjson("clobber", null).file("data", "oops"));
    assertError(HUB.hub(), r, 409, "PathConflict");
    assertThat(HubHttp.json(r).get("error").asText()).contains("'data'").contains("data/a.txt");
    assertIntact(head);
  }

  @Test
  void folderOverExistingFileIsRefused() {
    String head = h.headSha(id);
    HttpResponse<byte[]> r = commit(new HubHttp.Ndjson("under", null).file("x/y.txt", "oops"));
    assertError(HUB.hub(), r, 409, "PathConflict");
    assertThat(HubHttp.json(r).get("error").asText()).contains("'x/y.txt'").contains("'x'");
    assertIntact(head);
    r = commit(new HubHttp.Ndjson("deeper", null).file("deep/file/c/d.txt", "oops"));
    assertError(HUB.hub(), r, 409, "PathConflict");
    assertThat(HubHttp.json(r).get("error").asText())
        .contains("deep/file/c/d.txt")
        .contains("'deep/file'");
    assertIntact(head);
  }

  @Test
  void fileAndChildInOneCommitAreRefused() {
    String head = h.headSha(id);
    for (HubHttp.Ndjson n :
        List.of(
            new HubHttp.Ndjson("a", null).file("n", "1").file("n/m", "2"),
            new HubHttp.Ndjson("b", null).file("n/m", "2").file("n", "1"))) {
      HttpResponse<byte[]> r = commit(n);
      assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
      assertThat(HubHttp.json(r).get("error").asText()).contains("'n'").contains("'n/m'");
      assertIntact(head);
    }
    assertThat(h.get("/datasets/" + id + "/resolve/main/n").statusCode()).isEqualTo(404);
  }

  @Test
  void samePathTwiceIsRefused() {
    String head = h.headSha(id);
    HttpResponse<byte[]> r =
        commit(new HubHttp.Ndjson("dup", null).file("dup.txt", "1").file("dup.txt", "2"));
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(HubHttp.json(r).get("error").asText())
        .contains("#1")
        .contains("#2")
        .contains("'dup.txt'");
    byte[] lfs = "lfs content".getBytes();
    h.uploadLfs(id, lfs);
    r =
        commit(
            new HubHttp.Ndjson("dup", null)
                .file("keep.txt", "1")
                .lfs("keep.txt", HubHttp.sha256(lfs), lfs.length));
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertIntact(head);
    assertThat(get("keep.txt")).isEqualTo("K");
  }

  @Test
  void writeThenDeleteInOneCommitIsRefused() {
    String head = h.headSha(id);
    HttpResponse<byte[]> r =
        commit(new HubHttp.Ndjson("lost", null).file("keep.txt", "new").delete("keep.txt"));
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(HubHttp.json(r).get("error").asText()).contains("'keep.txt'");
    r = commit(new HubHttp.Ndjson("lost", null).file("data/new.txt", "new").deleteFolder("data/"));
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(HubHttp.json(r).get("error").asText()).contains("'data/new.txt'").contains("'data'");
    assertIntact(head);
    assertThat(get("keep.txt")).isEqualTo("K");
  }

  @Test
  void deleteThenWriteIsAppliedInOrder() {
    HubHttp.Ndjson n =
        new HubHttp.Ndjson("swap", null)
            .delete("keep.txt")
            .file("keep.txt", "K2")
            .deleteFolder("data/sub/")
            .file("data/sub", "now a file");
    String c = h.commitOk(id, n);
    assertThat(h.headSha(id)).isEqualTo(c);
    assertThat(get("keep.txt")).isEqualTo("K2");
    assertThat(get("data/sub")).isEqualTo("now a file");
    assertThat(get("data/a.txt")).isEqualTo("A");
    // and back, in separate commits (the pre-existing behaviour)
    h.commitOk(id, new HubHttp.Ndjson("rm", null).delete("data/sub"));
    h.commitOk(
        id, new HubHttp.Ndjson("re-add", null).file("data/sub/b.txt", "B").file("keep.txt", "K"));
    assertThat(get("data/sub/b.txt")).isEqualTo("B");
    assertThat(get("keep.txt")).isEqualTo("K");
  }

  @Test
  void deleteOfTheWrongKindNamesTheKind() {
    String head = h.headSha(id);
    HttpResponse<byte[]> r = commit(new HubHttp.Ndjson("rm", null).deleteFolder("x/"));
    assertError(HUB.hub(), r, 404, "EntryNotFound");
    assertThat(HubHttp.json(r).get("error").asText()).contains("'x' is a file");
    r = commit(new HubHttp.Ndjson("rm", null).delete("data"));
    assertError(HUB.hub(), r, 404, "EntryNotFound");
    assertThat(HubHttp.json(r).get("error").asText())
        .contains("A file with this name doesn't exist")
        .contains("'data' is a folder");
    assertIntact(head);
  }

  @Test
  void ndjsonSentAsJsonIsNotAnEmptySuccess() {
    String head = h.headSha(id);
    byte[] nd = new HubHttp.Ndjson("mislabelled", null).file("mislabelled.txt", "m").bytes();
    HttpResponse<byte[]> r = h.post("/api/datasets/" + id + "/commit/main", "application/json", nd);
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(HubHttp.json(r).get("error").asText()).contains("application/x-ndjson");
    // a single header line alone, labelled JSON, is NDJSON too
    byte[] headerOnly = new HubHttp.Ndjson("only header", null).bytes();
    assertError(
        HUB.hub(),
        h.post("/api/datasets/" + id + "/commit/main", "application/json", headerOnly),
        400,
        "InvalidCommitPayload");
    // legacy JSON with an unknown field, or a non-array files
    assertError(
        HUB.hub(),
        h.postJson(
            "/api/datasets/" + id + "/commit/main", Map.of("summary", "s", "filez", List.of())),
        400,
        "InvalidCommitPayload");
    assertError(
        HUB.hub(),
        h.postJson("/api/datasets/" + id + "/commit/main", Map.of("summary", "s", "files", "nope")),
        400,
        "InvalidCommitPayload");
    assertIntact(head);
  }

  @Test
  void unknownContentTypeIsUnsupported() {
    String head = h.headSha(id);
    byte[] nd = new HubHttp.Ndjson("form", null).file("form.txt", "f").bytes();
    for (String ct :
        List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data")) {
      assertError(
          HUB.hub(),
          h.post("/api/datasets/" + id + "/commit/main", ct, nd),
          415,
          "UnsupportedMediaType");
    }
    assertIntact(head);
    // parameters on the NDJSON type are fine
    HttpResponse<byte[]> ok =
        h.post(
            "/api/datasets/" + id + "/commit/main",
            "application/x-ndjson; charset=utf-8",
            new HubHttp.Ndjson("charset", null).file("charset.txt", "c").bytes());
    assertThat(ok.statusCode()).as(HubHttp.text(ok)).isEqualTo(200);
  }

  @Test
  void headerOnlyCommitIsAnEmptyCommitLikeTheHub() {
    String head = h.headSha(id);
    String c = h.commitOk(id, new HubHttp.Ndjson("empty", null));
    assertThat(c).isNotEqualTo(head);
    assertThat(h.headSha(id)).isEqualTo(c);
    assertThat(get("keep.txt")).isNotEmpty();
  }

  @Test
  void createRepoFilesAreCheckedBeforeTheRepoExists() {
    HttpResponse<byte[]> r =
        h.postJson(
            "/api/repos/create",
            Map.of(
                "name",
                "created-dup",
                "type",
                "dataset",
                "files",
                List.of(
                    Map.of("path", "a", "content", "QQ==", "encoding", "base64"),
                    Map.of("path", "a", "content", "Qg==", "encoding", "base64"))));
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(h.get("/api/datasets/dev/created-dup").statusCode()).isEqualTo(404);
    r =
        h.postJson(
            "/api/repos/create",
            Map.of(
                "name",
                "created-nest",
                "type",
                "dataset",
                "files",
                List.of(
                    Map.of("path", "a", "content", "QQ=="),
                    Map.of("path", "a/b", "content", "Qg=="))));
    assertError(HUB.hub(), r, 400, "InvalidCommitPayload");
    assertThat(h.get("/api/datasets/dev/created-nest").statusCode()).isEqualTo(404);
  }
}
