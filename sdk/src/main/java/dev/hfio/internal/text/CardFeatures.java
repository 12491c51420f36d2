package dev.hfio.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;

/**
 * The card's {@code dataset_info.features} (or a config's {@code features}), as parsed from YAML,
 * as the Beam schema a JSON, CSV or text read produces: {@code Value} dtypes ({@code bool}, {@code
 * int8..int64}, unsigned ones widened to the next signed type, {@code float16/32} as {@code FLOAT},
 * {@code float64} as {@code DOUBLE}, {@code string}/{@code large_string}, {@code timestamp[..]} as
 * {@code DATETIME}), {@code class_label} as an enumeration of its names, {@code list:}/{@code
 * sequence:} as arrays, {@code struct:} as rows; every field nullable. Features with any other type
 * give empty, and the schema is then inferred from the data.
 */
public final class CardFeatures {
  private CardFeatures() {}

  /** The schema of {@code features} (a YAML list of {@code {name, ...}}), if every type maps. */
  public static Optional<Schema> toSchema(Object features) {
    if (!(features instanceof List<?> list) || list.isEmpty()) {
      return Optional.empty();
    }
    return struct(list);
  }

  private static Optional<Schema> struct(List<?> list) {
    Schema.Builder b = Schema.builder();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
        return Optional.empty();
      }
      Optional<FieldType> t = type(m);
      if (t.isEmpty()) {
        return Optional.empty();
      }
      b.addField(Schema.Field.of(name, t.get().withNullable(true)));
    }
    return Optional.of(b.build());
  }

  /**
   * The type of one feature map ({@code dtype}, {@code list}, {@code sequence} or {@code struct}).
   */
  private static Optional<FieldType> type(Map<?, ?> m) {
    if (m.containsKey("dtype")) {
      return dtype(m.get("dtype"));
    }
    Object inner = m.containsKey("list") ? m.get("list") : m.get("sequence");
    if (m.containsKey("list") || m.containsKey("large_list") || m.containsKey("sequence")) {
      if (inner == null) {
        inner = m.get("large_list");
      }
      return element(inner).map(e -> FieldType.array(e.withNullable(true)));
    }
    if (m.get("struct") instanceof List<?> fields) {
      return struct(fields).map(FieldType::row);
    }
    return Optional.empty();
  }

  private static Optional<FieldType> element(Object inner) {
    if (inner instanceof String s) {
      return dtype(s);
    }
    if (inner instanceof List<?> fields) {
      return struct(fields).map(FieldType::row);
    }
    if (inner instanceof Map<?, ?> m) {
      return type(m);
    }
    return Optional.empty();
  }

  private static Optional<FieldType> dtype(Object d) {
    if (d instanceof Map<?, ?> m && m.get("class_label") instanceof Map<?, ?> cl) {
      if (!(cl.get("names") instanceof Map<?, ?> names) || names.isEmpty()) {
        return Optional.empty();
      }
      TreeMap<Integer, String> byIndex = new TreeMap<>();
      for (Map.Entry<?, ?> e : names.entrySet()) {
        try {
          byIndex.put(Integer.parseInt(String.valueOf(e.getKey())), String.valueOf(e.getValue()));
        } catch (NumberFormatException ex) {
          return Optional.empty();
        }
      }
      if (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1) {
        return Optional.empty();
      }
      return Optional.of(
          FieldType.logicalType(EnumerationType.create(new ArrayList<>(byIndex.values()))));
    }
    if (!(d instanceof String s)) {
      return Optional.empty();
    }
    if (s.startsWith("timestamp[")) {
      return Optional.of(FieldType.DATETIME);
    }
    return Optional.ofNullable(
        switch (s) {
          case "bool" -> FieldType.BOOLEAN;
          case "int8" -> FieldType.BYTE;
          case "int16", "uint8" -> FieldType.INT16;
          case "int32", "uint16" -> FieldType.INT32;
          case "int64", "uint32", "uint64" -> FieldType.INT64;
          case "float16", "float32", "float" -> FieldType.FLOAT;
          case "float64", "double" -> FieldType.DOUBLE;
          case "string", "large_string", "string_view" -> FieldType.STRING;
          default -> null;
        });
  }
}
