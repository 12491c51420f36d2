package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.parquet.RowFilter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.FixedString;
import org.apache.beam.sdk.schemas.logicaltypes.PythonCallable;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.apache.beam.sdk.schemas.logicaltypes.VariableString;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-table property of the Beam↔Parquet mapping: every leaf type has exactly one {@link
 * TypeTable} entry, every Parquet leaf is read by exactly one entry, each entry's schema, writer,
 * reader and filter literal work together, and the structural classes hold no per-type knowledge of
 * their own.
 */
class TypeTableTest {
  private static final EnumerationType COLOR = EnumerationType.create("red", "green");
  private static final EnumerationType SPARSE =
      EnumerationType.create(java.util.Map.of("a", 1, "b", 5));
  private static final UUID ID = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

  /**
   * Every Beam leaf type HfIO writes: the type, its entry, a value, and the filter literal that
   * selects it.
   */
  private static final List<Object[]> BEAM_TYPES =
      List.of(
          new Object[] {FieldType.BOOLEAN, ScalarMapping.BOOLEAN, true, true},
          new Object[] {FieldType.FLOAT, ScalarMapping.FLOAT, 1.5f, 1.5f},
          new Object[] {FieldType.DOUBLE, ScalarMapping.DOUBLE, 2.25, 2.25},
          new Object[] {FieldType.BYTE, IntegerMapping.BYTE, (byte) -7, (byte) -7},
          new Object[] {FieldType.INT16, IntegerMapping.INT16, (short) 300, (short) 300},
          new Object[] {FieldType.INT32, IntegerMapping.INT32, 70_000, 70_000},
          new Object[] {FieldType.INT64, IntegerMapping.INT64, 1L << 40, 1L << 40},
          new Object[] {FieldType.STRING, BinaryMapping.STRING, "héllo", "héllo"},
          new Object[] {FieldType.BYTES, BinaryMapping.BYTES, new byte[] {1, 2}, new byte[] {1, 2}},
          new Object[] {
            FieldType.logicalType(FixedBytes.of(3)),
            BinaryMapping.FIXED_BYTES,
            new byte[] {1, 2, 3},
            new byte[] {1, 2, 3}
          },
          new Object[] {
            FieldType.logicalType(VariableString.of(10)), BinaryMapping.STRING, "var", "var"
          },
          new Object[] {
            FieldType.logicalType(FixedString.of(3)), BinaryMapping.STRING, "fix", "fix"
          },
          new Object[] {
            FieldType.logicalType(VariableBytes.of(10)),
            BinaryMapping.BYTES,
            new byte[] {9},
            new byte[] {9}
          },
          new Object[] {
            FieldType.DECIMAL,
            DecimalMapping.DECIMAL,
            new BigDecimal("-1.5"),
            new BigDecimal("-1.5")
          },
          new Object[] {
            FieldType.logicalType(FixedPrecisionNumeric.of(10, 2)),
            DecimalMapping.DECIMAL,
            new BigDecimal("12.50"),
            new BigDecimal("12.5")
          },
          new Object[] {
            TypeTable.DATE,
            DateTimeMapping.DATE,
            LocalDate.of(2024, 2, 29),
            LocalDate.of(2024, 2, 29)
          },
          new Object[] {
            TypeTable.TIME, DateTimeMapping.TIME, LocalTime.of(1, 2, 3, 4), LocalTime.of(1, 2, 3, 4)
          },
          new Object[] {
            FieldType.DATETIME,
            TimestampMapping.MILLIS_INSTANT,
            new org.joda.time.Instant(1_700_000_000_123L),
            new org.joda.time.Instant(1_700_000_000_123L)
          },
          new Object[] {
            TypeTable.MICROS_INSTANT,
            TimestampMapping.MICROS_INSTANT,
            Instant.ofEpochSecond(1_700_000_000L, 123_456_000),
            Instant.ofEpochSecond(1_700_000_000L, 123_456_000)
          },
          new Object[] {
            TypeTable.NANOS_INSTANT,
            TimestampMapping.NANOS_INSTANT,
            Instant.ofEpochSecond(-5L, 123_456_789),
            Instant.ofEpochSecond(-5L, 123_456_789)
          },
          new Object[] {
            TypeTable.LOCAL_DATETIME,
            TimestampMapping.LOCAL_DATETIME,
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6_000)
          },
          // values 0..n-1: a datasets ClassLabel, stored as the int64 index
          new Object[] {
            FieldType.logicalType(COLOR), LogicalMapping.ENUMERATION, COLOR.valueOf("green"), 1L
          },
          // other values: stored as the names
          new Object[] {
            FieldType.logicalType(SPARSE), LogicalMapping.ENUMERATION, SPARSE.valueOf("b"), "b"
          },
          new Object[] {
            FieldType.logicalType(new UuidLogicalType()), LogicalMapping.UUID, ID, uuidBytes(ID)
          },
          new Object[] {
            FieldType.logicalType(new PythonCallable()),
            LogicalMapping.OVER_BASE,
            org.apache.beam.sdk.util.PythonCallableSource.of("lambda x: x"),
            "lambda x: x"
          });

  /** Parquet leaves of every physical type with every annotation HfIO reads. */
  private static final MessageType PARQUET_LEAVES =
      MessageTypeParser.parseMessageType(
          "message m {\n"
              + " required boolean bool; required float f; required double d;\n"
              + " required int32 i32; required int32 i8 (INTEGER(8,true)); required int32 i16 (INTEGER(16,true));\n"
              + " required int32 i32s (INTEGER(32,true)); required int32 u8 (INTEGER(8,false));\n"
              + " required int32 u16 (INTEGER(16,false)); required int32 u32 (INTEGER(32,false));\n"
              + " required int64 i64; required int64 i64s (INTEGER(64,true)); required int64 u64 (INTEGER(64,false));\n"
              + " required int32 date (DATE); required int32 tms (TIME(MILLIS,false));\n"
              + " required int64 tus (TIME(MICROS,false)); required int64 tns (TIME(NANOS,true));\n"
              + " required int64 tsms (TIMESTAMP(MILLIS,true)); required int64 tsus (TIMESTAMP(MICROS,true));\n"
              + " required int64 tsns (TIMESTAMP(NANOS,true)); required int64 lms (TIMESTAMP(MILLIS,false));\n"
              + " required int64 lus (TIMESTAMP(MICROS,false)); required int64 lns (TIMESTAMP(NANOS,false));\n"
              + " required int96 legacy;\n"
              + " required binary s (STRING); required binary e (ENUM); required binary j (JSON); required binary raw;\n"
              + " required int32 dec32 (DECIMAL(9,2)); required int64 dec64 (DECIMAL(18,3));\n"
              + " required binary decb (DECIMAL(20,2)); required fixed_len_byte_array(16) decf (DECIMAL(30,4));\n"
              + " required fixed_len_byte_array(16) uuid (UUID); required fixed_len_byte_array(5) fixed;\n"
              + "}");

  @Test
  void everyBeamLeafTypeHasExactlyOneEntry() {
    EnumSet<TypeName> plain = EnumSet.allOf(TypeName.class);
    plain.removeAll(
        EnumSet.of(
            TypeName.ROW, TypeName.ARRAY, TypeName.ITERABLE, TypeName.MAP, TypeName.LOGICAL_TYPE));
    for (TypeName n : plain) {
      assertThat(writers(FieldType.of(n))).as("entries writing %s", n).hasSize(1);
    }
    for (Object[] t : BEAM_TYPES) {
      FieldType type = (FieldType) t[0];
      List<TypeMapping> writers = writers(type);
      if (t[1] == LogicalMapping.OVER_BASE) {
        assertThat(writers).as("entries writing %s", type).isEmpty();
      } else {
        assertThat(writers).as("entries writing %s", type).containsExactly((TypeMapping) t[1]);
      }
      assertThat(TypeTable.forBeam(type)).as("entry of %s", type).isSameAs(t[1]);
      assertThat(TypeTable.forBeam(type.withNullable(true))).isSameAs(t[1]);
    }
    for (TypeMapping m : TypeTable.entries()) {
      assertThat(BEAM_TYPES.stream().anyMatch(t -> t[1] == m))
          .as("%s is exercised here", m)
          .isTrue();
    }
  }

  @Test
  void everyParquetLeafIsReadByExactlyOneEntryThatWritesItsBeamTypeBack() {
    for (Type t : PARQUET_LEAVES.getFields()) {
      PrimitiveType p = t.asPrimitiveType();
      List<TypeMapping> readers = new ArrayList<>();
      for (TypeMapping m : TypeTable.entries()) {
        if (m.reads(p)) {
          readers.add(m);
        }
      }
      assertThat(readers).as("entries reading %s", p).hasSize(1);
      TypeMapping m = readers.get(0);
      assertThat(TypeTable.forParquet(p)).isSameAs(m);
      assertThat(TypeTable.forBeam(m.beamType(p)))
          .as("entry writing the Beam type of %s", p)
          .isSameAs(m);
    }
  }

  /**
   * Each entry end to end: the Parquet schema it writes, its writer, the reader of that leaf and a
   * filter literal.
   */
  @Test
  void everyEntryWritesReadsAndFiltersItsOwnValues(@TempDir Path tmp) throws Exception {
    for (Object[] t : BEAM_TYPES) {
      FieldType type = ((FieldType) t[0]).withNullable(true);
      Schema s = Schema.builder().addInt64Field("id").addField("v", type).build();
      Path file =
          tmp.resolve(((TypeMapping) t[1]).name() + "-" + Math.abs(type.hashCode()) + ".parquet");
      ParquetTestUtil.write(
          file,
          s,
          List.of(
              Row.withSchema(s).addValues(0L, t[2]).build(),
              Row.withSchema(s).addValues(1L, null).build()));

      List<Row> all = ParquetTestUtil.readAll(file, null, null);
      assertThat(all).as("%s", type).hasSize(2);
      Object read = all.get(0).getValue("v");
      TypeMapping entry = (TypeMapping) t[1];
      PrimitiveType leaf =
          entry.parquetType("v", Type.Repetition.OPTIONAL, type, Schema.Options.none());
      if (entry.reads(leaf)) { // write-only entries read back as the entry of their leaf
        assertThat(same(read, t[2])).as("%s read back as %s", t[2], read).isTrue();
      }
      assertThat(ParquetTestUtil.readAll(file, List.of("id"), RowFilter.eq("v", t[3])))
          .as("eq filter on %s", type)
          .extracting(r -> r.getInt64("id"))
          .containsExactly(0L);
      assertThat(ParquetTestUtil.readAll(file, List.of("id"), RowFilter.isNull("v")))
          .extracting(r -> r.getInt64("id"))
          .containsExactly(1L);
    }
  }

  /**
   * A filter literal is converted by the entry of its column only: a temporal literal on a column
   * of another type fails naming the column instead of being compared in a guessed unit (before the
   * table, an INT64 column took an Instant as epoch millis and an INT32 DATE column took a
   * LocalTime as millis of the day).
   */
  @Test
  void aFilterLiteralOfAnotherTypeFailsNamingTheColumn() {
    MessageType m =
        MessageTypeParser.parseMessageType(
            "message m { required int64 n; required int32 day (DATE); required int32 i; }");
    Object[][] cases = {
      {"n", Instant.ofEpochSecond(1)}, {"day", LocalTime.NOON}, {"i", LocalDate.of(2024, 1, 1)}
    };
    for (Object[] c : cases) {
      PrimitiveType leaf = m.getType((String) c[0]).asPrimitiveType();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> RowFilters.toParquetValue(leaf, (String) c[0], c[1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("does not fit column '" + c[0] + "'");
    }
    assertThat(RowFilters.toParquetValue(m.getType("n").asPrimitiveType(), "n", 5)).isEqualTo(5L);
    assertThat(
            RowFilters.toParquetValue(
                m.getType("day").asPrimitiveType(), "day", LocalDate.ofEpochDay(3)))
        .isEqualTo(3);
  }

  /**
   * The structural classes delegate every leaf to the table: no Beam leaf type names, logical type
   * identifiers, leaf annotations or value-level reads and writes outside the table's files.
   */
  @Test
  void structuralClassesHoldNoPerTypeKnowledge() throws Exception {
    Pattern forbidden =
        Pattern.compile(
            "TypeName\\.|\\.IDENTIFIER|case (BYTE|INT16|DATETIME|LOGICAL_TYPE|DECIMAL)\\b|FieldType\\.logicalType"
                + "|LogicalTypeAnnotation\\.(?!ListLogicalTypeAnnotation|MapLogicalTypeAnnotation"
                + "|MapKeyValueTypeAnnotation|listType\\(|mapType\\()\\w+"
                + "|\\b(Decimal|Int|Date|Time|Timestamp|String|Enum|Json|Uuid)LogicalTypeAnnotation\\b"
                + "|\\.add(Boolean|Integer|Long|Float|Double|Binary)\\(|void add(Boolean|Int|Long|Float|Double|Binary)\\(");
    for (String file :
        List.of("ParquetSchemas", "RowWriteSupport", "RowMaterializer", "RowFilters")) {
      String code =
          withoutCommentsAndImports(
              Files.readString(
                  Path.of("src/main/java/dev/hfio/internal/parquet/" + file + ".java")));
      Matcher m = forbidden.matcher(code);
      List<String> hits = new ArrayList<>();
      while (m.find()) {
        hits.add(m.group());
      }
      assertThat(hits)
          .as("per-type code in %s.java (belongs in a TypeMapping entry)", file)
          .isEmpty();
    }
  }

  private static List<TypeMapping> writers(FieldType type) {
    List<TypeMapping> out = new ArrayList<>();
    for (TypeMapping m : TypeTable.entries()) {
      if (m != LogicalMapping.OVER_BASE && m.writes(type)) {
        out.add(m);
      }
    }
    return out;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
  }

  private static byte[] uuidBytes(UUID u) {
    return java.nio.ByteBuffer.allocate(16)
        .putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits())
        .array();
  }

  private static String withoutCommentsAndImports(String java) {
    return java.replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("//[^\n]*", "")
        .replaceAll("(?m)^import [^\n]*", "");
  }
}
