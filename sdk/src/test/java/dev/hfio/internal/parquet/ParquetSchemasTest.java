package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.parquet.ParquetSchemaMismatchException;
import dev.hfio.parquet.RowFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSchemasTest {
  @TempDir Path tmp;

  private static Schema beam(String parquet) {
    return ParquetSchemas.toBeamSchema(MessageTypeParser.parseMessageType(parquet));
  }

  @Test
  void listForms() {
    Schema s =
        beam(
            "message m {"
                + " optional group std (LIST) { repeated group list { optional int32 element; } }"
                + " required group req (LIST) { repeated group list { required binary element (STRING); } }"
                + " optional group two (LIST) { repeated int64 array; }"
                + " optional group arr (LIST) { repeated group array { required int32 a; } }"
                + " optional group tup (LIST) { repeated group tup_tuple { required int32 a; } }"
                + " optional group multi (LIST) { repeated group item { required int32 a; optional int32 b; } }"
                + " repeated int32 bare;"
                + "}");
    assertThat(s.getField("std").getType())
        .isEqualTo(FieldType.array(FieldType.INT32.withNullable(true)).withNullable(true));
    assertThat(s.getField("req").getType()).isEqualTo(FieldType.array(FieldType.STRING));
    assertThat(s.getField("two").getType())
        .isEqualTo(FieldType.array(FieldType.INT64).withNullable(true));
    Schema a = Schema.builder().addInt32Field("a").build();
    assertThat(s.getField("arr").getType())
        .isEqualTo(FieldType.array(FieldType.row(a)).withNullable(true));
    assertThat(s.getField("tup").getType())
        .isEqualTo(FieldType.array(FieldType.row(a)).withNullable(true));
    assertThat(
            s.getField("multi").getType().getCollectionElementType().getRowSchema().getFieldNames())
        .containsExactly("a", "b");
    assertThat(s.getField("bare").getType()).isEqualTo(FieldType.array(FieldType.INT32));
  }

  @Test
  void primitivesAndLogicalTypes() {
    Schema s =
        beam(
            "message m {"
                + " required int32 i8 (INTEGER(8,true)); required int32 u8 (INTEGER(8,false));"
                + " required int32 u16 (INTEGER(16,false)); required int32 u32 (INTEGER(32,false));"
                + " required int64 u64 (INTEGER(64,false)); required int96 legacy;"
                + " required int64 tsl (TIMESTAMP(MICROS,false)); required int64 tsn (TIMESTAMP(NANOS,true));"
                + " required int64 tsm (TIMESTAMP(MILLIS,true)); required int32 t (TIME(MILLIS,false));"
                + " required binary j (JSON); required binary e (ENUM); required binary raw;"
                + " required fixed_len_byte_array(16) u (UUID);"
                + " required int64 dec (DECIMAL(18,4));"
                + " optional group m (MAP) { repeated group key_value { required binary key (STRING);"
                + "   optional group value { required int32 x; } } }"
                + "}");
    assertThat(s.getField("i8").getType()).isEqualTo(FieldType.BYTE);
    assertThat(s.getField("u8").getType()).isEqualTo(FieldType.INT16);
    assertThat(s.getField("u16").getType()).isEqualTo(FieldType.INT32);
    assertThat(s.getField("u32").getType()).isEqualTo(FieldType.INT64);
    assertThat(s.getField("u64").getType()).isEqualTo(FieldType.INT64);
    assertThat(
            s.getField("u64").getOptions().<Integer>getValue(ParquetSchemas.OPTION_UNSIGNED_BITS))
        .isEqualTo(64);
    assertThat(s.getField("legacy").getType()).isEqualTo(TypeTable.NANOS_INSTANT);
    assertThat(s.getField("tsl").getType()).isEqualTo(TypeTable.LOCAL_DATETIME);
    assertThat(
            s.getField("tsl").getOptions().<Boolean>getValue(ParquetSchemas.OPTION_LOCAL_TIMESTAMP))
        .isTrue();
    assertThat(s.getField("tsn").getType()).isEqualTo(TypeTable.NANOS_INSTANT);
    assertThat(s.getField("tsm").getType()).isEqualTo(FieldType.DATETIME);
    assertThat(s.getField("t").getType()).isEqualTo(TypeTable.TIME);
    assertThat(s.getField("j").getType()).isEqualTo(FieldType.STRING);
    assertThat(s.getField("e").getType()).isEqualTo(FieldType.STRING);
    assertThat(s.getField("raw").getType()).isEqualTo(FieldType.BYTES);
    assertThat(s.getField("u").getType().getLogicalType().getIdentifier())
        .isEqualTo("beam:logical_type:fixed_bytes:v1");
    assertThat(s.getField("dec").getType()).isEqualTo(FieldType.DECIMAL);
    assertThat(s.getField("m").getType())
        .isEqualTo(
            FieldType.map(
                    FieldType.STRING,
                    FieldType.row(Schema.builder().addInt32Field("x").build()).withNullable(true))
                .withNullable(true));

    // Beam -> Parquet restores the Parquet annotations carried in options.
    MessageType back = ParquetSchemas.toParquetSchema(s);
    assertThat(back.getType("u8").toString()).isEqualTo("required int32 u8 (INTEGER(8,false))");
    assertThat(back.getType("u32").toString()).isEqualTo("required int32 u32 (INTEGER(32,false))");
    assertThat(back.getType("u64").toString()).isEqualTo("required int64 u64 (INTEGER(64,false))");
    assertThat(back.getType("tsl").toString())
        .isEqualTo("required int64 tsl (TIMESTAMP(MICROS,false))");
    assertThat(back.getType("t").toString()).isEqualTo("required int32 t (TIME(MILLIS,false))");
    assertThat(back.getType("j").toString()).isEqualTo("required binary j (JSON)");
    assertThat(back.getType("dec").toString())
        .isEqualTo("required fixed_len_byte_array(8) dec (DECIMAL(18,4))");
  }

  @Test
  void unsignedAndLocalTimestampValuesRoundTripThroughFile() throws Exception {
    Schema s =
        beam(
            "message m { required int32 u8 (INTEGER(8,false)); required int32 u32 (INTEGER(32,false));"
                + " required int64 u64 (INTEGER(64,false)); required int64 tsl (TIMESTAMP(MICROS,false)); }");
    Row r =
        Row.withSchema(s)
            .addValues(
                (short) 255,
                4_000_000_000L,
                -1L,
                java.time.LocalDateTime.parse("2024-05-06T07:08:09.123456"))
            .build();
    Path file = tmp.resolve("u.parquet");
    ParquetTestUtil.write(file, s, List.of(r));
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      ParquetFooter footer = ParquetFooter.read(src);
      assertThat(footer.parquetSchema().getType("u8").toString()).contains("INTEGER(8,false)");
      assertThat(footer.beamSchema()).isEqualTo(s);
    }
    assertThat(ParquetTestUtil.readAll(file, null, null)).containsExactly(r);
    assertThat(ParquetTestUtil.readAll(file, null, RowFilter.gt("u32", 3_000_000_000L))).hasSize(1);
  }

  @Test
  void projectionKeepsRequestedOrderAndNamesUnknownColumns() {
    MessageType m =
        MessageTypeParser.parseMessageType(
            "message m { required int32 a; optional binary b (STRING); }");
    assertThat(ParquetSchemas.project(m, List.of("b", "a")).getFields())
        .extracting(t -> t.getName())
        .containsExactly("b", "a");
    assertThatThrownBy(() -> ParquetSchemas.project(m, List.of("zz")))
        .hasMessageContaining("'zz'")
        .hasMessageContaining("[a, b]");
  }

  @Test
  void unifyWidensNullabilityAndNamesMismatchedFilesAndFields() {
    Schema a = Schema.builder().addInt64Field("id").addStringField("text").build();
    Schema b =
        Schema.builder().addInt64Field("id").addNullableField("text", FieldType.STRING).build();
    Schema c =
        Schema.builder()
            .addInt32Field("id")
            .addStringField("text")
            .addBooleanField("extra")
            .build();
    Map<String, Schema> ok = new LinkedHashMap<>();
    ok.put("train-0.parquet", a);
    ok.put("train-1.parquet", b);
    assertThat(ParquetSchemas.unify(ok).getField("text").getType().getNullable()).isTrue();
    Map<String, Schema> bad = new LinkedHashMap<>(ok);
    bad.put("train-2.parquet", c);
    assertThatThrownBy(() -> ParquetSchemas.unify(bad))
        .isInstanceOf(ParquetSchemaMismatchException.class)
        .hasMessageContaining("train-0.parquet")
        .hasMessageContaining("train-2.parquet")
        .hasMessageContaining("field 'id'")
        .hasMessageContaining("extra field 'extra'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("train-1.parquet:"));
  }

  @Test
  void avroSchemaMapsThroughBeam() {
    Schema s = ParquetSchemas.fromAvro(AvroInteropTest.AVRO);
    assertThat(s.getFieldNames()).startsWith("id", "name", "score");
    assertThat(ParquetSchemas.toParquetSchema(s).getFieldCount()).isEqualTo(s.getFieldCount());
  }

  @Test
  void coalesceMergesNearbyRangesWithinWasteBound() {
    List<ByteRange> in =
        new ArrayList<>(
            List.of(new ByteRange(1000, 100), new ByteRange(0, 1000), new ByteRange(5000, 10)));
    assertThat(ByteRange.coalesce(in, 0))
        .containsExactly(new ByteRange(0, 1100), new ByteRange(5000, 10));
    assertThat(ByteRange.coalesce(in, 10_000)).containsExactly(new ByteRange(0, 5010));
    assertThat(ByteRange.coalesce(in, 10_000, 0.1))
        .containsExactly(new ByteRange(0, 1100), new ByteRange(5000, 10));
    assertThat(
            ByteRange.coalesce(
                List.of(new ByteRange(0, 1000), new ByteRange(1050, 1000)), 1 << 20, 0.1))
        .containsExactly(new ByteRange(0, 2050));
  }
}
