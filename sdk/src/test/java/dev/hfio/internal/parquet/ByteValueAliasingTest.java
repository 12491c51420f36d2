package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-array-backed values (BYTES, FixedBytes, VariableBytes, strings, decimals, and lists, maps
 * and nested rows of them) are owned by whoever holds them: the writer never keeps a reference to a
 * caller's {@code byte[]} past {@code write} (a caller may refill one buffer for every row), and
 * the reader never hands out an array that it, or another row, still uses (a reader that holds a
 * whole row group before emitting it, as the read does with an error handler, must see every row
 * intact). Row groups and pages are small, values repeat, so dictionaries, dictionary fallback and
 * several row groups are all exercised.
 */
class ByteValueAliasingTest {
  @TempDir Path tmp;

  static final Schema INNER = Schema.builder().addByteArrayField("blob").build();

  static final Schema SCHEMA =
      Schema.builder()
          .addInt32Field("id")
          .addByteArrayField("bytes")
          .addNullableField("maybeBytes", FieldType.BYTES)
          .addField("fixed", FieldType.logicalType(FixedBytes.of(4)))
          .addField("var", FieldType.logicalType(VariableBytes.of(8)))
          .addStringField("s")
          .addField(ParquetSchemas.withDecimal(Field.of("dec", FieldType.DECIMAL), 20, 2))
          .addField("list", FieldType.array(FieldType.BYTES))
          .addField("map", FieldType.map(FieldType.STRING, FieldType.BYTES))
          .addField("inner", FieldType.row(INNER))
          .build();

  static final int ROWS = 6000;

  /** Row {@code i}: about half the byte values repeat (dictionary), half are unique. */
  static byte[] value(int i, int field) {
    int v = i % 2 == 0 ? i % 17 : i;
    return new byte[] {(byte) field, (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  static Row row(int i) {
    Map<String, byte[]> map = new LinkedHashMap<>();
    map.put("k", value(i, 7));
    return Row.withSchema(SCHEMA)
        .addValues(
            i,
            value(i, 1),
            i % 3 == 0 ? null : value(i, 2),
            value(i, 3),
            Arrays.copyOf(value(i, 4), 1 + i % 8),
            "s" + (i % 2 == 0 ? i % 17 : i),
            BigDecimal.valueOf(i % 2 == 0 ? i % 17 : i, 2),
            List.of(value(i, 5), value(i, 6)),
            map,
            Row.withSchema(INNER).addValue(value(i, 8)).build())
        .build();
  }

  /**
   * A caller that reuses its buffers: every byte[] of row {@code i} is one of a fixed set of
   * arrays, refilled for this row (and scribbled over after the write).
   */
  static final class ReusingCaller {
    final byte[][] buffers = new byte[12][];

    Row row(int i) {
      Row fresh = ByteValueAliasingTest.row(i);
      List<Object> values = new ArrayList<>();
      int[] slot = {0};
      for (Object v : fresh.getValues()) {
        values.add(reuse(v, slot));
      }
      return Row.withSchema(SCHEMA).attachValues(values);
    }

    private Object reuse(Object v, int[] slot) {
      if (v instanceof byte[] b) {
        byte[] buf = buffers[slot[0]];
        if (buf == null || buf.length != b.length) {
          buf = new byte[b.length];
          buffers[slot[0]] = buf;
        }
        slot[0]++;
        System.arraycopy(b, 0, buf, 0, b.length);
        return buf;
      }
      if (v instanceof List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
          out.add(reuse(o, slot));
        }
        return out;
      }
      if (v instanceof Map<?, ?> m) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(e.getKey(), reuse(e.getValue(), slot));
        }
        return out;
      }
      if (v instanceof Row r) {
        List<Object> out = new ArrayList<>();
        for (Object o : r.getValues()) {
          out.add(reuse(o, slot));
        }
        return Row.withSchema(r.getSchema()).attachValues(out);
      }
      return v;
    }

    void scribble() {
      for (byte[] b : buffers) {
        if (b != null) {
          Arrays.fill(b, (byte) 0x5A);
        }
      }
    }
  }

  private Path writeWithReusedBuffers() throws Exception {
    Path file = tmp.resolve("reused.parquet");
    ReusingCaller caller = new ReusingCaller();
    try (RowParquetWriter w =
        RowParquetWriter.builder(file, SCHEMA)
            .rowGroupBytes(16 * 1024)
            .pageBytes(2 * 1024)
            .dictionaryPageBytes(2 * 1024)
            .build()) {
      for (int i = 0; i < ROWS; i++) {
        w.write(caller.row(i));
        caller.scribble();
      }
      w.finish();
    }
    return file;
  }

  @Test
  void theWriterKeepsNoReferenceToTheCallersArrays() throws Exception {
    Path file = writeWithReusedBuffers();
    List<Row> back = ParquetTestUtil.readAll(file, null, null);
    assertThat(back).hasSize(ROWS);
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      assertThat(ParquetFooter.read(src).rowGroupCount()).as("several row groups").isGreaterThan(2);
    }
    for (int i = 0; i < ROWS; i++) {
      assertThat(ParquetTestUtil.rebase(back.get(i), SCHEMA)).as("row %s", i).isEqualTo(row(i));
    }
  }

  @Test
  void theReaderHandsOutArraysNoOtherRowOrReaderShares() throws Exception {
    Path file = writeWithReusedBuffers();
    List<Row> held = new ArrayList<>();
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      try (RowGroupReader r = RowGroupReader.builder(src, footer).build()) {
        // hold every row group's rows, then read the next one: nothing emitted may change
        for (int g = 0; g < footer.rowGroupCount(); g++) {
          r.readRowGroup(g, held::add);
        }
      }
    }
    assertThat(held).hasSize(ROWS);
    IdentityHashMap<Object, Integer> owners = new IdentityHashMap<>();
    for (int i = 0; i < ROWS; i++) {
      Row got = ParquetTestUtil.rebase(held.get(i), SCHEMA);
      assertThat(got).as("row %s", i).isEqualTo(row(i));
      for (byte[] b : arrays(got)) {
        Integer other = owners.put(b, i);
        assertThat(other).as("row %s shares a byte[] with row %s", i, other).isNull();
      }
    }
    // a consumer that changes one row's arrays changes nothing else
    for (byte[] b : arrays(held.get(0))) {
      Arrays.fill(b, (byte) 0x5A);
    }
    for (int i = 1; i < ROWS; i++) {
      assertThat(ParquetTestUtil.rebase(held.get(i), SCHEMA)).as("row %s", i).isEqualTo(row(i));
    }
  }

  /** Every byte[] in a row, nested ones included. */
  static List<byte[]> arrays(Object v) {
    List<byte[]> out = new ArrayList<>();
    collect(v, out);
    return out;
  }

  private static void collect(Object v, List<byte[]> out) {
    if (v instanceof byte[] b) {
      out.add(b);
    } else if (v instanceof Row r) {
      r.getValues().forEach(o -> collect(o, out));
    } else if (v instanceof Iterable<?> it) {
      it.forEach(o -> collect(o, out));
    } else if (v instanceof Map<?, ?> m) {
      m.values().forEach(o -> collect(o, out));
    }
  }
}
