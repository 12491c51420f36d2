package dev.hfio.internal.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * Infers a Beam schema from sampled JSON objects the way {@code datasets}' json builder gets one
 * from pyarrow: fields in order of first appearance, all nullable; integers are {@code INT64},
 * widened to {@code DOUBLE} when any sampled value of the field is a fraction; objects are rows
 * (fields merged over the sample), arrays are lists of their merged element type; a field seen only
 * as null is a nullable {@code STRING} (pyarrow's {@code null} type has no Beam counterpart); a
 * field whose values have incompatible types (a string and a number, an object and a list) is a
 * {@code STRING} holding each value's JSON text, as {@code datasets}' {@code on_mixed_types =
 * "use_json"} does.
 */
public final class JsonInference {
  private JsonInference() {}

  enum Kind {
    NULL,
    BOOL,
    INT,
    DOUBLE,
    STRING,
    ROW,
    LIST,
    JSON
  }

  /** A type guess: a kind, with fields (rows) or an element (lists). */
  static final class Guess {
    Kind kind;
    LinkedHashMap<String, Guess> fields;
    Guess element;

    Guess(Kind kind) {
      this.kind = kind;
    }
  }

  /** The schema of {@code objects} (each a JSON object). */
  public static Schema infer(List<JsonNode> objects) {
    Guess g = new Guess(Kind.ROW);
    g.fields = new LinkedHashMap<>();
    for (JsonNode o : objects) {
      g = merge(g, of(o));
    }
    return rowSchema(g);
  }

  static Guess of(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return new Guess(Kind.NULL);
    }
    if (n.isBoolean()) {
      return new Guess(Kind.BOOL);
    }
    if (n.isIntegralNumber()) {
      return new Guess(n.canConvertToLong() ? Kind.INT : Kind.DOUBLE);
    }
    if (n.isNumber()) {
      return new Guess(Kind.DOUBLE);
    }
    if (n.isTextual()) {
      return new Guess(Kind.STRING);
    }
    if (n.isObject()) {
      Guess g = new Guess(Kind.ROW);
      g.fields = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        g.fields.put(e.getKey(), of(e.getValue()));
      }
      return g;
    }
    if (n.isArray()) {
      Guess g = new Guess(Kind.LIST);
      g.element = new Guess(Kind.NULL);
      for (JsonNode e : n) {
        g.element = merge(g.element, of(e));
      }
      return g;
    }
    return new Guess(Kind.JSON);
  }

  static Guess merge(Guess a, Guess b) {
    if (a.kind == Kind.NULL) {
      return b;
    }
    if (b.kind == Kind.NULL) {
      return a;
    }
    if (a.kind == b.kind) {
      switch (a.kind) {
        case ROW -> {
          for (Map.Entry<String, Guess> e : b.fields.entrySet()) {
            Guess old = a.fields.get(e.getKey());
            a.fields.put(e.getKey(), old == null ? e.getValue() : merge(old, e.getValue()));
          }
          return a;
        }
        case LIST -> {
          a.element = merge(a.element, b.element);
          return a;
        }
        default -> {
          return a;
        }
      }
    }
    if ((a.kind == Kind.INT && b.kind == Kind.DOUBLE)
        || (a.kind == Kind.DOUBLE && b.kind == Kind.INT)) {
      return new Guess(Kind.DOUBLE);
    }
    return new Guess(Kind.JSON);
  }

  private static Schema rowSchema(Guess g) {
    Schema.Builder b = Schema.builder();
    for (Map.Entry<String, Guess> e : g.fields.entrySet()) {
      b.addField(Schema.Field.of(e.getKey(), fieldType(e.getValue())));
    }
    return b.build();
  }

  private static FieldType fieldType(Guess g) {
    FieldType t =
        switch (g.kind) {
          case BOOL -> FieldType.BOOLEAN;
          case INT -> FieldType.INT64;
          case DOUBLE -> FieldType.DOUBLE;
          case ROW -> FieldType.row(rowSchema(g));
          case LIST -> FieldType.array(fieldType(g.element));
          default -> FieldType.STRING; // NULL (never seen with a value) and JSON (mixed types)
        };
    return t.withNullable(true);
  }
}
