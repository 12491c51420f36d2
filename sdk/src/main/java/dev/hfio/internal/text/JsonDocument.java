package dev.hfio.internal.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Streams the elements of a JSON document's array, at the top level ({@code [{...}, ...]}) or under
 * a top-level key ({@code field}), one element at a time (the document is never held whole).
 * Objects are rows; strings become {@code {"text": ...}} rows, as {@code datasets} reads a list of
 * strings.
 */
public final class JsonDocument implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonParser parser;
  private long line;

  /**
   * Opens the document and moves to its array.
   *
   * @throws RecordException when the document is not an array (or has no array under {@code field})
   */
  public JsonDocument(InputStream in, @Nullable String field) throws IOException, RecordException {
    this.parser = MAPPER.getFactory().createParser(in);
    try {
      JsonToken t = parser.nextToken();
      if (field == null) {
        if (t != JsonToken.START_ARRAY) {
          throw new RecordException("the JSON document is not an array of rows");
        }
        return;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new RecordException("the JSON document is not an object with a '" + field + "' key");
      }
      while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        t = parser.nextToken();
        if (name.equals(field)) {
          if (t != JsonToken.START_ARRAY) {
            throw new RecordException("the JSON key '" + field + "' does not hold an array");
          }
          return;
        }
        parser.skipChildren();
      }
      throw new RecordException("the JSON document has no top-level key '" + field + "'");
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  /** The next element as an object, or null after the array's last element. */
  public @Nullable ObjectNode next() throws IOException, RecordException {
    try {
      JsonToken t = parser.nextToken();
      line = parser.currentTokenLocation().getLineNr();
      if (t == JsonToken.END_ARRAY || t == null) {
        return null;
      }
      JsonNode n = parser.readValueAsTree();
      if (n.isObject()) {
        return (ObjectNode) n;
      }
      if (n.isTextual()) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("text", n);
        return o;
      }
      throw new RecordException("array element is " + Decoders.kind(n) + ", not an object");
    } catch (JsonProcessingException e) {
      throw syntax(e);
    }
  }

  /** The 1-based line where the element last returned starts. */
  public long line() {
    return line;
  }

  private RecordException syntax(JsonProcessingException e) {
    line = e.getLocation() == null ? line : e.getLocation().getLineNr();
    return new RecordException("invalid JSON: " + e.getOriginalMessage(), e);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
