package dev.hfio.hub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

/** The NDJSON body of {@code POST commit}: a header line, then one line per operation. Internal. */
final class CommitPayload {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  CommitPayload(String summary, String description, String parentCommit) {
    ObjectNode header =
        HubHttp.JSON.createObjectNode().put("summary", summary).put("description", description);
    if (parentCommit != null) {
      header.put("parentCommit", parentCommit);
    }
    line("header", header);
  }

  void lfsFile(String path, String sha256, long size) {
    line(
        "lfsFile",
        HubHttp.JSON
            .createObjectNode()
            .put("path", path)
            .put("algo", "sha256")
            .put("oid", sha256)
            .put("size", size));
  }

  void file(String path, byte[] content) {
    line(
        "file",
        HubHttp.JSON
            .createObjectNode()
            .put("path", path)
            .put("content", Base64.getEncoder().encodeToString(content))
            .put("encoding", "base64"));
  }

  void deletedFile(String path) {
    line("deletedFile", HubHttp.JSON.createObjectNode().put("path", path));
  }

  void deletedFolder(String path) {
    line("deletedFolder", HubHttp.JSON.createObjectNode().put("path", path));
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void line(String key, ObjectNode value) {
    ObjectNode l = HubHttp.JSON.createObjectNode().put("key", key);
    l.set("value", value);
    out.writeBytes(HubHttp.bytes(l));
    out.write('\n');
  }
}
