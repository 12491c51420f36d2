package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.lfs.LfsStore;
import dev.hfio.localhub.internal.storage.BlobSink;
import dev.hfio.localhub.internal.storage.CommitOp;
import dev.hfio.localhub.internal.storage.CommitRequest;
import dev.hfio.localhub.internal.storage.RepoPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Parses a commit payload, NDJSON ({@code application/x-ndjson}, read line by line from the body
 * stream) or the legacy JSON object ({@code application/json}), into a {@link CommitRequest}.
 * Regular file contents are strictly base64-decoded and written to git through a {@link BlobSink}
 * as they are read, so memory stays O(one line). Limits: a regular file of at most {@code
 * maxRegularFile} bytes (larger files must go through LFS, as on the Hub), at most {@link
 * #MAX_OPERATIONS} operations, JSON nesting of at most {@link #MAX_DEPTH}. Error messages never
 * echo the payload.
 */
final class CommitParser {
  /**
   * Most operations in one commit. The Hub advises fewer than 100 files per commit and splits
   * uploads into commits of at most ~1,000 files; 25,000 leaves room for any real client (datasets
   * pushes 50 per commit) while bounding the in-memory operation list and the tree rebuild.
   */
  static final int MAX_OPERATIONS = 25_000;

  /** Deepest JSON nesting accepted in a commit line (the real format needs 3). */
  static final int MAX_DEPTH = 32;

  private static final Set<String> LEGACY_FIELDS =
      Set.of(
          "summary",
          "description",
          "parentCommit",
          "files",
          "lfsFiles",
          "deletedFiles",
          "deletedFolders");

  private final ObjectMapper json;
  private final long maxRegularFile;
  private final int maxLine;
  private final long maxBody;

  CommitParser(long maxRegularFile, long maxBody) {
    this.maxRegularFile = maxRegularFile;
    // base64 inflates by 4/3; 64 KiB of room for the path, JSON syntax and escapes
    this.maxLine =
        (int)
            Math.min(Integer.MAX_VALUE - 16, Math.min(maxBody, maxRegularFile / 3 * 4 + 8 + 65536));
    this.maxBody = maxBody;
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxStringLength(maxLine)
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(100)
            .build();
    this.json =
        new ObjectMapper(JsonFactory.builder().streamReadConstraints(limits).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  int maxLine() {
    return maxLine;
  }

  private String lfsHint() {
    return "Regular files in a commit are limited to "
        + maxRegularFile
        + " bytes; upload larger files through LFS"
        + " (preupload answers uploadMode \"lfs\" for them) and commit an lfsFile operation.";
  }

  /** NDJSON: a header line first, then one operation per line. */
  CommitRequest ndjson(InputStream body, BlobSink sink, String author) throws IOException {
    NdjsonLines lines = new NdjsonLines(body, maxLine, maxBody, lfsHint());
    try {
      return ndjson(lines, sink, author);
    } catch (HubError e) {
      lines.drain(maxLine);
      throw e;
    }
  }

  private CommitRequest ndjson(NdjsonLines lines, BlobSink sink, String author) throws IOException {
    JsonNode header = null;
    List<CommitOp> ops = new ArrayList<>();
    byte[] line;
    while ((line = lines.next()) != null) {
      int no = lines.lineNo();
      if (isBlank(line)) {
        continue;
      }
      JsonNode n = readLine(line, "Line " + no + " of the commit payload");
      if (!n.isObject() || !n.path("key").isTextual() || !n.path("value").isObject()) {
        throw invalid(
            "Line " + no + " of the commit payload must be {\"key\": <kind>, \"value\": {...}}");
      }
      String key = n.get("key").asText();
      JsonNode v = n.get("value");
      if (header == null && !key.equals("header")) {
        throw invalid(
            "The commit payload must start with a header line ({\"key\":\"header\",\"value\":"
                + "{\"summary\":...}}); line "
                + no
                + " is '"
                + printableKind(key)
                + "'");
      }
      if (key.equals("header")) {
        if (header != null) {
          throw invalid(
              "Line " + no + ": a second header line; a commit has exactly one header, first");
        }
        header = v;
        continue;
      }
      if (ops.size() >= MAX_OPERATIONS) {
        throw new HubError(
            413,
            "PayloadTooLarge",
            "A commit holds at most "
                + MAX_OPERATIONS
                + " operations; split it into several commits");
      }
      String where = "Line " + no;
      switch (key) {
        case "file" -> ops.add(fileOp(v, where, sink));
        case "lfsFile" -> ops.add(lfsOp(v, where));
        case "deletedFile" -> ops.add(CommitOp.deleteFile(requiredPath(v, where)));
        case "deletedFolder" -> ops.add(CommitOp.deleteFolder(requiredPath(v, where)));
        default ->
            throw invalid(
                where
                    + ": unknown operation kind '"
                    + printableKind(key)
                    + "'; expected header, file, lfsFile, deletedFile or deletedFolder");
      }
    }
    if (header == null) {
      throw invalid("The commit payload has no header line");
    }
    String parent = header.hasNonNull("parentCommit") ? header.get("parentCommit").asText() : null;
    checkParent(parent);
    return new CommitRequest(
        header.path("summary").asText(""),
        header.path("description").asText(""),
        parent,
        ops,
        author);
  }

  /**
   * The older JSON object {@code {summary, description, parentCommit, files, lfsFiles,
   * deletedFiles, deletedFolders}}; anything else (an NDJSON body sent as application/json, unknown
   * fields, trailing data) is a 400.
   */
  CommitRequest json(byte[] body, BlobSink sink, String author) {
    if (looksLikeNdjson(body)) {
      throw invalid(
          "The body is NDJSON (one {\"key\",\"value\"} object per line); send it with Content-Type:"
              + " application/x-ndjson");
    }
    JsonNode b = readLine(body, "The JSON commit body");
    if (!b.isObject()) {
      throw invalid(
          "The JSON commit body must be an object {summary, files, lfsFiles, deletedFiles, ...}");
    }
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!LEGACY_FIELDS.contains(f)) {
        throw invalid(
            "Unknown field '"
                + printableKind(f)
                + "' in the JSON commit body; expected summary,"
                + " description, parentCommit, files, lfsFiles, deletedFiles, deletedFolders");
      }
    }
    List<CommitOp> ops = new ArrayList<>();
    for (String f : List.of("files", "lfsFiles", "deletedFiles", "deletedFolders")) {
      JsonNode arr = b.path(f);
      if (arr.isMissingNode() || arr.isNull()) {
        continue;
      }
      if (!arr.isArray()) {
        throw invalid("'" + f + "' of the JSON commit body must be an array");
      }
      int i = 0;
      for (JsonNode v : arr) {
        String where = f + "[" + i++ + "]";
        if (!v.isObject()) {
          throw invalid(where + " must be an object with a 'path'");
        }
        if (ops.size() >= MAX_OPERATIONS) {
          throw new HubError(
              413,
              "PayloadTooLarge",
              "A commit holds at most "
                  + MAX_OPERATIONS
                  + " operations; split it into several commits");
        }
        ops.add(
            switch (f) {
              case "files" -> fileOp(v, where, sink);
              case "lfsFiles" -> lfsOp(v, where);
              case "deletedFiles" -> CommitOp.deleteFile(requiredPath(v, where));
              default -> CommitOp.deleteFolder(requiredPath(v, where));
            });
      }
    }
    String parent = b.hasNonNull("parentCommit") ? b.get("parentCommit").asText() : null;
    checkParent(parent);
    return new CommitRequest(
        b.path("summary").asText(""), b.path("description").asText(""), parent, ops, author);
  }

  /**
   * True when the body starts with an NDJSON {@code {"key","value"}} object (whatever follows it).
   */
  private boolean looksLikeNdjson(byte[] body) {
    try {
      JsonNode first =
          json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
      return first != null && first.isObject() && first.has("key") && first.has("value");
    } catch (IOException e) {
      return false;
    }
  }

  private JsonNode readLine(byte[] bytes, String where) {
    try {
      JsonNode n = json.readTree(bytes);
      if (n == null || n.isMissingNode()) {
        throw invalid(where + " is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the offending input: report only where it failed
      long col = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw invalid(
          where
              + " is not valid JSON"
              + (col > 0 ? " (near column " + col + ")" : "")
              + " or nests deeper than "
              + MAX_DEPTH
              + " levels");
    } catch (IOException e) {
      throw invalid(where + " could not be read as JSON");
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static String printableKind(String k) {
    String s = k.length() > 40 ? k.substring(0, 40) + "..." : k;
    return s.replaceAll("[^A-Za-z0-9_.-]", "?");
  }

  private static HubError invalid(String msg) {
    return HubError.badRequest("InvalidCommitPayload", msg);
  }

  static void checkParent(String parent) {
    if (parent != null && !parent.matches("[0-9a-fA-F]{5,40}")) {
      throw invalid("parentCommit must be 5-40 hex characters");
    }
  }

  private static String requiredPath(JsonNode v, String where) {
    if (!v.path("path").isTextual()) {
      throw invalid(where + ": operation needs a string 'path'");
    }
    return v.get("path").asText();
  }

  private CommitOp fileOp(JsonNode v, String where, BlobSink sink) {
    String path = RepoPaths.checkFile(requiredPath(v, where));
    JsonNode c = v.path("content");
    if (!c.isTextual()) {
      throw invalid(where + ": file " + path + " needs a string 'content'");
    }
    String enc = v.path("encoding").asText("base64");
    byte[] bytes;
    if (enc.equals("base64")) {
      try {
        bytes = StrictBase64.decode(c.asText());
      } catch (IllegalArgumentException e) {
        throw invalid(
            where + ": content of " + path + " is not valid base64 (" + e.getMessage() + ")");
      }
    } else if (enc.equals("utf-8") || enc.equals("utf8")) {
      bytes = c.asText().getBytes(StandardCharsets.UTF_8);
    } else {
      throw invalid(
          where
              + ": unknown encoding '"
              + printableKind(enc)
              + "' for "
              + path
              + "; use base64 or utf-8");
    }
    if (bytes.length > maxRegularFile) {
      throw new HubError(
          413,
          "PayloadTooLarge",
          where + ": file " + path + " has " + bytes.length + " bytes. " + lfsHint());
    }
    return CommitOp.file(path, sink.put(bytes), bytes.length);
  }

  private static CommitOp lfsOp(JsonNode v, String where) {
    String path = requiredPath(v, where);
    String algo = v.path("algo").asText("sha256");
    String oid = v.path("oid").asText("");
    if (!algo.equals("sha256") || !LfsStore.isOid(oid)) {
      throw invalid(where + ": lfsFile " + path + " needs algo sha256 and a 64-hex oid");
    }
    JsonNode s = v.path("size");
    if (!s.isMissingNode()
        && !s.isNull()
        && !(s.canConvertToLong() && s.isIntegralNumber() && s.asLong() >= 0)) {
      throw invalid(
          where + ": lfsFile " + path + " has an invalid size; expected a non-negative integer");
    }
    long size = s.isIntegralNumber() ? s.asLong() : -1;
    return CommitOp.lfs(path, oid, size);
  }
}
