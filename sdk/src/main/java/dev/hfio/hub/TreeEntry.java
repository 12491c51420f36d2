package dev.hfio.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;

/**
 * A file or directory of a repo tree (from tree listing or paths-info). For LFS files {@link
 * #size()} is the real content size and {@link #lfs()} holds the sha256; {@link #oid()} is the git
 * blob (or tree) sha1.
 */
public record TreeEntry(
    String type, String path, String oid, long size, LfsInfo lfs, LastCommit lastCommit)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public boolean isFile() {
    return "file".equals(type);
  }

  public boolean isDirectory() {
    return !isFile();
  }

  /**
   * The ETag the resolve endpoint gives this file: the sha256 for LFS files, else the blob sha1.
   */
  public String etag() {
    return lfs != null ? lfs.sha256() : oid;
  }

  static TreeEntry from(JsonNode n) {
    JsonNode l = n.get("lfs");
    LfsInfo lfs =
        l == null || l.isNull()
            ? null
            : new LfsInfo(
                l.path("oid").asText(l.path("sha256").asText(null)),
                l.path("size").asLong(),
                l.path("pointerSize").asLong());
    JsonNode c = n.get("lastCommit");
    LastCommit lc =
        c == null || c.isNull()
            ? null
            : new LastCommit(
                c.path("id").asText(null),
                c.path("title").asText(null),
                c.path("date").asText(null));
    return new TreeEntry(
        n.path("type").asText("file"),
        n.path("path").asText(),
        n.path("oid").asText(null),
        n.path("size").asLong(0),
        lfs,
        lc);
  }
}
