package dev.hfio;

import dev.hfio.internal.parquet.RowWriteCheck;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.BadRecordRouter;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * A write with an error handler: passes on the rows the Parquet writer accepts (converted exactly
 * as the writer does, into nothing) and whose split, when the write routes rows by split, is a
 * valid split name; every other row goes to {@link BadRecordRouter#BAD_RECORD_TAG} as a bad record
 * naming the repo, branch, split, the field and why. The write then commits the good rows.
 */
final class CheckRowsFn extends DoFn<Row, Row> {
  /** The accepted rows. */
  static final TupleTag<Row> GOOD = new TupleTag<>("hfioWritableRows") {};

  private final WriteSettings settings;
  private final Schema inputSchema;
  private transient RowWriteCheck check;

  CheckRowsFn(WriteSettings settings, Schema inputSchema) {
    this.settings = settings;
    this.inputSchema = inputSchema;
  }

  /**
   * The accepted rows of {@code rows}; the others go to {@code handler} (in a collection with
   * Beam's bad-record coder).
   */
  static PCollection<Row> apply(
      PCollection<Row> rows, WriteSettings settings, ErrorHandler<BadRecord, ?> handler) {
    Schema schema = rows.getSchema();
    PCollectionTuple checked =
        rows.apply(
            "CheckRows",
            ParDo.of(new CheckRowsFn(settings, schema))
                .withOutputTags(GOOD, TupleTagList.of(BadRecordRouter.BAD_RECORD_TAG)));
    handler.addErrorCollection(
        checked
            .get(BadRecordRouter.BAD_RECORD_TAG)
            .setCoder(BadRecord.getCoder(rows.getPipeline())));
    return checked.get(GOOD).setRowSchema(schema);
  }

  @Setup
  public void setup() {
    check = RowWriteCheck.of(settings.schema);
  }

  @ProcessElement
  public void process(@Element Row row, MultiOutputReceiver out) {
    SplitRouting routing = settings.routing;
    String split = null;
    try {
      Row stored = row;
      if (routing != null) {
        split = routing.splitOf(row);
        stored = routing.project(row);
      }
      check.check(stored);
    } catch (RuntimeException e) {
      // the failed check may have left the converter mid-record: start from a fresh one
      check = RowWriteCheck.of(settings.schema);
      Schema.Field field = null;
      String why;
      if (e instanceof HfIO.WriteException) {
        why = e.getMessage(); // our own message: the split value and what to do
      } else {
        Row stored = routing == null ? row : routing.project(row);
        field = RowFailures.failingField(settings.schema, stored);
        why = RowFailures.reason(e);
      }
      WriteTarget t = settings.target;
      out.get(BadRecordRouter.BAD_RECORD_TAG)
          .output(
              BadRecords.of(
                  BadRecords.context(
                      "repo",
                      t.repo().id(),
                      "branch",
                      t.branch(),
                      "target",
                      t.describe(),
                      "split",
                      split,
                      "field",
                      field == null ? null : field.getName(),
                      "fieldType",
                      field == null ? null : field.getType().toString(),
                      "row",
                      row.toString()),
                  row,
                  RowCoder.of(inputSchema),
                  e,
                  "Row not written to "
                      + t.describe()
                      + (split == null ? "" : " (split '" + split + "')")
                      + ": "
                      + (field == null ? "" : RowFailures.describe(field) + ": ")
                      + why));
      return;
    }
    out.get(GOOD).output(row);
  }
}
