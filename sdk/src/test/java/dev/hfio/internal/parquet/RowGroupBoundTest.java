package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Viewer-friendly files: every row group holds at most the target of data before compression (the
 * footer's {@code total_byte_size}) whatever the row size and the compression ratio, and every
 * column chunk has a page index (offset and column index), as {@code datasets} writes them
 * (conventions.md §3.3, §3.6). parquet-java's own writer measured compressed bytes and first looked
 * after 100 rows: both files below got a single row group of several times the target.
 */
class RowGroupBoundTest {
  static final long TARGET = 1_000_000;
  static final Schema S =
      Schema.builder().addInt64Field("id").addByteArrayField("blob").addStringField("text").build();

  @Test
  void largeIncompressibleRowsMakeRowGroupsBelowTheTarget(@TempDir Path tmp) throws Exception {
    Random random = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 40; i++) {
      byte[] blob =
          new byte[300_000]; // incompressible: the old writer's first check was at row 100
      random.nextBytes(blob);
      rows.add(Row.withSchema(S).addValues(i, blob, "r" + i).build());
    }
    List<BlockMetaData> groups = write(tmp.resolve("large.parquet"), rows);
    assertThat(groups).hasSizeGreaterThan(10);
    groups.forEach(g -> assertThat(g.getTotalByteSize()).isLessThanOrEqualTo(TARGET));
    assertThat(groups.stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(40);
  }

  @Test
  void compressibleRowsAreBoundedBeforeCompression(@TempDir Path tmp) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 400; i++) {
      // 50 KB of text per row that snappy shrinks about 20x; every row different (no dictionary)
      String text = ("row " + i + " ").repeat(50_000 / 8);
      rows.add(Row.withSchema(S).addValues(i, new byte[] {(byte) i}, text).build());
    }
    Path file = tmp.resolve("text.parquet");
    List<BlockMetaData> groups = write(file, rows);
    long uncompressed = groups.stream().mapToLong(BlockMetaData::getTotalByteSize).sum();
    assertThat(Files.size(file)).isLessThan(uncompressed / 5);
    assertThat(groups).hasSizeGreaterThanOrEqualTo((int) (uncompressed / TARGET));
    groups.forEach(g -> assertThat(g.getTotalByteSize()).isLessThanOrEqualTo(TARGET));
    // and not needlessly small: at least half the target, the last one aside
    groups
        .subList(0, groups.size() - 1)
        .forEach(g -> assertThat(g.getTotalByteSize()).isGreaterThan(TARGET / 2));
  }

  @Test
  void everyColumnChunkHasAPageIndex(@TempDir Path tmp) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 5000; i++) {
      rows.add(Row.withSchema(S).addValues(i, new byte[] {(byte) i}, "t" + (i % 7)).build());
    }
    Path file = tmp.resolve("index.parquet");
    write(file, rows);
    try (LocalFileRangeSource src = new LocalFileRangeSource(file);
        ParquetFileReader r =
            new ParquetFileReader(
                new RangeSourceInputFile(src, Files.size(file)),
                ParquetReadOptions.builder().build())) {
      for (BlockMetaData g : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : g.getColumns()) {
          assertThat(c.getOffsetIndexReference()).as("offset index of %s", c.getPath()).isNotNull();
          assertThat(c.getColumnIndexReference()).as("column index of %s", c.getPath()).isNotNull();
          assertThat(r.readOffsetIndex(c).getPageCount()).isPositive();
          assertThat(r.readColumnIndex(c)).isNotNull();
        }
      }
    }
  }

  private static List<BlockMetaData> write(Path file, List<Row> rows) throws Exception {
    try (RowParquetWriter w = RowParquetWriter.builder(file, S).rowGroupBytes(TARGET).build()) {
      for (Row r : rows) {
        w.write(r);
      }
      w.finish();
    }
    try (LocalFileRangeSource src = new LocalFileRangeSource(file);
        ParquetFileReader r =
            new ParquetFileReader(
                new RangeSourceInputFile(src, Files.size(file)),
                ParquetReadOptions.builder().build())) {
      return r.getFooter().getBlocks();
    }
  }
}
