package dev.hfio.schematransforms;

import dev.hfio.internal.parquet.RowWriteCheck;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Converts each row as the Parquet writer will: rows that pass go to the main output, rows it would
 * refuse to the error output as (failed_row, error_message), the message naming the target and the
 * writer's reason.
 */
final class CheckRowsFn extends DoFn<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<Row> GOOD = new TupleTag<>("good") {};
  static final TupleTag<Row> BAD = new TupleTag<>("bad") {};

  private final Schema schema;
  private final Schema errorSchema;
  private final String target;
  private transient RowWriteCheck check;

  CheckRowsFn(Schema schema, String target) {
    this.schema = schema;
    this.errorSchema = ErrorHandling.errorSchema(schema);
    this.target = target;
  }

  static Schema errorSchema(Schema schema) {
    return ErrorHandling.errorSchema(schema);
  }

  @Setup
  public void setup() {
    check = RowWriteCheck.of(schema);
  }

  @ProcessElement
  public void process(@Element Row row, MultiOutputReceiver out) {
    try {
      check.check(row);
    } catch (RuntimeException e) {
      check = RowWriteCheck.of(schema); // a failed row may leave the converter mid-record
      String message =
          "hf_write to "
              + target
              + ": the row cannot be written as Parquet: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage();
      out.get(BAD).output(Row.withSchema(errorSchema).addValues(row, message).build());
      return;
    }
    out.get(GOOD).output(row);
  }
}
