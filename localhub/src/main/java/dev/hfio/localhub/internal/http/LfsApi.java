package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.lfs.LfsLimits;
import dev.hfio.localhub.internal.lfs.LfsStore;
import dev.hfio.localhub.internal.lfs.LfsTickets;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * Git LFS batch API plus the self-authorising upload (basic and multipart), completion, verify and
 * download URLs it hands out. A URL's random ticket is its authorisation; uploads are verified
 * against sha256 and size before the object becomes visible.
 */
final class LfsApi {
  static final String LFS_JSON = "application/vnd.git-lfs+json";
  private final HubContext ctx;

  LfsApi(HubContext ctx) {
    this.ctx = ctx;
  }

  void batch(Exchange ex, RepoKey k) throws IOException {
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "LFS batch");
    String op = b.path("operation").asText("");
    HubRepo repo;
    if (op.equals("upload")) {
      repo = RepoAccess.write(ctx, ex, k);
    } else if (op.equals("download")) {
      repo = RepoAccess.download(ctx, ex, k);
    } else {
      throw HubError.badRequest(
          "BadRequest", "LFS batch operation must be upload or download, got '" + op + "'");
    }
    LfsLimits limits = ctx.tickets().limits();
    JsonNode objects = b.path("objects");
    if (objects.size() > limits.maxBatchObjects()) {
      throw new HubError(
          413,
          "PayloadTooLarge",
          "LFS batch request for "
              + k.id()
              + " lists "
              + objects.size()
              + " objects; at most "
              + limits.maxBatchObjects()
              + " per request, split it");
    }
    boolean multipartOffered = false;
    for (JsonNode t : b.path("transfers")) {
      multipartOffered |= t.asText().equals("multipart");
    }
    String uid = repo.meta().objectId;
    Principal p = RepoAccess.principal(ctx, ex);
    boolean publicOnly =
        p == null || !(RepoAccess.owns(p, k.namespace()) || p.user().equals(repo.meta().owner));
    String base = ex.baseUrl();
    boolean usedMultipart = false;
    ObjectNode out = Json.obj();
    ArrayNode objs = Json.arr();
    try {
      for (JsonNode o : objects) {
        String oid = o.path("oid").asText("");
        JsonNode sizeNode = o.path("size");
        long size =
            sizeNode.isIntegralNumber() && sizeNode.canConvertToLong() ? sizeNode.asLong() : -1;
        ObjectNode r = objs.addObject();
        r.put("oid", LfsStore.isOid(oid) ? oid : ""); // an invalid oid is not echoed back
        r.put("size", size);
        if (!LfsStore.isOid(oid) || size < 0) {
          r.putObject("error")
              .put("code", 422)
              .put(
                  "message",
                  "Invalid oid or size: an LFS object needs a 64-hex"
                      + " sha256 oid and a non-negative integer size");
          continue;
        }
        if (size > limits.maxObjectBytes()) {
          r.putObject("error")
              .put("code", 422)
              .put(
                  "message",
                  "Object "
                      + oid
                      + " is "
                      + size
                      + " bytes; files"
                      + " larger than "
                      + limits.maxObjectBytes()
                      + " bytes are not allowed");
          continue;
        }
        long have = repo.lfsVisible(oid) ? ctx.lfs().size(oid) : -1;
        if (op.equals("download")) {
          if (have < 0) {
            r.putObject("error")
                .put("code", 404)
                .put("message", "Object " + oid + " does not exist in " + k.id());
          } else {
            LfsTickets.Ticket t =
                ctx.tickets().issue(LfsTickets.Kind.DOWNLOAD, k, uid, oid, have, 0, 0, publicOnly);
            r.putObject("actions")
                .putObject("download")
                .put("href", base + "/lfs-download/" + t.id);
          }
          continue;
        }
        if (have == size) {
          continue; // already stored for this repo: no actions
        }
        ObjectNode actions = r.putObject("actions");
        ObjectNode upload = actions.putObject("upload");
        long chunk = limits.chunkSizeFor(size, ctx.multipartChunkSize());
        if (multipartOffered && size > chunk) {
          usedMultipart = true;
          int parts = (int) ((size + chunk - 1) / chunk);
          LfsTickets.Ticket t =
              ctx.tickets().issue(LfsTickets.Kind.MULTIPART, k, uid, oid, size, chunk, parts);
          upload.put("href", base + "/lfs-upload/" + t.id);
          ObjectNode header = upload.putObject("header");
          header.put("chunk_size", String.valueOf(chunk));
          for (int i = 1; i <= parts; i++) {
            header.put(String.format("%05d", i), base + "/lfs-upload/" + t.id + "/" + i);
          }
        } else {
          LfsTickets.Ticket t =
              ctx.tickets().issue(LfsTickets.Kind.UPLOAD, k, uid, oid, size, 0, 0);
          upload.put("href", base + "/lfs-upload/" + t.id);
        }
        LfsTickets.Ticket v = ctx.tickets().issue(LfsTickets.Kind.VERIFY, k, uid, oid, size, 0, 0);
        actions.putObject("verify").put("href", base + "/lfs-verify/" + v.id);
      }
    } catch (HubError e) {
      if (e.status() == 429) {
        ex.setHeader(
            "Retry-After", String.valueOf(e.extraBody().getOrDefault("retryAfterSeconds", 60)));
      }
      throw e;
    }
    out.put("transfer", usedMultipart ? "multipart" : "basic");
    out.set("objects", objs);
    out.put("hash_algo", "sha256");
    ex.send(200, LFS_JSON, Exchange.JSON.writeValueAsBytes(out));
  }

  private LfsTickets.Ticket ticket(String id, LfsTickets.Kind kind) {
    return ctx.tickets().get(id, kind);
  }

  /**
   * The repo a ticket was issued for, if it still exists as that same repo (a deleted, or deleted
   * and recreated, repo invalidates its URLs); otherwise the ticket is dropped and the answer is
   * 404 {@code LfsTicketNotFound}.
   */
  private HubRepo boundRepo(LfsTickets.Ticket t) {
    HubRepo r = ctx.repos().find(t.repoKey);
    if (r == null || !t.repoUid.equals(r.meta().objectId)) {
      ctx.tickets().consume(t);
      throw new HubError(
          404,
          "LfsTicketNotFound",
          "The repo this LFS URL was issued for no longer exists; ask the"
              + " batch API of the repo again");
    }
    return r;
  }

  /** PUT basic upload. */
  void upload(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.UPLOAD);
    HubRepo repo = boundRepo(t);
    try (InputStream in = ex.bodyStream()) {
      ctx.lfs().put(t.oid, t.size, in, () -> repo.markLfsVisible(t.oid));
    }
    ctx.tickets().consume(t);
    ex.json(200, Json.obj());
  }

  /** PUT one multipart part; answers its ETag. */
  void part(Exchange ex, String ticketId, String partStr) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.MULTIPART);
    boundRepo(t);
    ctx.tickets().renew(t);
    int part;
    try {
      part = Integer.parseInt(partStr);
    } catch (NumberFormatException e) {
      throw HubError.badRequest(
          "BadRequest", "Part number must be an integer, got '" + partStr + "'");
    }
    if (part < 1 || part > t.partCount) {
      throw HubError.badRequest("BadRequest", "Part " + part + " out of range 1.." + t.partCount);
    }
    synchronized (t) {
      if (t.partsDir == null) {
        t.partsDir = ctx.lfs().newTempDir();
      }
    }
    Path p = t.partsDir.resolve("part-" + part);
    long max = t.chunkSize;
    long n = 0;
    try (InputStream in = ex.bodyStream();
        OutputStream out = Files.newOutputStream(p)) {
      byte[] buf = new byte[1 << 20];
      int r;
      while ((r = in.read(buf)) >= 0) {
        out.write(buf, 0, r);
        n += r;
        if (n > max) {
          LfsStore.drain(in);
          throw HubError.badRequest(
              "LfsVerificationFailed", "Part " + part + " exceeds chunk_size " + max);
        }
      }
    }
    String etag = "\"" + UUID.randomUUID().toString().replace("-", "") + "\"";
    t.partEtags.put(part, etag);
    ctx.tickets().renew(t);
    ex.setHeader("ETag", etag);
    ex.json(200, Json.obj());
  }

  /**
   * POST multipart completion {oid, parts:[{partNumber, etag}]}: concatenates, verifies, stores.
   */
  void complete(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.MULTIPART);
    HubRepo repo = boundRepo(t);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "multipart completion");
    if (!t.oid.equals(b.path("oid").asText())) {
      throw HubError.badRequest(
          "LfsVerificationFailed",
          "Completion oid " + b.path("oid").asText() + " does not match the upload's oid " + t.oid);
    }
    Map<Integer, String> given = new HashMap<>();
    for (JsonNode p : b.path("parts")) {
      given.put(p.path("partNumber").asInt(), p.path("etag").asText());
    }
    for (int i = 1; i <= t.partCount; i++) {
      String want = t.partEtags.get(i);
      String got = given.get(i);
      if (want == null) {
        throw HubError.badRequest(
            "LfsVerificationFailed", "Part " + i + " of " + t.oid + " was never uploaded");
      }
      if (got == null || !(got.equals(want) || ("\"" + got + "\"").equals(want))) {
        throw HubError.badRequest(
            "LfsVerificationFailed", "ETag of part " + i + " does not match what was uploaded");
      }
    }
    Path tmp = ctx.lfs().newTempFile();
    try {
      MessageDigest md = LfsStore.sha256();
      long n = 0;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[1 << 20];
        for (int i = 1; i <= t.partCount; i++) {
          try (InputStream in = Files.newInputStream(t.partsDir.resolve("part-" + i))) {
            int r;
            while ((r = in.read(buf)) >= 0) {
              md.update(buf, 0, r);
              out.write(buf, 0, r);
              n += r;
            }
          }
        }
      }
      ctx.lfs()
          .verifyAndCommit(
              tmp,
              t.oid,
              t.size,
              n,
              HexFormat.of().formatHex(md.digest()),
              () -> repo.markLfsVisible(t.oid));
      ctx.tickets().consume(t);
      LfsStore.deleteTree(t.partsDir);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ex.json(200, Json.obj());
  }

  void verify(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.VERIFY);
    HubRepo repo = boundRepo(t);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "LFS verify");
    String oid = b.path("oid").asText(t.oid);
    long size = b.path("size").asLong(t.size);
    if (!oid.equals(t.oid) || !repo.lfsVisible(oid) || ctx.lfs().size(oid) != size) {
      throw new HubError(
          404,
          "LfsObjectNotFound",
          "LFS object "
              + t.oid
              + " of size "
              + t.size
              + " is not stored"
              + " in "
              + t.repoKey.id()
              + "; upload it first");
    }
    ctx.tickets().consume(t);
    ex.json(200, Json.obj());
  }

  void download(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.DOWNLOAD);
    HubRepo repo = boundRepo(t);
    if (t.publicOnly && repo.meta().isPrivate) {
      ctx.tickets().consume(t);
      throw new HubError(
          404, "LfsTicketNotFound", "Unknown or already used LFS URL; ask the batch API again");
    }
    long size = repo.lfsVisible(t.oid) ? ctx.lfs().size(t.oid) : -1;
    if (size < 0) {
      throw new HubError(
          404,
          "LfsObjectNotFound",
          "LFS object " + t.oid + " is no longer stored in " + t.repoKey.id());
    }
    ResolveApi.sendFile(ex, ctx.lfs().path(t.oid), size);
  }
}
