package dev.hfio.schematransforms;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A map of configuration keys to the provider's configuration row, with clear errors. */
final class ConfigMaps {
  private ConfigMaps() {}

  static Row toRow(SchemaTransformProvider provider, Map<String, ?> config) {
    if (config == null) {
      throw new HfConfigurationException("the configuration is missing; give a map of keys");
    }
    String name = shortName(provider.identifier());
    return toRow(name, provider.configurationSchema(), config);
  }

  private static Row toRow(String where, Schema schema, Map<String, ?> config) {
    for (String key : config.keySet()) {
      if (key == null || !schema.hasField(key)) {
        String hint = closest(key, schema.getFieldNames());
        throw new HfConfigurationException(
            String.format(
                "%s: unknown key '%s'%s; valid keys: %s",
                where,
                key,
                hint == null ? "" : " (did you mean '" + hint + "'?)",
                String.join(", ", schema.getFieldNames())));
      }
    }
    Row.Builder b = Row.withSchema(schema);
    List<Object> values = new ArrayList<>();
    for (Field f : schema.getFields()) {
      Object v = config.get(f.getName());
      values.add(v == null ? null : convert(where, f.getName(), f.getType(), v));
    }
    return b.addValues(values).build();
  }

  private static Object convert(String where, String key, FieldType type, Object v) {
    switch (type.getTypeName()) {
      case STRING:
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
          return v.toString();
        }
        throw bad(where, key, v, "a text value");
      case INT32:
        return Math.toIntExact(integral(where, key, v, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case INT64:
        return integral(where, key, v, Long.MIN_VALUE, Long.MAX_VALUE);
      case ARRAY:
      case ITERABLE:
        List<?> items;
        if (v instanceof List<?> l) {
          items = l;
        } else if (v instanceof String s) {
          items = Arrays.stream(s.split(",")).map(String::trim).toList();
        } else {
          throw bad(where, key, v, "a list, e.g. [a, b], or a comma-separated text");
        }
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
          if (item == null) {
            throw bad(where, key, v, "a list without empty items");
          }
          out.add(convert(where, key, type.getCollectionElementType(), item));
        }
        return out;
      case ROW:
        if (v instanceof Map<?, ?> m) {
          @SuppressWarnings("unchecked")
          Map<String, ?> sub = (Map<String, ?>) m;
          return toRow(where + " " + key, type.getRowSchema(), sub);
        }
        throw bad(
            where,
            key,
            v,
            "a mapping, e.g. {" + type.getRowSchema().getField(0).getName() + ": ...}");
      default:
        throw bad(where, key, v, "a value of type " + type);
    }
  }

  private static long integral(String where, String key, Object v, long min, long max) {
    BigDecimal d;
    try {
      d = new BigDecimal(v.toString().trim());
    } catch (NumberFormatException e) {
      throw bad(where, key, v, "an integer");
    }
    if (!(v instanceof Number || v instanceof String)
        || d.stripTrailingZeros().scale() > 0
        || d.compareTo(BigDecimal.valueOf(min)) < 0
        || d.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw bad(where, key, v, "an integer between " + min + " and " + max);
    }
    return d.longValueExact();
  }

  private static HfConfigurationException bad(String where, String key, Object v, String expected) {
    String shown = key.equals("token") ? ConfigText.HIDDEN : String.valueOf(v);
    return new HfConfigurationException(
        String.format("%s: key '%s' expects %s, got '%s'", where, key, expected, shown));
  }

  /** {@code hf_read} for {@code beam:schematransform:dev.hfio:hf_read:v1}. */
  static String shortName(String urn) {
    String[] parts = urn.split(":");
    return parts.length >= 2 ? parts[parts.length - 2] : urn;
  }

  /** The valid key closest to {@code key} when it is a likely typo (edit distance at most 2). */
  static @Nullable String closest(@Nullable String key, List<String> valid) {
    if (key == null) {
      return null;
    }
    String best = null;
    int bestDistance = 3;
    String k = key.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    for (String v : valid) {
      int d = distance(k, v);
      if (d < bestDistance) {
        best = v;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
