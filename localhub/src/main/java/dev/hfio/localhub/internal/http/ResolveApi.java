package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.Resolved;
import dev.hfio.localhub.internal.storage.TreeEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code /resolve/} (LFS content) and {@code /raw/} (git blob, i.e. the pointer for LFS files)
 * downloads with ETag, X-Repo-Commit, X-Linked-* and single-range support. In CDN mode an LFS
 * file's {@code /resolve} is a 302 to the CDN origin ({@link CdnHandler}); everything else is
 * answered directly. Bodies are written asynchronously (large files stream from disk in 1 MiB
 * chunks), so a client that does not read holds no thread.
 */
final class ResolveApi {
  private final HubContext ctx;

  ResolveApi(HubContext ctx) {
    this.ctx = ctx;
  }

  void serve(Exchange ex, RepoKey k, List<String> rest, boolean raw) throws IOException {
    HubRepo repo = RepoAccess.download(ctx, ex, k);
    RevPath rp = RevPath.split(rest);
    Resolved r = repo.resolve(rp.revision());
    ex.setHeader("X-Repo-Commit", r.sha());
    TreeEntry e = rp.path().isEmpty() ? null : repo.find(r.commit(), rp.path());
    if (e == null || e.directory()) {
      throw HubError.entryNotFound(k.id(), rp.revision(), rp.path());
    }
    ex.setHeader("Accept-Ranges", "bytes");
    ex.setHeader(
        "Access-Control-Expose-Headers",
        "X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,"
            + "X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag");
    if (e.lfs() != null && !raw) {
      Path file = ctx.lfs().path(e.lfs().oid());
      long size = ctx.lfs().size(e.lfs().oid());
      if (size < 0) {
        throw new HubError(
            404,
            "EntryNotFound",
            "LFS object "
                + e.lfs().oid()
                + " of "
                + rp.path()
                + " in "
                + k.id()
                + " is missing from the LFS store");
      }
      ex.setHeader("ETag", "\"" + e.lfs().oid() + "\"");
      ex.setHeader("X-Linked-Etag", "\"" + e.lfs().oid() + "\"");
      ex.setHeader("X-Linked-Size", String.valueOf(size));
      if (ctx.cdn() != null) {
        redirectToCdn(ex, repo, e.lfs().oid());
        return;
      }
      sendFile(ex, file, size);
    } else {
      byte[] bytes = repo.blobBytes(e.oid());
      ex.setHeader("ETag", "\"" + e.oid() + "\"");
      sendBytes(ex, bytes);
    }
  }

  /**
   * CDN mode: a 302 to a signed, expiring URL of the object on the CDN origin, carrying the
   * metadata clients read from the redirect itself (X-Repo-Commit, X-Linked-Size, X-Linked-Etag,
   * ETag) and no byte of the file. A reader who may read the repo only because it is public gets a
   * public-scope URL (dead once the repo turns private).
   */
  private void redirectToCdn(Exchange ex, HubRepo repo, String oid) throws IOException {
    dev.hfio.localhub.internal.auth.Principal p = RepoAccess.principal(ctx, ex);
    boolean publicOnly =
        p == null
            || !(RepoAccess.owns(p, repo.key().namespace()) || p.user().equals(repo.meta().owner));
    ex.resp.getHeaders().remove("Accept-Ranges");
    ex.setHeader("Location", ctx.cdn().sign(ex, repo.key(), repo.meta().objectId, oid, publicOnly));
    ex.send(302, "text/plain; charset=utf-8", new byte[0]);
  }

  /**
   * Resolves the request's Range. An empty file asked for a range starting at 0 (the JS client's
   * {@code bytes=0-0} size probe) gets the whole (empty) body as a 200 carrying {@code
   * Content-Range: bytes *}{@code /0}, so clients that read the total size from Content-Range still
   * find it; any other range on an empty file is a 416.
   */
  private static ByteRange range(Exchange ex, long size) throws IOException {
    if (ex.header("Range") != null
        && !ifRangeHolds(ex.header("If-Range"), ex.resp.getHeaders().get("ETag"))) {
      return null; // RFC 9110 13.1.5: the validator no longer matches, so the whole current
      // representation (200)
    }
    ByteRange br = ByteRange.parse(ex.header("Range"), size);
    if (br == ByteRange.UNSATISFIABLE && size == 0 && ByteRange.startsAtZero(ex.header("Range"))) {
      ex.setHeader("Content-Range", "bytes */0");
      return null;
    }
    if (br == ByteRange.UNSATISFIABLE) {
      ex.setHeader("Content-Range", "bytes */" + size);
      throw new HubError(
          416,
          "RangeNotSatisfiable",
          "Requested range "
              + ex.header("Range")
              + " is not satisfiable for a file of "
              + size
              + " bytes");
    }
    return br;
  }

  /**
   * If-Range (RFC 9110 13.1.5): absent, or a strong entity tag equal to the current ETag, lets the
   * Range apply. A weak tag, a different tag or an HTTP date (these responses carry no
   * Last-Modified, so no date can be validated) means the client's earlier bytes may be of another
   * version: it gets the full body instead of a slice to splice.
   */
  static boolean ifRangeHolds(String ifRange, String etag) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.strip();
    return etag != null && v.startsWith("\"") && !etag.startsWith("W/") && v.equals(etag);
  }

  private static void head(Exchange ex, ByteRange br, long size) {
    ex.resp.getHeaders().put("Content-Type", "application/octet-stream");
    if (br != null) {
      ex.resp.setStatus(206);
      ex.setHeader("Content-Range", br.contentRange(size));
      ex.resp.getHeaders().put("Content-Length", br.length());
    } else {
      ex.resp.setStatus(200);
      ex.resp.getHeaders().put("Content-Length", size);
    }
  }

  /**
   * Sends (a range of) an in-memory blob asynchronously: an unread download holds no worker thread.
   */
  static void sendBytes(Exchange ex, byte[] bytes) throws IOException {
    ByteRange br = range(ex, bytes.length);
    head(ex, br, bytes.length);
    if (ex.method.equals("HEAD")) {
      ex.finish();
      return;
    }
    ex.writeLast(
        br == null
            ? ByteBuffer.wrap(bytes)
            : ByteBuffer.wrap(bytes, (int) br.start(), (int) br.length()));
  }

  /**
   * Sends (a range of) a file asynchronously through {@link FileSender}: an unread download holds
   * no thread.
   */
  static void sendFile(Exchange ex, Path file, long size) throws IOException {
    ByteRange br = range(ex, size);
    head(ex, br, size);
    if (ex.method.equals("HEAD")) {
      ex.finish();
      return;
    }
    long pos = br == null ? 0 : br.start();
    long remaining = br == null ? size : br.length();
    FileSender.send(ex, file, pos, remaining);
  }
}
