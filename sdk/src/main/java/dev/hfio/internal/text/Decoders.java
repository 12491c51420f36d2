package dev.hfio.internal.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.values.Row;

/**
 * Decodes JSON values and CSV fields into Beam values of a schema. JSON: objects are matched to
 * fields by name (missing keys are null, keys not in the schema are ignored, as pyarrow does with
 * an explicit schema); a {@code STRING} field takes any value (non-strings as their JSON text, as
 * {@code datasets} stores mixed-type fields); numbers given as strings are parsed, as {@code
 * datasets}' cast allows. CSV: empty fields and pandas' NA strings are null. A value that does not
 * fit (a fraction in an integer field, text in a number field, an integer out of range, a null in a
 * non-nullable field) is a {@link RecordException} naming the field.
 */
public final class Decoders {
  private Decoders() {}

  /**
   * Fails (IllegalArgumentException naming the field) when {@code schema} has a type no decoder
   * handles.
   */
  public static void check(Schema schema) {
    for (Schema.Field f : schema.getFields()) {
      check(f.getName(), f.getType());
    }
  }

  private static void check(String name, FieldType t) {
    switch (t.getTypeName()) {
      case STRING, BYTE, INT16, INT32, INT64, FLOAT, DOUBLE, BOOLEAN, DECIMAL, DATETIME -> {}
      case ROW -> {
        for (Schema.Field f : t.getRowSchema().getFields()) {
          check(name + "." + f.getName(), f.getType());
        }
      }
      case ARRAY, ITERABLE -> check(name + "[]", t.getCollectionElementType());
      case MAP -> {
        if (t.getMapKeyType().getTypeName() != Schema.TypeName.STRING) {
          throw new IllegalArgumentException(
              "field '" + name + "': only maps with STRING keys can be read from JSON, got " + t);
        }
        check(name + "{}", t.getMapValueType());
      }
      case LOGICAL_TYPE -> {
        if (!(t.getLogicalType() instanceof EnumerationType)) {
          throw new IllegalArgumentException(
              "field '"
                  + name
                  + "': logical type "
                  + t.getLogicalType().getIdentifier()
                  + " cannot be read from JSON, CSV or text; use its base type in withSchema");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "field '"
                  + name
                  + "': type "
                  + t.getTypeName()
                  + " cannot be read from JSON, CSV or text; use STRING in withSchema");
    }
  }

  /** The row of {@code object} (a JSON object) in {@code schema}. */
  public static Row json(Schema schema, JsonNode object) throws RecordException {
    if (!object.isObject()) {
      throw new RecordException("expected a JSON object, got " + kind(object));
    }
    return jsonRow(schema, object, "");
  }

  private static Row jsonRow(Schema schema, JsonNode object, String prefix) throws RecordException {
    List<Object> values = new ArrayList<>(schema.getFieldCount());
    for (Schema.Field f : schema.getFields()) {
      values.add(jsonValue(f.getType(), object.get(f.getName()), prefix + f.getName()));
    }
    return Row.withSchema(schema).attachValues(values);
  }

  static Object jsonValue(FieldType t, JsonNode n, String field) throws RecordException {
    if (n == null || n.isNull() || n.isMissingNode()) {
      if (!t.getNullable()) {
        throw new RecordException("field '" + field + "' is null or missing but not nullable");
      }
      return null;
    }
    switch (t.getTypeName()) {
      case STRING:
        return n.isTextual() ? n.textValue() : n.toString();
      case BOOLEAN:
        if (n.isBoolean()) {
          return n.booleanValue();
        }
        throw mismatch(field, t, n);
      case BYTE:
      case INT16:
      case INT32:
      case INT64:
        {
          long v;
          if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.longValue();
          } else if (n.isTextual() && CsvInference.isInteger(n.textValue().trim())) {
            v = Long.parseLong(plain(n.textValue().trim()));
          } else {
            throw mismatch(field, t, n);
          }
          return narrow(t, v, field);
        }
      case FLOAT:
      case DOUBLE:
        {
          double v;
          if (n.isNumber()) {
            v = n.doubleValue();
          } else if (n.isTextual() && CsvInference.isDecimal(n.textValue().trim())) {
            v = parseDouble(n.textValue().trim());
          } else {
            throw mismatch(field, t, n);
          }
          return t.getTypeName() == Schema.TypeName.FLOAT ? (Object) (float) v : (Object) v;
        }
      case DECIMAL:
        if (n.isNumber()) {
          return n.decimalValue();
        }
        if (n.isTextual()) {
          return decimal(n.textValue().trim(), field);
        }
        throw mismatch(field, t, n);
      case DATETIME:
        if (n.isTextual()) {
          return datetime(n.textValue(), field);
        }
        throw mismatch(field, t, n);
      case ROW:
        if (n.isObject()) {
          return jsonRow(t.getRowSchema(), n, field + ".");
        }
        throw mismatch(field, t, n);
      case ARRAY:
      case ITERABLE:
        {
          if (!n.isArray()) {
            throw mismatch(field, t, n);
          }
          List<Object> out = new ArrayList<>(n.size());
          int i = 0;
          for (JsonNode e : n) {
            out.add(jsonValue(t.getCollectionElementType(), e, field + "[" + i++ + "]"));
          }
          return out;
        }
      case MAP:
        {
          if (!n.isObject()) {
            throw mismatch(field, t, n);
          }
          Map<String, Object> out = new LinkedHashMap<>();
          Iterator<Map.Entry<String, JsonNode>> it = n.fields();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(
                e.getKey(), jsonValue(t.getMapValueType(), e.getValue(), field + "." + e.getKey()));
          }
          return out;
        }
      case LOGICAL_TYPE:
        {
          EnumerationType en = (EnumerationType) t.getLogicalType();
          if (n.isIntegralNumber()) {
            return enumValue(en, n.intValue(), field);
          }
          if (n.isTextual()) {
            return enumValue(en, n.textValue(), field);
          }
          throw mismatch(field, t, n);
        }
      default:
        throw new RecordException("field '" + field + "': unsupported type " + t);
    }
  }

  /** The row of CSV {@code fields}; {@code index[i]} is the field of schema field i, or -1. */
  public static Row csv(Schema schema, int[] index, List<String> fields) throws RecordException {
    List<Object> values = new ArrayList<>(schema.getFieldCount());
    for (int i = 0; i < index.length; i++) {
      Schema.Field f = schema.getField(i);
      String v = index[i] < 0 || index[i] >= fields.size() ? null : fields.get(index[i]);
      values.add(csvValue(f.getType(), v, f.getName()));
    }
    return Row.withSchema(schema).attachValues(values);
  }

  static Object csvValue(FieldType t, String s, String field) throws RecordException {
    if (CsvInference.isNa(s)) {
      if (!t.getNullable()) {
        throw new RecordException("field '" + field + "' is empty but not nullable");
      }
      return null;
    }
    switch (t.getTypeName()) {
      case STRING:
        return s;
      case BOOLEAN:
        if (CsvInference.TRUE.contains(s)) {
          return true;
        }
        if (CsvInference.FALSE.contains(s)) {
          return false;
        }
        throw csvMismatch(field, t, s);
      case BYTE:
      case INT16:
      case INT32:
      case INT64:
        if (!CsvInference.isInteger(s.trim())) {
          throw csvMismatch(field, t, s);
        }
        return narrow(t, Long.parseLong(plain(s.trim())), field);
      case FLOAT:
      case DOUBLE:
        {
          if (!CsvInference.isDecimal(s.trim())) {
            throw csvMismatch(field, t, s);
          }
          double v = parseDouble(s.trim());
          return t.getTypeName() == Schema.TypeName.FLOAT ? (Object) (float) v : (Object) v;
        }
      case DECIMAL:
        return decimal(s.trim(), field);
      case DATETIME:
        return datetime(s, field);
      case LOGICAL_TYPE:
        {
          EnumerationType en = (EnumerationType) t.getLogicalType();
          if (CsvInference.isInteger(s.trim())) {
            return enumValue(en, Integer.parseInt(plain(s.trim())), field);
          }
          return enumValue(en, s, field);
        }
      default:
        throw new RecordException(
            "field '" + field + "': type " + t.getTypeName() + " cannot be read from CSV");
    }
  }

  private static String plain(String s) {
    return s.startsWith("+") ? s.substring(1) : s;
  }

  private static double parseDouble(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    if (l.endsWith("inf") || l.endsWith("infinity")) {
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(s);
  }

  private static Object narrow(FieldType t, long v, String field) throws RecordException {
    switch (t.getTypeName()) {
      case BYTE:
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
          return (byte) v;
        }
        break;
      case INT16:
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
          return (short) v;
        }
        break;
      case INT32:
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
          return (int) v;
        }
        break;
      default:
        return v;
    }
    throw new RecordException(
        "field '" + field + "': " + v + " is out of range for " + t.getTypeName());
  }

  private static BigDecimal decimal(String s, String field) throws RecordException {
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new RecordException("field '" + field + "': '" + abbreviate(s) + "' is not a decimal");
    }
  }

  private static org.joda.time.Instant datetime(String s, String field) throws RecordException {
    try {
      return new org.joda.time.Instant(java.time.Instant.parse(s.trim()).toEpochMilli());
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return new org.joda.time.Instant(
            java.time.LocalDateTime.parse(s.trim().replace(' ', 'T'))
                .toInstant(java.time.ZoneOffset.UTC)
                .toEpochMilli());
      } catch (java.time.format.DateTimeParseException e2) {
        throw new RecordException(
            "field '" + field + "': '" + abbreviate(s) + "' is not an ISO-8601 timestamp");
      }
    }
  }

  private static EnumerationType.Value enumValue(EnumerationType en, int index, String field)
      throws RecordException {
    if (index < 0 || index >= en.getValues().size()) {
      throw new RecordException(
          "field '" + field + "': class index " + index + " is not in " + en.getValues());
    }
    return en.valueOf(index);
  }

  private static EnumerationType.Value enumValue(EnumerationType en, String name, String field)
      throws RecordException {
    if (!en.getValues().contains(name)) {
      throw new RecordException(
          "field '" + field + "': '" + abbreviate(name) + "' is not one of " + en.getValues());
    }
    return en.valueOf(name);
  }

  private static RecordException mismatch(String field, FieldType t, JsonNode n) {
    return new RecordException(
        "field '"
            + field
            + "' holds "
            + kind(n)
            + " "
            + abbreviate(n.toString())
            + ", which does not fit its type "
            + t.getTypeName()
            + " (inferred from the first rows or given by the card's features)");
  }

  private static RecordException csvMismatch(String field, FieldType t, String s) {
    return new RecordException(
        "field '"
            + field
            + "' holds '"
            + abbreviate(s)
            + "', which does not fit its type "
            + t.getTypeName()
            + " (inferred from the first rows or given by the card's features)");
  }

  static String kind(JsonNode n) {
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isIntegralNumber()) {
      return "an integer";
    }
    if (n.isNumber()) {
      return "a number";
    }
    return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
