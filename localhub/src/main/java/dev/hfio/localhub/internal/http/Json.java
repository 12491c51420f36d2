package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.TreeEntry;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * JSON helpers shared by the routes: node factories, Hub date format, tree entries, body parsing.
 */
final class Json {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  static ObjectNode obj() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode arr() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static String date(Instant i) {
    return ISO.format(i);
  }

  static String date(RevCommit c) {
    return date(Instant.ofEpochSecond(c.getCommitTime()));
  }

  static JsonNode parse(byte[] body, String what) {
    try {
      JsonNode n = Exchange.JSON.readTree(body);
      if (n == null || n.isMissingNode()) {
        return obj();
      }
      return n;
    } catch (IOException e) {
      throw HubError.badRequest("BadRequest", "Malformed JSON body for " + what + where(e));
    }
  }

  /**
   * Where a JSON/YAML body is malformed ({@code " at line L, column C"}), without the parser's
   * message: that quotes the offending body text and names parser classes.
   */
  static String where(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
        && j.getLocation() != null
        && j.getLocation().getLineNr() > 0) {
      return " at line "
          + j.getLocation().getLineNr()
          + ", column "
          + j.getLocation().getColumnNr();
    }
    return "";
  }

  static ObjectNode entry(TreeEntry e) {
    ObjectNode o = obj();
    o.put("type", e.directory() ? "directory" : "file");
    o.put("oid", e.oid());
    o.put("size", e.size());
    o.put("path", e.path());
    if (e.lfs() != null) {
      ObjectNode l = o.putObject("lfs");
      l.put("oid", e.lfs().oid());
      l.put("size", e.lfs().size());
      l.put("pointerSize", e.lfs().pointerSize());
    }
    return o;
  }

  static ObjectNode lastCommit(RevCommit c) {
    ObjectNode o = obj();
    o.put("id", c.name());
    o.put("title", c.getShortMessage());
    o.put("date", date(c));
    return o;
  }
}
