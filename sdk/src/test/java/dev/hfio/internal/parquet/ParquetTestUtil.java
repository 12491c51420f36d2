package dev.hfio.internal.parquet;

import dev.hfio.parquet.RowFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

final class ParquetTestUtil {
  private ParquetTestUtil() {}

  static WrittenFile write(Path path, Schema schema, List<Row> rows) throws IOException {
    try (RowParquetWriter w = RowParquetWriter.builder(path, schema).build()) {
      for (Row r : rows) {
        w.write(r);
      }
      return w.finish();
    }
  }

  static List<Row> readAll(Path path, List<String> columns, RowFilter filter) throws IOException {
    List<Row> out = new ArrayList<>();
    try (LocalFileRangeSource src = new LocalFileRangeSource(path)) {
      ParquetFooter footer = ParquetFooter.read(src);
      try (RowGroupReader r =
          RowGroupReader.builder(src, footer).columns(columns).filter(filter).build()) {
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          r.readRowGroup(g, out::add);
        }
      }
    }
    return out;
  }

  /**
   * Rows carry schema options from the file; compare values (rows recursively) under the expected
   * schema.
   */
  static Row rebase(Row row, Schema schema) {
    return Row.withSchema(schema).attachValues(new ArrayList<>(row.getValues()));
  }
}
