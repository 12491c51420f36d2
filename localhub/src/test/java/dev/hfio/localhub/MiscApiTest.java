package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MiscApiTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void parameterInjection(LocalHub hub) {
    assertThat(hub).isSameAs(HUB.hub());
    assertThat(hub.url()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
    assertThat(hub.writeToken()).startsWith("hf_");
    assertThat(hub.readToken()).startsWith("hf_").isNotEqualTo(hub.writeToken());
  }

  @Test
  void legacyJsonCommitForm() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("jsonform", false);
    HttpResponse<byte[]> r =
        h.postJson(
            "/api/datasets/" + id + "/commit/main",
            Map.of(
                "summary",
                "json form",
                "files",
                List.of(Map.of("path", "j.txt", "content", "aGk=", "encoding", "base64"))));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(text(h.get("/datasets/" + id + "/resolve/main/j.txt"))).isEqualTo("hi");
    HttpResponse<byte[]> del =
        h.postJson(
            "/api/datasets/" + id + "/commit/main",
            Map.of("summary", "rm", "deletedFiles", List.of(Map.of("path", "j.txt"))));
    assertThat(del.statusCode()).isEqualTo(200);
    assertThat(h.get("/datasets/" + id + "/resolve/main/j.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void orphanConvertRefAndSettings() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("orphan", false);
    h.commitOk(id, new HubHttp.Ndjson("x", null).file("main.txt", "m"));
    assertThat(
            h.postJson(
                    "/api/datasets/" + id + "/branch/refs%2Fconvert%2Fparquet",
                    Map.of("emptyBranch", true))
                .statusCode())
        .isEqualTo(200);
    assertThat(json(h.get("/api/datasets/" + id + "/tree/~parquet"))).isEmpty();
    HttpResponse<byte[]> s =
        h.send(
            h.req("/api/datasets/" + id + "/settings")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"private\":true}"))
                .build());
    assertThat(s.statusCode()).isEqualTo(200);
    assertThat(h.as(null).get("/api/datasets/" + id).statusCode())
        .isEqualTo(401); // anonymous: 401 as the Hub
    assertThat(json(h.get("/api/datasets/" + id)).get("private").asBoolean()).isTrue();
  }

  @Test
  void rawLfsPointerEtagIsBlobSha() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("rawetag", false);
    byte[] data = "some lfs bytes".getBytes();
    h.uploadLfs(id, data);
    h.commitOk(id, new HubHttp.Ndjson("x", null).lfs("x.bin", HubHttp.sha256(data), data.length));
    String blob = json(h.get("/api/datasets/" + id + "/tree/main")).get(1).get("oid").asText();
    HttpResponse<byte[]> raw = h.head("/datasets/" + id + "/raw/main/x.bin");
    assertThat(raw.headers().firstValue("ETag")).contains("\"" + blob + "\"");
    assertThat(raw.headers().firstValue("X-Linked-Size")).isEmpty();
    JsonAssert.entryHasLfs(
        json(h.get("/api/datasets/" + id + "/tree/main")).get(1),
        HubHttp.sha256(data),
        data.length);
  }

  @Test
  void fileReplacedByDirectoryAndBack() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("filedir", false);
    h.commitOk(id, new HubHttp.Ndjson("file", null).file("x", "file"));
    // replacing a file by a folder (and back) must be explicit: a plain write over it is a 409
    // PathConflict
    // (see CommitIntegrityAttackTest); deleting first in the same commit is applied in order
    h.commitOk(id, new HubHttp.Ndjson("dir", null).delete("x").file("x/y.txt", "inside"));
    assertThat(text(h.get("/datasets/" + id + "/resolve/main/x/y.txt"))).isEqualTo("inside");
    assertThat(json(h.get("/api/datasets/" + id + "/tree/main")).toString())
        .contains("\"directory\"");
    h.commitOk(id, new HubHttp.Ndjson("file again", null).deleteFolder("x/").file("x", "file2"));
    assertThat(text(h.get("/datasets/" + id + "/resolve/main/x"))).isEqualTo("file2");
    assertThat(h.get("/datasets/" + id + "/resolve/main/x/y.txt").statusCode()).isEqualTo(404);
  }

  /** Small assertion helper for tree entries. */
  static final class JsonAssert {
    static void entryHasLfs(com.fasterxml.jackson.databind.JsonNode e, String oid, long size) {
      assertThat(e.get("path").asText()).isEqualTo("x.bin");
      assertThat(e.get("size").asLong()).isEqualTo(size);
      assertThat(e.at("/lfs/oid").asText()).isEqualTo(oid);
      assertThat(e.at("/lfs/size").asLong()).isEqualTo(size);
      assertThat(e.at("/lfs/pointerSize").asInt()).isGreaterThan(0);
    }
  }
}
