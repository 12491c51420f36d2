package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
  @TempDir Path tmp;

  static final Schema INNER =
      Schema.builder().addStringField("name").addNullableField("score", FieldType.DOUBLE).build();

  static final Schema ALL =
      Schema.builder()
          .addField("b", FieldType.BOOLEAN)
          .addField("i8", FieldType.BYTE)
          .addField("i16", FieldType.INT16)
          .addField("i32", FieldType.INT32)
          .addField("i64", FieldType.INT64)
          .addField("f", FieldType.FLOAT)
          .addField("d", FieldType.DOUBLE)
          .addNullableField("s", FieldType.STRING)
          .addNullableField("bytes", FieldType.BYTES)
          .addField("fixed", FieldType.logicalType(FixedBytes.of(4)))
          .addField(ParquetSchemas.withDecimal(Field.of("dec", FieldType.DECIMAL), 10, 2))
          .addNullableField("date", FieldType.logicalType(SqlTypes.DATE))
          .addField("time", FieldType.logicalType(SqlTypes.TIME))
          .addField("tsMillis", FieldType.DATETIME)
          .addField("tsMicros", FieldType.logicalType(SqlTypes.TIMESTAMP))
          .addField("tsNanos", FieldType.logicalType(new NanosInstant()))
          .addNullableField("inner", FieldType.row(INNER))
          .addField("ints", FieldType.array(FieldType.INT32))
          .addField("nullableStrings", FieldType.array(FieldType.STRING.withNullable(true)))
          .addNullableField("rows", FieldType.array(FieldType.row(INNER)))
          .addField("nested", FieldType.array(FieldType.array(FieldType.INT64)))
          .addField("map", FieldType.map(FieldType.STRING, FieldType.INT32.withNullable(true)))
          .build();

  static Row row(int i) {
    boolean even = i % 2 == 0;
    return Row.withSchema(ALL)
        .addValues(
            even,
            (byte) (i - 100),
            (short) (i * 300 - 30000),
            i * 1_000_003,
            (long) i * 10_000_000_019L - 5,
            i * 1.5f,
            i / 3.0,
            even ? "str-" + (i % 7) : null,
            even ? null : new byte[] {(byte) i, 0, -1},
            new byte[] {1, 2, 3, (byte) i},
            new BigDecimal(i * 137 - 500).movePointLeft(2),
            even ? LocalDate.of(1960 + i % 100, 1 + i % 12, 1 + i % 28) : null,
            LocalTime.ofNanoOfDay(i * 1_000_000_123L % 86_400_000_000_000L),
            new org.joda.time.Instant(
                1_700_000_000_000L + i * 1234L - 1_700_000_000_000L * (i % 3 == 0 ? 2 : 0)),
            Instant.ofEpochSecond(1_600_000_000L - i * 99_999L, (i * 1000L) % 1_000_000_000L),
            Instant.ofEpochSecond(-5 + i, i * 7L),
            i % 3 == 0
                ? null
                : Row.withSchema(INNER).addValues("n" + i, i % 5 == 0 ? null : i * 0.25).build(),
            Arrays.asList(i, i + 1, -i).subList(0, i % 4 == 0 ? 0 : 3),
            Arrays.asList("a", null, "c" + i),
            i % 4 == 1
                ? null
                : List.of(
                    Row.withSchema(INNER).addValues("x", 1.0).build(),
                    Row.withSchema(INNER).addValues("y" + i, null).build()),
            List.of(List.of(1L, 2L), List.of(), List.of((long) i)),
            i % 5 == 0 ? Map.of() : mapOf("k" + i, i, "nullv", null))
        .build();
  }

  private static Map<String, Integer> mapOf(String k1, Integer v1, String k2, Integer v2) {
    Map<String, Integer> m = new java.util.HashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  @Test
  void everyTypeRoundTrips() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(row(i));
    }
    Path file = tmp.resolve("all.parquet");
    WrittenFile written = ParquetTestUtil.write(file, ALL, rows);
    assertThat(written.rowCount()).isEqualTo(200);
    assertThat(written.rowGroups()).isEqualTo(1);
    assertThat(written.size()).isEqualTo(Files.size(file));
    String fresh =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    assertThat(written.sha256()).isEqualTo(fresh);

    List<Row> back = ParquetTestUtil.readAll(file, null, null);
    assertThat(back).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(ParquetTestUtil.rebase(back.get(i), ALL)).as("row %s", i).isEqualTo(rows.get(i));
    }
    // Rows as produced by the reader must survive Beam's RowCoder (what a PCollection<Row> uses).
    org.apache.beam.sdk.coders.RowCoder coder =
        org.apache.beam.sdk.coders.RowCoder.of(back.get(0).getSchema());
    for (Row r : back) {
      byte[] bytes = org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(coder, r);
      assertThat(org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(coder, bytes))
          .isEqualTo(r);
    }
  }

  @Test
  void footerSchemaMatchesWrittenSchemaModuloOptions() throws Exception {
    Path file = tmp.resolve("s.parquet");
    ParquetTestUtil.write(file, ALL, List.of(row(1)));
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      Schema read = footer.beamSchema();
      assertThat(read.getFieldNames()).isEqualTo(ALL.getFieldNames());
      for (Field f : ALL.getFields()) {
        assertThat(
                read.getField(f.getName())
                    .getType()
                    .equivalent(f.getType(), Schema.EquivalenceNullablePolicy.SAME))
            .as(f.getName() + ": " + read.getField(f.getName()).getType())
            .isTrue();
      }
      assertThat(
              read.getField("dec")
                  .getOptions()
                  .<Integer>getValue(ParquetSchemas.OPTION_DECIMAL_PRECISION))
          .isEqualTo(10);
      // Rewriting with the read schema produces the same Parquet schema.
      assertThat(ParquetSchemas.toParquetSchema(read)).isEqualTo(footer.parquetSchema());
    }
  }
}
