package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.parquet.ParquetReadException;
import dev.hfio.parquet.RowFilter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowGroupReaderTest {
  @TempDir Path tmp;

  static Schema wide() {
    Schema.Builder b = Schema.builder().addInt64Field("id");
    for (int c = 1; c < 10; c++) {
      b.addStringField("c" + c);
    }
    return b.build();
  }

  /** 10 columns, ~{@code rows} rows, row groups of about {@code rowGroupBytes}. */
  Path writeWide(String name, int rows, long rowGroupBytes, ParquetCompression compression)
      throws Exception {
    Schema s = wide();
    Path file = tmp.resolve(name);
    java.util.Random rnd = new java.util.Random(42);
    try (RowParquetWriter w =
        RowParquetWriter.builder(file, s)
            .rowGroupBytes(rowGroupBytes)
            .compression(compression)
            .build()) {
      for (int i = 0; i < rows; i++) {
        List<Object> v = new ArrayList<>();
        v.add((long) i);
        for (int c = 1; c < 10; c++) {
          v.add(Long.toHexString(rnd.nextLong()) + "-" + c);
        }
        w.write(Row.withSchema(s).attachValues(v));
      }
      w.finish();
    }
    return file;
  }

  @Test
  void footerCostsOneReadAndProjectionFetchesOnlyProjectedChunks() throws Exception {
    Path file = writeWide("wide.parquet", 20_000, 100L << 20, ParquetCompression.SNAPPY);
    try (CountingRangeSource src = new CountingRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      assertThat(src.reads).isEqualTo(1);
      assertThat(footer.rowCount()).isEqualTo(20_000);
      assertThat(footer.beamSchema().getFieldCount()).isEqualTo(10);
      long footerBytes = src.bytes;

      List<String> cols = List.of("c3", "id");
      List<Row> rows = new ArrayList<>();
      try (RowGroupReader r = RowGroupReader.builder(src, footer).columns(cols).build()) {
        assertThat(r.schema().getFieldNames()).containsExactly("c3", "id");
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          r.readRowGroup(g, rows::add);
        }
        assertThat(r.readsIssued()).isEqualTo(src.reads - 1);
        assertThat(r.bytesRead()).isEqualTo(src.bytes - footerBytes);
      }
      assertThat(rows).hasSize(20_000);
      assertThat(rows.get(123).getInt64("id")).isEqualTo(123L);
      assertThat(rows.get(123).getString("c3")).endsWith("-3");
      long projected = 0;
      for (RowGroupInfo g : footer.rowGroups()) {
        projected += g.compressedSize(Set.copyOf(cols));
      }
      long full = footer.rowGroups().get(0).compressedSize();
      assertThat(projected).isLessThan(full / 3);
      // Coalescing by request cost (was: at most 10% unrequested bytes, one request per chunk): the
      // two non-adjacent chunks of a row group lie within DEFAULT_COALESCE_GAP of each other, so
      // they are fetched with one request, gap included; never the whole row group.
      assertThat(src.reads - 1).isEqualTo(footer.rowGroupCount());
      assertThat(src.bytes - footerBytes)
          .isLessThanOrEqualTo(
              projected + footer.rowGroupCount() * RowGroupReader.DEFAULT_COALESCE_GAP)
          .isLessThan(footer.fileLength());
    }
  }

  @Test
  void footerLargerThanTailCostsTwoReads() throws Exception {
    Path file = writeWide("w.parquet", 1000, 100L << 20, ParquetCompression.SNAPPY);
    try (CountingRangeSource src = new CountingRangeSource(file)) {
      ParquetFooter small = ParquetFooter.read(src, 64);
      assertThat(src.reads).isEqualTo(2);
      src.reads = 0;
      ParquetFooter normal = ParquetFooter.read(src);
      assertThat(src.reads).isEqualTo(1);
      assertThat(small.parquetSchema()).isEqualTo(normal.parquetSchema());
      assertThat(small.footerLength()).isEqualTo(normal.footerLength());
    }
  }

  @Test
  void manyRowGroupsCanBeReadIndividually() throws Exception {
    Path file = writeWide("many.parquet", 30_000, 64 * 1024, ParquetCompression.ZSTD);
    try (CountingRangeSource src = new CountingRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      assertThat(footer.rowGroupCount()).isGreaterThan(5);
      assertThat(footer.rowGroups().get(0).columns().get(0).codec()).isEqualTo("ZSTD");
      int k = footer.rowGroupCount() / 2;
      long firstId = 0;
      for (int g = 0; g < k; g++) {
        firstId += footer.rowGroups().get(g).rowCount();
      }
      List<Row> rows = new ArrayList<>();
      try (RowGroupReader r = RowGroupReader.builder(src, footer).build()) {
        assertThat(r.readRowGroup(k, rows::add)).isEqualTo(footer.rowGroups().get(k).rowCount());
        assertThat(r.readsIssued()).isEqualTo(1); // all chunks of a row group are adjacent
        assertThat(r.bytesRead()).isEqualTo(footer.rowGroups().get(k).compressedSize());
      }
      assertThat(rows.get(0).getInt64("id")).isEqualTo(firstId);
      assertThat(rows.get(rows.size() - 1).getInt64("id")).isEqualTo(firstId + rows.size() - 1);
    }
  }

  /**
   * The engine reads a row group from the fetched buffer itself: no copy of the fetched bytes,
   * whether it reads every column (one range) or a projection fetched as several ranges, and the
   * rows are still right after the buffer is released and the next row group fetched.
   */
  @Test
  void rowGroupBytesAreFetchedOnceAndNotCopied() throws Exception {
    Path file = writeWide("nocopy.parquet", 30_000, 256 * 1024, ParquetCompression.SNAPPY);
    try (CountingRangeSource src = new CountingRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      assertThat(footer.rowGroupCount()).isGreaterThan(3);
      List<Row> all = new ArrayList<>();
      try (RowGroupReader r = RowGroupReader.builder(src, footer).build()) {
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          r.readRowGroup(g, all::add);
        }
        assertThat(r.bytesRead())
            .isEqualTo(footer.rowGroups().stream().mapToLong(RowGroupInfo::compressedSize).sum());
        assertThat(r.bytesCopied()).isZero();
      }
      List<Row> projected = new ArrayList<>();
      try (RowGroupReader r =
          RowGroupReader.builder(src, footer)
              .columns(List.of("c2", "c8"))
              .coalescing(0, 0) // chunks apart: two ranges per row group
              .build()) {
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          r.readRowGroup(g, projected::add);
        }
        assertThat(r.readsIssued()).isEqualTo(2L * footer.rowGroupCount());
        assertThat(r.bytesCopied()).isZero();
      }
      assertThat(all).hasSize(30_000);
      for (int i : new int[] {0, 12_345, 29_999}) {
        assertThat(all.get(i).getInt64("id")).isEqualTo(i);
        assertThat(projected.get(i).getString("c2")).isEqualTo(all.get(i).getString("c2"));
        assertThat(projected.get(i).getString("c8")).isEqualTo(all.get(i).getString("c8"));
      }
    }
  }

  /** A file the source holds in memory is neither fetched again nor copied to be decoded. */
  @Test
  void aFileHeldInMemoryIsDecodedInPlace() throws Exception {
    Path file = writeWide("mem.parquet", 5_000, 64 * 1024, ParquetCompression.ZSTD);
    byte[] bytes = Files.readAllBytes(file);
    RangeSource mem = new InMemorySource(bytes);
    ParquetFooter footer = ParquetFooter.read(mem);
    List<Row> rows = new ArrayList<>();
    try (RowGroupReader r = RowGroupReader.builder(mem, footer).build()) {
      for (int g = 0; g < footer.rowGroupCount(); g++) {
        r.readRowGroup(g, rows::add);
      }
      assertThat(r.readsIssued()).isZero();
      assertThat(r.bytesCopied()).isZero();
    }
    assertThat(rows).hasSize(5_000);
    assertThat(rows.get(4_999).getInt64("id")).isEqualTo(4_999L);
    assertThat(rows.get(4_999).getString("c9")).endsWith("-9");
  }

  /**
   * Rows of a dictionary-encoded numeric column share one box per distinct value of a row group
   * (values above the JDK's small-value caches), and plain-encoded columns still read right.
   */
  @Test
  void dictionaryEncodedNumbersAreBoxedOncePerRowGroup() throws Exception {
    Schema s =
        Schema.builder()
            .addInt64Field("k")
            .addInt32Field("i")
            .addDoubleField("d")
            .addFloatField("f")
            .addArrayField("list", Schema.FieldType.INT64)
            .addInt64Field("unique")
            .build();
    Path file = tmp.resolve("dict.parquet");
    try (RowParquetWriter w = RowParquetWriter.builder(file, s).build()) {
      for (int r = 0; r < 10_000; r++) {
        long k = 1_000_000L + r % 7;
        w.write(
            Row.withSchema(s)
                .attachValues(
                    List.of(
                        k,
                        (int) k,
                        k + 0.5,
                        (float) (k + 0.25),
                        List.of(k, k + 1),
                        (long) r * 1_000_003L)));
      }
      w.finish();
    }
    List<Row> rows = new ArrayList<>();
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      try (RowGroupReader r = RowGroupReader.builder(src, footer).build()) {
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          r.readRowGroup(g, rows::add);
        }
      }
    }
    assertThat(rows).hasSize(10_000);
    Row a = rows.get(3);
    Row b = rows.get(3 + 7 * 100);
    for (String f : List.of("k", "i", "d", "f")) {
      assertThat((Object) b.getValue(f)).isEqualTo(a.getValue(f)).isSameAs(a.getValue(f));
    }
    assertThat(b.getArray("list").iterator().next()).isSameAs(a.getArray("list").iterator().next());
    assertThat(a.getInt64("k")).isEqualTo(1_000_003L);
    assertThat(a.getFloat("f")).isEqualTo(1_000_003.25f);
    assertThat(a.getArray("list")).containsExactly(1_000_003L, 1_000_004L);
    assertThat(rows.get(9_999).getInt64("unique")).isEqualTo(9_999L * 1_000_003L);
  }

  /** A whole file in a byte array, like the sdk's small-file source. */
  private static final class InMemorySource implements RangeSource {
    private final byte[] bytes;

    InMemorySource(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void readFully(long position, java.nio.ByteBuffer dst) {
      dst.put(bytes, (int) position, dst.remaining());
    }

    @Override
    public java.nio.ByteBuffer inMemory() {
      return java.nio.ByteBuffer.wrap(bytes);
    }
  }

  @Test
  void filterSkipsRowGroupsByStatisticsAndFiltersRows() throws Exception {
    Path file = writeWide("f.parquet", 30_000, 64 * 1024, ParquetCompression.SNAPPY);
    List<Row> rows = new ArrayList<>();
    try (CountingRangeSource src = new CountingRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      int groups = footer.rowGroupCount();
      RowFilter f =
          RowFilter.or(
              RowFilter.and(
                  RowFilter.ge("id", 100L), RowFilter.lt("id", 110L), RowFilter.ne("id", 105L)),
              RowFilter.in("id", 29_998L, 7L));
      try (RowGroupReader r =
          RowGroupReader.builder(src, footer).columns(List.of("c1")).filter(f).build()) {
        for (int g = 0; g < groups; g++) {
          r.readRowGroup(g, rows::add);
        }
        assertThat(r.rowGroupsSkipped()).isEqualTo(groups - 2);
        assertThat(r.rowGroupsRead()).isEqualTo(2);
        assertThat(r.rowsEmitted()).isEqualTo(11);
        assertThat(r.schema().getFieldNames()).containsExactly("c1");
      }
    }
    assertThat(rows).hasSize(11);
    assertThat(rows.get(0).getString("c1")).endsWith("-1");
    // without projection we can see the ids
    List<Row> all = ParquetTestUtil.readAll(file, null, RowFilter.not(RowFilter.gt("id", 2L)));
    assertThat(all).extracting(r -> r.getInt64("id")).containsExactly(0L, 1L, 2L);
    List<Row> none = ParquetTestUtil.readAll(file, null, RowFilter.isNull("c2"));
    assertThat(none).isEmpty();
  }

  @Test
  void emptyProjectionCountsRowsWithoutFetching() throws Exception {
    Path file = writeWide("e.parquet", 3000, 64 * 1024, ParquetCompression.SNAPPY);
    try (CountingRangeSource src = new CountingRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      long n = 0;
      try (RowGroupReader r = RowGroupReader.builder(src, footer).columns(List.of()).build()) {
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          n += r.readRowGroup(g, row -> assertThat(row.getFieldCount()).isZero());
        }
        assertThat(r.readsIssued()).isZero();
      }
      assertThat(n).isEqualTo(3000);
      assertThat(src.reads).isEqualTo(1);
    }
  }

  @Test
  void dictionaryCanBeDisabledPerColumn() throws Exception {
    Schema s = Schema.builder().addStringField("a").addStringField("b").build();
    Path file = tmp.resolve("dict.parquet");
    try (RowParquetWriter w = RowParquetWriter.builder(file, s).disableDictionary("b").build()) {
      for (int i = 0; i < 1000; i++) {
        w.write(Row.withSchema(s).addValues("v" + (i % 3), "v" + (i % 3)).build());
      }
    }
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      var cols = ParquetFooter.read(src).metadata().getBlocks().get(0).getColumns();
      assertThat(cols.get(0).getEncodings())
          .contains(org.apache.parquet.column.Encoding.PLAIN_DICTIONARY);
      assertThat(cols.get(1).getEncodings())
          .doesNotContain(
              org.apache.parquet.column.Encoding.PLAIN_DICTIONARY,
              org.apache.parquet.column.Encoding.RLE_DICTIONARY);
    }
  }

  @Test
  void failedWriteDeletesIncompleteFile() throws Exception {
    Path file = tmp.resolve("bad.parquet");
    Schema s = Schema.builder().addStringField("x").build();
    RowParquetWriter w = RowParquetWriter.builder(file, s).build();
    w.write(Row.withSchema(s).addValue("ok").build());
    assertThatThrownBy(
            () -> w.write(Row.withSchema(s).attachValues(java.util.Arrays.asList((Object) null))))
        .hasMessageContaining("'x'")
        .hasMessageContaining(file.toString());
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
    w.close();
    assertThat(file).doesNotExist();
  }

  @Test
  void truncatedFileNamesTheFile() throws Exception {
    Path file = writeWide("t.parquet", 100, 100L << 20, ParquetCompression.SNAPPY);
    byte[] all = Files.readAllBytes(file);
    Path cut = tmp.resolve("cut.parquet");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    try (LocalFileRangeSource src = new LocalFileRangeSource(cut)) {
      assertThatThrownBy(() -> ParquetFooter.read(src))
          .isInstanceOf(ParquetReadException.class)
          .hasMessageContaining(cut.toString())
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void corruptChunkNamesFileAndRowGroup() throws Exception {
    Path file = writeWide("c.parquet", 30_000, 64 * 1024, ParquetCompression.SNAPPY);
    ParquetFooter footer;
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      footer = ParquetFooter.read(src);
    }
    ColumnChunkInfo chunk = footer.rowGroups().get(2).columns().get(4);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(chunk.offset());
      byte[] junk = new byte[(int) Math.min(64, chunk.compressedSize())];
      java.util.Arrays.fill(junk, (byte) 0x7f);
      raf.write(junk);
    }
    try (LocalFileRangeSource src = new LocalFileRangeSource(file);
        RowGroupReader r = RowGroupReader.builder(src, footer).build()) {
      assertThat(r.readRowGroup(1, row -> {})).isPositive();
      assertThatThrownBy(() -> r.readRowGroup(2, row -> {}))
          .isInstanceOf(ParquetReadException.class)
          .hasMessageContaining("row group 2")
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void footerIsSerializableAndReusable() throws Exception {
    Path file = writeWide("s.parquet", 5000, 64 * 1024, ParquetCompression.SNAPPY);
    ParquetFooter footer;
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      footer = ParquetFooter.read(src);
    }
    ParquetFooter copy = org.apache.beam.sdk.util.SerializableUtils.clone(footer);
    assertThat(copy.rowGroups()).isEqualTo(footer.rowGroups());
    try (CountingRangeSource src = new CountingRangeSource(file);
        RowGroupReader r = RowGroupReader.builder(src, copy).columns(List.of("id")).build()) {
      List<Row> rows = new ArrayList<>();
      r.readRowGroup(0, rows::add);
      assertThat(rows).hasSize((int) copy.rowGroups().get(0).rowCount());
      assertThat(src.reads).isEqualTo(1); // no footer re-read
    }
  }
}
