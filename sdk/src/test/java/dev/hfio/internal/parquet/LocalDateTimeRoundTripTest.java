package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.parquet.RowFilter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Beam SqlTypes.DATETIME (LocalDateTime) field comes back as the same Beam type and value. */
class LocalDateTimeRoundTripTest {
  static final Schema S =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("at", FieldType.logicalType(SqlTypes.DATETIME))
          .build();

  @Test
  void localDateTimeRoundTripsAsLocalDateTime(@TempDir Path tmp) throws Exception {
    LocalDateTime t = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000);
    List<Row> rows =
        List.of(
            Row.withSchema(S).addValues(1L, t).build(),
            Row.withSchema(S).addValues(2L, null).build());
    Path file = tmp.resolve("ldt.parquet");
    ParquetTestUtil.write(file, S, rows);

    ParquetFooter footer;
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      footer = ParquetFooter.read(src);
    }
    Schema read = footer.beamSchema();
    assertThat(read.getField("at").getType().getTypeName()).isEqualTo(Schema.TypeName.LOGICAL_TYPE);
    assertThat(read.getField("at").getType().getLogicalType().getIdentifier())
        .isEqualTo(SqlTypes.DATETIME.getIdentifier());

    List<Row> got = ParquetTestUtil.readAll(file, null, null);
    assertThat(got.get(0).getLogicalTypeValue("at", LocalDateTime.class)).isEqualTo(t);
    assertThat((Object) got.get(1).getValue("at")).isNull();
    // written back, the column is still a local (isAdjustedToUTC=false) timestamp
    assertThat(ParquetSchemas.toParquetSchema(read).getType("at").getLogicalTypeAnnotation())
        .isEqualTo(footer.parquetSchema().getType("at").getLogicalTypeAnnotation());
  }

  @Test
  void localTimestampsOfEveryUnitReadAsLocalDateTimeAndKeepTheirUnit(@TempDir Path tmp)
      throws Exception {
    org.apache.parquet.schema.MessageType m =
        org.apache.parquet.schema.MessageTypeParser.parseMessageType(
            "message m { required int64 ms (TIMESTAMP(MILLIS,false)); required int64 us (TIMESTAMP(MICROS,false));"
                + " required int64 ns (TIMESTAMP(NANOS,false)); }");
    Schema s = ParquetSchemas.toBeamSchema(m);
    LocalDateTime base = LocalDateTime.of(1969, 12, 31, 23, 59, 58);
    Row r =
        Row.withSchema(s)
            .addValues(
                base.plusNanos(123_000_000),
                base.plusNanos(123_456_000),
                base.plusNanos(123_456_789))
            .build();
    Path file = tmp.resolve("units.parquet");
    ParquetTestUtil.write(file, s, List.of(r));
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      assertThat(ParquetFooter.read(src).parquetSchema().getFields()).isEqualTo(m.getFields());
    }
    assertThat(ParquetTestUtil.readAll(file, null, null)).containsExactly(r);
  }

  @Test
  void localDateTimeFilterMatches(@TempDir Path tmp) throws Exception {
    LocalDateTime t = LocalDateTime.of(2024, 5, 6, 7, 8, 9);
    Path file = tmp.resolve("ldt-f.parquet");
    ParquetTestUtil.write(
        file,
        S,
        List.of(
            Row.withSchema(S).addValues(1L, t).build(),
            Row.withSchema(S).addValues(2L, t.plusDays(1)).build()));
    assertThat(ParquetTestUtil.readAll(file, List.of("id"), RowFilter.gt("at", t)))
        .extracting(r -> r.getInt64("id"))
        .containsExactly(2L);
  }
}
