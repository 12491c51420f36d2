package dev.hfio;

import dev.hfio.internal.parquet.RowWriteCheck;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Says why the Parquet writer refuses a row, in the user's terms: the first top-level field whose
 * value cannot be converted (found by checking each field on its own, only after a failure), its
 * type, and the converter's reason. Used for the fail-fast exception of a write without an error
 * handler and for the bad records of one with a handler.
 */
final class RowFailures {
  /** Longest converter message kept (they are our own, but a value may be long). */
  private static final int MAX_REASON = 300;

  private RowFailures() {}

  /**
   * The typed failure of a write without an error handler: names the target, the split, the field
   * and what to do; {@code e} itself when no field of the row is at fault.
   */
  static RuntimeException unwritable(
      WriteSettings s, @Nullable String split, Row row, RuntimeException e) {
    Schema.Field field = failingField(s.schema, row);
    if (field == null) {
      return e; // no value of the row is at fault (e.g. the local disk): not the user's row
    }
    return new HfIO.WriteException(
        "Cannot write a row to "
            + s.target.describe()
            + (split == null ? "" : " (split '" + split + "')")
            + ": "
            + describe(field)
            + ": "
            + reason(e)
            + "; fix the rows (or the schema), or route such rows to a dead-letter output with"
            + " withErrorHandler(...)",
        e);
  }

  /** "field 'x' (TYPE)". */
  static String describe(Schema.Field field) {
    return "field '" + field.getName() + "' (" + field.getType() + ")";
  }

  /** The first top-level field whose value the writer refuses, or null. */
  static Schema.@Nullable Field failingField(Schema schema, Row row) {
    for (int i = 0; i < schema.getFieldCount() && i < row.getFieldCount(); i++) {
      Schema.Field f = schema.getField(i);
      Schema one = Schema.builder().addField(f).build();
      try {
        RowWriteCheck.of(one)
            .check(
                Row.withSchema(one)
                    .attachValues(java.util.Collections.singletonList(row.getValue(i))));
      } catch (RuntimeException refused) {
        return f;
      }
    }
    return null;
  }

  /** The exception's type and message, shortened. */
  static String reason(Exception e) {
    String m = e.getMessage();
    String text = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
  }
}
