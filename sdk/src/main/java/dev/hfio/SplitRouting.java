package dev.hfio;

import dev.hfio.internal.dataset.PushToHubLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a write that routes rows by split ({@code withSplitField} or {@code withSplitFn}) finds each
 * row's split and the row it stores: with a split field, the field's value, and the row without
 * that column; with a function, its result, and the row as it is. Every split lands in the
 * push_to_hub layout of one config. Serializable; built at expansion.
 */
final class SplitRouting implements Serializable {
  private static final long serialVersionUID = 1L;

  private final @Nullable String field;
  private final @Nullable SerializableFunction<Row, String> fn;
  private final String configName;
  private final String where;
  private final Schema writtenSchema;
  private final int fieldIndex;

  private SplitRouting(
      @Nullable String field,
      @Nullable SerializableFunction<Row, String> fn,
      String configName,
      String where,
      Schema inputSchema) {
    this.field = field;
    this.fn = fn;
    this.configName = Objects.requireNonNull(configName, "configName");
    this.where = where;
    if (field != null) {
      this.fieldIndex = inputSchema.indexOf(field);
      List<Schema.Field> kept = new ArrayList<>(inputSchema.getFields());
      kept.remove(fieldIndex);
      this.writtenSchema =
          Schema.builder().addFields(kept).setOptions(inputSchema.getOptions()).build();
    } else {
      this.fieldIndex = -1;
      this.writtenSchema = inputSchema;
    }
  }

  /**
   * The combinations {@code expand} refuses: a split router together with {@code withSplit} or with
   * the other router, or on an unbounded input.
   */
  static void checkSpec(HfIO.Write spec, boolean unbounded) {
    boolean routed = spec.splitField() != null || spec.splitFn() != null;
    if (!routed) {
      return;
    }
    String where = "HfIO.write() to " + spec.target() + ": ";
    if (spec.splitField() != null && spec.splitFn() != null) {
      throw new IllegalArgumentException(
          where + "withSplitField and withSplitFn both route rows by split; give one");
    }
    if (spec.split() != null) {
      throw new IllegalArgumentException(
          where
              + "withSplit('"
              + spec.split()
              + "') writes every row to one split, but withSplitField/withSplitFn route each row"
              + " to its own split; give one of them");
    }
    if (unbounded) {
      throw new IllegalArgumentException(
          where
              + "withSplitField/withSplitFn apply to bounded input only (one commit for all"
              + " splits); on an unbounded input, filter each split and write it with"
              + " withSplit(...)");
    }
  }

  /** The routing {@code spec} asks for on rows of {@code inputSchema}, or null. */
  static @Nullable SplitRouting of(HfIO.Write spec, String configName, Schema inputSchema) {
    String where = String.valueOf(spec.target());
    if (spec.splitField() != null) {
      return byField(spec.splitField(), configName, where, inputSchema);
    }
    if (spec.splitFn() != null) {
      return byFunction(spec.splitFn(), configName, where, inputSchema);
    }
    return null;
  }

  /**
   * Routing by the string column {@code field} of {@code inputSchema}; rejects a missing or
   * non-string field, or a schema that would have no column left.
   */
  static SplitRouting byField(String field, String configName, String where, Schema inputSchema) {
    if (!inputSchema.hasField(field)) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + where
              + ": withSplitField('"
              + field
              + "'): the rows have no field '"
              + field
              + "' (fields: "
              + inputSchema.getFieldNames()
              + ")");
    }
    Schema.FieldType type = inputSchema.getField(field).getType();
    if (type.getTypeName() != Schema.TypeName.STRING) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + where
              + ": withSplitField('"
              + field
              + "'): the field is "
              + type
              + ", not a STRING; map it to the split name (e.g. \"train\") first, or use"
              + " withSplitFn(row -> ...)");
    }
    if (inputSchema.getFieldCount() == 1) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + where
              + ": withSplitField('"
              + field
              + "'): it is the rows' only field, so nothing would be stored");
    }
    return new SplitRouting(field, null, configName, where, inputSchema);
  }

  /** Routing by {@code fn}; the rows are stored whole. */
  static SplitRouting byFunction(
      SerializableFunction<Row, String> fn, String configName, String where, Schema inputSchema) {
    return new SplitRouting(null, fn, configName, where, inputSchema);
  }

  /** The schema of the stored rows (the input's without the split field). */
  Schema writtenSchema() {
    return writtenSchema;
  }

  String configName() {
    return configName;
  }

  /** What routes the rows, for messages and display data. */
  String describe() {
    return field != null ? "split field '" + field + "'" : "split function " + fn;
  }

  /**
   * The split of {@code row}; throws {@link HfIO.WriteException} naming the target and the value
   * when it is missing or not a valid split name.
   */
  String splitOf(Row row) {
    String split;
    if (field != null) {
      split = row.getString(fieldIndex);
    } else {
      try {
        split = fn.apply(row);
      } catch (RuntimeException e) {
        throw new HfIO.WriteException(
            "The split function of the write to "
                + where
                + " failed on a row ("
                + e.getClass().getSimpleName()
                + "); fix the function, or route such rows with withErrorHandler(...)",
            e);
      }
    }
    if (!PushToHubLayout.isValidSplitName(split)) {
      throw new HfIO.WriteException(
          "A row for "
              + where
              + " has "
              + (split == null ? "no split" : "the split name '" + split + "'")
              + (field != null ? " in field '" + field + "'" : " from the split function")
              + "; split names must match ^\\w+(\\.\\w+)*$ (e.g. train, validation, test): fix the"
              + " value, or route such rows with withErrorHandler(...)");
    }
    return split;
  }

  /** The row as stored: without the split field, else unchanged. */
  Row project(Row row) {
    if (field == null) {
      return row;
    }
    List<Object> values = new ArrayList<>(row.getFieldCount() - 1);
    for (int i = 0; i < row.getFieldCount(); i++) {
      if (i != fieldIndex) {
        values.add(row.getValue(i));
      }
    }
    return Row.withSchema(writtenSchema).attachValues(values);
  }
}
