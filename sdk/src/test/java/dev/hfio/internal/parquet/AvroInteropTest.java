package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by parquet-avro (directly and through Beam's ParquetIO.sink) read back with
 * identical values.
 */
class AvroInteropTest {
  @TempDir Path tmp;

  static final String SCHEMA_JSON =
      "{\"type\":\"record\",\"name\":\"Rec\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"name\",\"type\":[\"null\",\"string\"],\"default\":null},"
          + "{\"name\":\"score\",\"type\":\"double\"},"
          + "{\"name\":\"flag\",\"type\":\"boolean\"},"
          + "{\"name\":\"small\",\"type\":\"int\"},"
          + "{\"name\":\"blob\",\"type\":\"bytes\"},"
          + "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
          + "{\"name\":\"attrs\",\"type\":{\"type\":\"map\",\"values\":\"int\"}},"
          + "{\"name\":\"inner\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Inner\",\"fields\":["
          + "  {\"name\":\"x\",\"type\":\"int\"},{\"name\":\"ys\",\"type\":{\"type\":\"array\",\"items\":\"long\"}}]}],"
          + "  \"default\":null},"
          + "{\"name\":\"items\",\"type\":{\"type\":\"array\",\"items\":\"Inner\"}},"
          + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
          + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
          + "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":12,"
          + "\"scale\":3}}"
          + "]}";

  static final Schema AVRO = new Schema.Parser().parse(SCHEMA_JSON);

  static GenericRecord record(int i) {
    Schema inner = AVRO.getField("inner").schema().getTypes().get(1);
    GenericRecord in = new GenericData.Record(inner);
    in.put("x", i);
    in.put("ys", List.of((long) i, -1L));
    Map<String, Integer> attrs = new HashMap<>();
    attrs.put("a" + (i % 3), i);
    GenericRecord r = new GenericData.Record(AVRO);
    r.put("id", (long) i);
    r.put("name", i % 4 == 0 ? null : "n" + i);
    r.put("score", i * 0.5);
    r.put("flag", i % 2 == 0);
    r.put("small", -i);
    r.put("blob", ByteBuffer.wrap(new byte[] {(byte) i, 9}));
    r.put("tags", i % 5 == 0 ? List.of() : List.of("t" + i, "u"));
    r.put("attrs", attrs);
    r.put("inner", i % 3 == 0 ? null : in);
    r.put("items", List.of(in, in));
    r.put("day", 18_000 + i);
    r.put("ts", 1_600_000_000_000_000L + i * 1_000_001L);
    BigDecimal amount = new BigDecimal(i * 1001 - 3000).movePointLeft(3);
    r.put(
        "amount",
        new Conversions.DecimalConversion()
            .toBytes(amount, AVRO.getField("amount").schema(), LogicalTypes.decimal(12, 3)));
    return r;
  }

  static void checkRow(Row row, int i) {
    assertThat(row.getInt64("id")).isEqualTo(i);
    assertThat(row.getString("name")).isEqualTo(i % 4 == 0 ? null : "n" + i);
    assertThat(row.getDouble("score")).isEqualTo(i * 0.5);
    assertThat(row.getBoolean("flag")).isEqualTo(i % 2 == 0);
    assertThat(row.getInt32("small")).isEqualTo(-i);
    assertThat(row.getBytes("blob")).containsExactly((byte) i, 9);
    assertThat(row.<String>getArray("tags"))
        .containsExactlyElementsOf(i % 5 == 0 ? List.of() : List.of("t" + i, "u"));
    assertThat(row.<String, Integer>getMap("attrs"))
        .containsExactlyEntriesOf(Map.of("a" + (i % 3), i));
    if (i % 3 == 0) {
      assertThat(row.getRow("inner")).isNull();
    } else {
      assertThat(row.getRow("inner").getInt32("x")).isEqualTo(i);
      assertThat(row.getRow("inner").<Long>getArray("ys")).containsExactly((long) i, -1L);
    }
    assertThat(row.<Row>getArray("items"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.getInt32("x")).isEqualTo(i));
    assertThat(row.<LocalDate>getLogicalTypeValue("day", LocalDate.class))
        .isEqualTo(LocalDate.ofEpochDay(18_000 + i));
    long micros = 1_600_000_000_000_000L + i * 1_000_001L;
    assertThat(row.<Instant>getLogicalTypeValue("ts", Instant.class))
        .isEqualTo(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
    assertThat(row.getDecimal("amount"))
        .isEqualTo(new BigDecimal(i * 1001 - 3000).movePointLeft(3));
  }

  @Test
  void parquetAvroFileWithLegacyListsReadsIdentically() throws Exception {
    Path file = tmp.resolve("avro.parquet");
    // parquet-avro's default writes the legacy 2-level list form ("repeated ... array").
    try (ParquetWriter<GenericRecord> w =
        AvroParquetWriter.<GenericRecord>builder(new HashingOutputFile(file))
            .withSchema(AVRO)
            .build()) {
      for (int i = 0; i < 500; i++) {
        w.write(record(i));
      }
    }
    List<Row> rows = ParquetTestUtil.readAll(file, null, null);
    assertThat(rows).hasSize(500);
    for (int i = 0; i < 500; i++) {
      checkRow(rows.get(i), i);
    }
  }

  @Test
  void parquetAvroFileWithStandardListsReadsIdentically() throws Exception {
    Path file = tmp.resolve("avro3.parquet");
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.setBoolean("parquet.avro.write-old-list-structure", false);
    try (ParquetWriter<GenericRecord> w =
        AvroParquetWriter.<GenericRecord>builder(new HashingOutputFile(file))
            .withSchema(AVRO)
            .withConf(conf)
            .build()) {
      for (int i = 0; i < 100; i++) {
        w.write(record(i));
      }
    }
    List<Row> rows = ParquetTestUtil.readAll(file, null, null);
    for (int i = 0; i < 100; i++) {
      checkRow(rows.get(i), i);
    }
  }

  @Test
  void beamParquetIoSinkFileReadsIdentically() throws Exception {
    Path file = tmp.resolve("beam.parquet");
    ParquetIO.Sink sink = ParquetIO.sink(AVRO);
    try (WritableByteChannel ch = Channels.newChannel(Files.newOutputStream(file))) {
      sink.open(ch);
      for (int i = 0; i < 300; i++) {
        sink.write(record(i));
      }
      sink.flush();
    }
    List<Row> rows = ParquetTestUtil.readAll(file, null, null);
    assertThat(rows).hasSize(300);
    for (int i = 0; i < 300; i++) {
      checkRow(rows.get(i), i);
    }
  }

  @Test
  void writerAcceptsGenericRecords() throws Exception {
    Path file = tmp.resolve("fromavro.parquet");
    WrittenFile written;
    try (RowParquetWriter w = RowParquetWriter.builder(file, AVRO).build()) {
      for (int i = 0; i < 50; i++) {
        w.write(record(i));
      }
      written = w.finish();
    }
    assertThat(written.rowCount()).isEqualTo(50);
    List<Row> rows = ParquetTestUtil.readAll(file, List.of("id", "name", "tags", "items"), null);
    for (int i = 0; i < 50; i++) {
      Row r = rows.get(i);
      assertThat(r.getInt64("id")).isEqualTo(i);
      assertThat(r.getString("name")).isEqualTo(i % 4 == 0 ? null : "n" + i);
      assertThat(r.<String>getArray("tags")).hasSize(i % 5 == 0 ? 0 : 2);
      assertThat(r.<Row>getArray("items").iterator().next().getInt32("x")).isEqualTo(i);
    }
  }

  static List<GenericRecord> records(int n) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(record(i));
    }
    return out;
  }
}
