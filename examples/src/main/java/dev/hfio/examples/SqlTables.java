package dev.hfio.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * Beam SQL text for the examples: the {@code CREATE EXTERNAL TABLE ... TYPE huggingface} statement
 * of a Hub dataset with the columns of a Beam schema, so an example can query a dataset whose
 * columns it learns at run time.
 */
final class SqlTables {
  private SqlTables() {}

  /**
   * {@code CREATE EXTERNAL TABLE name (columns) TYPE huggingface LOCATION 'location' TBLPROPERTIES
   * '{...}'}; required fields are declared {@code NOT NULL}.
   */
  static String createExternalTable(
      String name, Schema schema, String location, Map<String, String> properties) {
    List<String> columns = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      columns.add(
          quote(f.getName())
              + " "
              + sqlType(f.getName(), f.getType())
              + (f.getType().getNullable() ? "" : " NOT NULL"));
    }
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append(jsonString(e.getKey())).append(": ").append(jsonString(e.getValue()));
    }
    json.append('}');
    return "CREATE EXTERNAL TABLE "
        + quote(name)
        + " ("
        + String.join(", ", columns)
        + ") TYPE huggingface LOCATION "
        + literal(location)
        + " TBLPROPERTIES "
        + literal(json.toString());
  }

  /** A column or table name, quoted as Beam SQL's default (BigQuery-like) dialect does. */
  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static String sqlType(String column, FieldType type) {
    switch (type.getTypeName()) {
      case BOOLEAN:
        return "BOOLEAN";
      case BYTE:
        return "TINYINT";
      case INT16:
        return "SMALLINT";
      case INT32:
        return "INTEGER";
      case INT64:
        return "BIGINT";
      case FLOAT:
        return "FLOAT";
      case DOUBLE:
        return "DOUBLE";
      case DECIMAL:
        return "DECIMAL";
      case STRING:
        return "VARCHAR";
      case BYTES:
        return "VARBINARY";
      case DATETIME:
        return "TIMESTAMP";
      case ARRAY:
      case ITERABLE:
        return "ARRAY<" + sqlType(column, type.getCollectionElementType()) + ">";
      default:
        throw new IllegalArgumentException(
            "Column "
                + column
                + " has type "
                + type
                + ", which this example cannot declare in a Beam SQL table; select a dataset"
                + " whose columns are numbers, booleans, strings, bytes, timestamps or arrays of"
                + " them");
    }
  }
}
