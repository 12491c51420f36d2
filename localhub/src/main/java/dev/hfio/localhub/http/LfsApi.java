package dev.hfio.localhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.lfs.LfsStore;
import dev.hfio.localhub.lfs.LfsTickets;
import dev.hfio.localhub.storage.RepoKey;
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
 * Git LFS batch API plus the self-authorising upload (basic and multipart), completion, verify and download URLs it
 * hands out. A URL's random ticket is its authorisation; uploads are verified against sha256 and size before the
 * object becomes visible.
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
    if (op.equals("upload")) {
      RepoAccess.write(ctx, ex, k);
    } else if (op.equals("download")) {
      RepoAccess.read(ctx, ex, k);
    } else {
      throw HubError.badRequest("BadRequest", "LFS batch operation must be upload or download, got '" + op + "'");
    }
    boolean multipartOffered = false;
    for (JsonNode t : b.path("transfers")) {
      multipartOffered |= t.asText().equals("multipart");
    }
    String base = ex.baseUrl();
    boolean usedMultipart = false;
    ObjectNode out = Json.obj();
    ArrayNode objs = Json.arr();
    for (JsonNode o : b.path("objects")) {
      String oid = o.path("oid").asText("");
      long size = o.path("size").asLong(-1);
      ObjectNode r = objs.addObject();
      r.put("oid", oid);
      r.put("size", size);
      if (!LfsStore.isOid(oid) || size < 0) {
        r.putObject("error").put("code", 422).put("message", "Invalid oid or size for object '" + oid + "'");
        continue;
      }
      long have = ctx.lfs().size(oid);
      if (op.equals("download")) {
        if (have < 0) {
          r.putObject("error").put("code", 404).put("message", "Object " + oid + " does not exist");
        } else {
          LfsTickets.Ticket t = ctx.tickets().issue(LfsTickets.Kind.DOWNLOAD, oid, have, 0, 0);
          r.putObject("actions").putObject("download").put("href", base + "/lfs-download/" + t.id);
        }
        continue;
      }
      if (have == size) {
        continue; // already stored: no actions
      }
      ObjectNode actions = r.putObject("actions");
      ObjectNode upload = actions.putObject("upload");
      long chunk = ctx.multipartChunkSize();
      if (multipartOffered && size > chunk) {
        usedMultipart = true;
        int parts = (int) ((size + chunk - 1) / chunk);
        LfsTickets.Ticket t = ctx.tickets().issue(LfsTickets.Kind.MULTIPART, oid, size, chunk, parts);
        upload.put("href", base + "/lfs-upload/" + t.id);
        ObjectNode header = upload.putObject("header");
        header.put("chunk_size", String.valueOf(chunk));
        for (int i = 1; i <= parts; i++) {
          header.put(String.format("%05d", i), base + "/lfs-upload/" + t.id + "/" + i);
        }
      } else {
        LfsTickets.Ticket t = ctx.tickets().issue(LfsTickets.Kind.UPLOAD, oid, size, 0, 0);
        upload.put("href", base + "/lfs-upload/" + t.id);
      }
      LfsTickets.Ticket v = ctx.tickets().issue(LfsTickets.Kind.VERIFY, oid, size, 0, 0);
      actions.putObject("verify").put("href", base + "/lfs-verify/" + v.id);
    }
    out.put("transfer", usedMultipart ? "multipart" : "basic");
    out.set("objects", objs);
    out.put("hash_algo", "sha256");
    ex.send(200, LFS_JSON, Exchange.JSON.writeValueAsBytes(out));
  }

  private LfsTickets.Ticket ticket(String id, LfsTickets.Kind kind) {
    LfsTickets.Ticket t = ctx.tickets().get(id);
    if (t == null || t.kind != kind) {
      throw new HubError(404, "LfsTicketNotFound", "Unknown or already used LFS URL; ask the batch API again");
    }
    return t;
  }

  /** PUT basic upload. */
  void upload(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.UPLOAD);
    try (InputStream in = ex.bodyStream()) {
      ctx.lfs().put(t.oid, t.size, in);
    }
    ctx.tickets().consume(ticketId);
    ex.json(200, Json.obj());
  }

  /** PUT one multipart part; answers its ETag. */
  void part(Exchange ex, String ticketId, String partStr) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.MULTIPART);
    int part;
    try {
      part = Integer.parseInt(partStr);
    } catch (NumberFormatException e) {
      throw HubError.badRequest("BadRequest", "Part number must be an integer, got '" + partStr + "'");
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
    try (InputStream in = ex.bodyStream(); OutputStream out = Files.newOutputStream(p)) {
      byte[] buf = new byte[1 << 20];
      int r;
      while ((r = in.read(buf)) >= 0) {
        out.write(buf, 0, r);
        n += r;
        if (n > max) {
          LfsStore.drain(in);
          throw HubError.badRequest("LfsVerificationFailed", "Part " + part + " exceeds chunk_size " + max);
        }
      }
    }
    String etag = "\"" + UUID.randomUUID().toString().replace("-", "") + "\"";
    t.partEtags.put(part, etag);
    ex.setHeader("ETag", etag);
    ex.json(200, Json.obj());
  }

  /** POST multipart completion {oid, parts:[{partNumber, etag}]}: concatenates, verifies, stores. */
  void complete(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.MULTIPART);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "multipart completion");
    if (!t.oid.equals(b.path("oid").asText())) {
      throw HubError.badRequest("LfsVerificationFailed", "Completion oid " + b.path("oid").asText()
          + " does not match the upload's oid " + t.oid);
    }
    Map<Integer, String> given = new HashMap<>();
    for (JsonNode p : b.path("parts")) {
      given.put(p.path("partNumber").asInt(), p.path("etag").asText());
    }
    for (int i = 1; i <= t.partCount; i++) {
      String want = t.partEtags.get(i);
      String got = given.get(i);
      if (want == null) {
        throw HubError.badRequest("LfsVerificationFailed", "Part " + i + " of " + t.oid + " was never uploaded");
      }
      if (got == null || !(got.equals(want) || ("\"" + got + "\"").equals(want))) {
        throw HubError.badRequest("LfsVerificationFailed", "ETag of part " + i + " does not match what was uploaded");
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
      ctx.lfs().verifyAndCommit(tmp, t.oid, t.size, n, HexFormat.of().formatHex(md.digest()));
      ctx.tickets().consume(ticketId);
      try (var s = Files.list(t.partsDir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(t.partsDir);
    } finally {
      Files.deleteIfExists(tmp);
    }
    ex.json(200, Json.obj());
  }

  void verify(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.VERIFY);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "LFS verify");
    String oid = b.path("oid").asText(t.oid);
    long size = b.path("size").asLong(t.size);
    if (!oid.equals(t.oid) || ctx.lfs().size(oid) != size) {
      throw new HubError(404, "LfsObjectNotFound", "LFS object " + oid + " of size " + size + " is not stored");
    }
    ex.json(200, Json.obj());
  }

  void download(Exchange ex, String ticketId) throws IOException {
    LfsTickets.Ticket t = ticket(ticketId, LfsTickets.Kind.DOWNLOAD);
    ResolveApi.sendFile(ex, ctx.lfs().path(t.oid), t.size);
  }
}
