package dev.hfio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * The card's {@code dataset_info.features} list for a Beam schema, for the types whose {@code
 * datasets} dtype is unambiguous (primitives, lists and structs of them). Anything else (logical
 * types, maps, datetimes, decimals) gives empty: the writer then leaves {@code dataset_info} out
 * rather than record a guess.
 */
final class FeaturesYaml {
  private FeaturesYaml() {}

  static Optional<List<Map<String, Object>>> of(Schema schema) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.getName());
      if (!describe(f.getType(), m)) {
        return Optional.empty();
      }
      out.add(m);
    }
    return Optional.of(out);
  }

  /**
   * Puts {@code dtype}, {@code list} or {@code struct} for {@code t} into {@code m}; false if not
   * mappable.
   */
  private static boolean describe(FieldType t, Map<String, Object> m) {
    String dtype = primitive(t);
    if (dtype != null) {
      m.put("dtype", dtype);
      return true;
    }
    switch (t.getTypeName()) {
      case ARRAY, ITERABLE -> {
        FieldType e = t.getCollectionElementType();
        String inner = primitive(e);
        if (inner != null) {
          m.put("list", inner);
          return true;
        }
        if (e.getTypeName() == Schema.TypeName.ROW) {
          Optional<List<Map<String, Object>>> s = of(e.getRowSchema());
          s.ifPresent(x -> m.put("list", x));
          return s.isPresent();
        }
        return false;
      }
      case ROW -> {
        Optional<List<Map<String, Object>>> s = of(t.getRowSchema());
        s.ifPresent(x -> m.put("struct", x));
        return s.isPresent();
      }
      default -> {
        return false;
      }
    }
  }

  private static String primitive(FieldType t) {
    return switch (t.getTypeName()) {
      case BYTE -> "int8";
      case INT16 -> "int16";
      case INT32 -> "int32";
      case INT64 -> "int64";
      case FLOAT -> "float32";
      case DOUBLE -> "float64";
      case STRING -> "string";
      case BOOLEAN -> "bool";
      case BYTES -> "binary";
      default -> null;
    };
  }
}
