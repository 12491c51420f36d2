package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layouts our writer never produces (INT96, TIME(MICROS), INT32 decimals, bare repeated groups)
 * still read.
 */
class ForeignWriterTest {
  @TempDir Path tmp;

  @Test
  void legacyAndUnusualLayouts() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message spark_schema {"
                + " required int96 ts96;"
                + " required int64 tmicros (TIME(MICROS,true));"
                + " required int32 small_dec (DECIMAL(9,2));"
                + " optional int32 u16 (INTEGER(16,false));"
                + " repeated group points { required double x; optional binary label (UTF8); }"
                + " optional group legacy_map (MAP_KEY_VALUE) { repeated group map { required int32 key; optional int64 value; } }"
                + "}");
    Path file = tmp.resolve("spark.parquet");
    Instant when = Instant.parse("2021-03-04T05:06:07.123456789Z");
    long epochDay = Math.floorDiv(when.getEpochSecond(), 86_400L);
    long nanosOfDay =
        Math.floorMod(when.getEpochSecond(), 86_400L) * 1_000_000_000L + when.getNano();
    ByteBuffer int96 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    int96.putLong(nanosOfDay).putInt((int) (epochDay + 2_440_588L));
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new HashingOutputFile(file)).withType(schema).build()) {
      Group g = f.newGroup();
      g.add("ts96", Binary.fromConstantByteArray(int96.array()));
      g.add("tmicros", 3_723_000_004L);
      g.add("small_dec", -12345);
      g.add("u16", 65535);
      Group p1 = g.addGroup("points");
      p1.add("x", 1.5);
      p1.add("label", "a");
      Group p2 = g.addGroup("points");
      p2.add("x", 2.5);
      Group m = g.addGroup("legacy_map").addGroup("map");
      m.add("key", 7);
      m.add("value", 70L);
      w.write(g);
      Group empty = f.newGroup();
      empty.add("ts96", Binary.fromConstantByteArray(int96.array()));
      empty.add("tmicros", 0L);
      empty.add("small_dec", 0);
      w.write(empty);
    }
    List<Row> rows = ParquetTestUtil.readAll(file, null, null);
    assertThat(rows).hasSize(2);
    Row r = rows.get(0);
    assertThat(r.getLogicalTypeValue("ts96", Instant.class)).isEqualTo(when);
    assertThat(r.getLogicalTypeValue("tmicros", LocalTime.class))
        .isEqualTo(LocalTime.ofNanoOfDay(3_723_000_004_000L));
    assertThat(r.getDecimal("small_dec")).isEqualByComparingTo("-123.45");
    assertThat(r.getInt32("u16")).isEqualTo(65535);
    List<Row> points = List.copyOf(r.<Row>getArray("points"));
    assertThat(points).hasSize(2);
    assertThat(points.get(0).getDouble("x")).isEqualTo(1.5);
    assertThat(points.get(0).getString("label")).isEqualTo("a");
    assertThat(points.get(1).getString("label")).isNull();
    assertThat(r.<Integer, Long>getMap("legacy_map"))
        .containsExactlyEntriesOf(java.util.Map.of(7, 70L));
    Row e = rows.get(1);
    assertThat(e.<Row>getArray("points")).isEmpty();
    assertThat((Object) e.getValue("legacy_map")).isNull();
    assertThat((Object) e.getValue("u16")).isNull();
  }
}
