package dev.hfio.testing;

import dev.hfio.internal.parquet.RowParquetWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The rows of every read, write and fs test (in the spirit of Beam's {@code TestRow}): row {@code
 * i} is a pure function of {@code i}, so a test writes {@code rows(from, n)} and checks what it
 * reads back against {@link #values(long, long)} without keeping the rows.
 *
 * <p>Columns: {@code id} (INT64, the row index), {@code text} (nullable STRING, null every 7th
 * row), {@code label} (INT32, {@code i % 3}), {@code score} (nullable DOUBLE, null every 5th row).
 */
public final class TestRows {
  /** The schema of every generated row. */
  public static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("text", Schema.FieldType.STRING)
          .addInt32Field("label")
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .build();

  private TestRows() {}

  public static Schema schema() {
    return SCHEMA;
  }

  /** The {@code text} of row {@code i}: null when {@code i % 7 == 0}. */
  public static String text(long i) {
    return i % 7 == 0 ? null : "text " + i + " lorem ipsum dolor sit amet";
  }

  /** The {@code label} of row {@code i}. */
  public static int label(long i) {
    return (int) (i % 3);
  }

  /** The {@code score} of row {@code i}: null when {@code i % 5 == 0}. */
  public static Double score(long i) {
    return i % 5 == 0 ? null : i / 10.0;
  }

  /** Row {@code i}. */
  public static Row row(long i) {
    return Row.withSchema(SCHEMA).addValues(i, text(i), label(i), score(i)).build();
  }

  /** Rows with ids [from, from + n). */
  public static List<Row> rows(long from, long n) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      out.add(row(i));
    }
    return out;
  }

  /** The field values of row {@code i}, in schema order. */
  public static List<Object> values(long i) {
    List<Object> v = new ArrayList<>(4);
    v.add(i);
    v.add(text(i));
    v.add(label(i));
    v.add(score(i));
    return v;
  }

  /** The field values of rows [from, from + n), by id: what a read-back must equal. */
  public static List<List<Object>> values(long from, long n) {
    List<List<Object>> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      out.add(values(i));
    }
    return out;
  }

  /** The rows as a local Parquet file (deleted on JVM exit) with the default row-group size. */
  public static Path parquet(List<Row> rows) {
    return parquet(SCHEMA, rows, RowParquetWriter.DEFAULT_ROW_GROUP_BYTES);
  }

  /** The rows as a local Parquet file (deleted on JVM exit). */
  public static Path parquet(Schema schema, List<Row> rows, long rowGroupBytes) {
    try {
      Path p = Files.createTempFile("hfio-test-", ".parquet");
      Files.delete(p);
      p.toFile().deleteOnExit();
      try (RowParquetWriter w =
          RowParquetWriter.builder(p, schema).rowGroupBytes(rowGroupBytes).build()) {
        for (Row r : rows) {
          w.write(r);
        }
        w.finish();
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
