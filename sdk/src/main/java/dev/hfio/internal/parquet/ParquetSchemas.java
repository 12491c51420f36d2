package dev.hfio.internal.parquet;

import dev.hfio.parquet.ParquetSchemaMismatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.DateTime;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps Parquet schemas to Beam schemas and back, so HfIO can infer a Beam schema from any Hub
 * Parquet file and write files that pyarrow / pandas / {@code datasets} read with the expected
 * dtypes.
 *
 * <p>Parquet → Beam:
 *
 * <ul>
 *   <li>BOOLEAN, FLOAT, DOUBLE → BOOLEAN, FLOAT, DOUBLE; INT32 / INT(32,signed) → INT32; INT64 /
 *       INT(64,signed) → INT64; INT(8,signed) → BYTE; INT(16,signed) → INT16.
 *   <li>Unsigned ints are widened losslessly: UINT8 → INT16, UINT16 → INT32, UINT32 → INT64; UINT64
 *       → INT64 holding the raw 64 bits (values ≥ 2^63 appear negative; use {@link
 *       Long#toUnsignedString}). The field carries option {@link #OPTION_UNSIGNED_BITS} so the
 *       writer restores the unsigned annotation.
 *   <li>BINARY with STRING/UTF8/ENUM/JSON → STRING (ENUM/JSON recorded in {@link
 *       #OPTION_STRING_ANNOTATION}); other BINARY → BYTES; FIXED_LEN_BYTE_ARRAY(n) (incl. UUID) →
 *       {@link FixedBytes}(n).
 *   <li>DATE → {@link SqlTypes#DATE} ({@code LocalDate}); TIME(any unit) → {@link SqlTypes#TIME}
 *       ({@code LocalTime}, exact).
 *   <li>TIMESTAMP (isAdjustedToUTC=true) keeps its precision exactly: MILLIS → DATETIME (Joda
 *       {@code Instant}); MICROS → {@link MicrosInstant} ({@code java.time.Instant}); NANOS and
 *       INT96 → {@link NanosInstant} ({@code java.time.Instant}). A local timestamp
 *       (isAdjustedToUTC=false, e.g. pyarrow's {@code timestamp[us]} without a time zone) of any
 *       unit → {@link SqlTypes#DATETIME} ({@code LocalDateTime}), marked with {@link
 *       #OPTION_LOCAL_TIMESTAMP}=true and its unit in {@link #OPTION_TIME_UNIT}, so it is written
 *       back with the same unit. No precision is lost on read.
 *   <li>DECIMAL(p,s) on any physical type → DECIMAL ({@code BigDecimal} with scale s), precision
 *       and scale kept in options {@link #OPTION_DECIMAL_PRECISION}/{@link #OPTION_DECIMAL_SCALE}.
 *   <li>Groups → ROW; LIST (standard 3-level and legacy 2-level forms) and bare repeated fields →
 *       ARRAY; MAP → MAP. OPTIONAL → nullable; REQUIRED → non-null.
 * </ul>
 *
 * <p>Each leaf type's mapping (schema both ways, value writer and reader, filter literal) is one
 * entry of the package's type table; this class walks rows, lists and maps and asks the table about
 * every leaf.
 *
 * <p>Field options live on top-level and nested row fields only; list elements and map values lose
 * them (a list of decimals is written back with the default DECIMAL(38, 18)).
 */
public final class ParquetSchemas {
  /** INT32 option: bit width of an unsigned Parquet integer (8, 16, 32, 64). */
  public static final String OPTION_UNSIGNED_BITS = "hfio.parquet.unsignedBits";

  /** INT32 options: precision and scale of a DECIMAL field. */
  public static final String OPTION_DECIMAL_PRECISION = "hfio.parquet.decimalPrecision";

  public static final String OPTION_DECIMAL_SCALE = "hfio.parquet.decimalScale";

  /** BOOLEAN option: the timestamp is a local (isAdjustedToUTC=false) timestamp. */
  public static final String OPTION_LOCAL_TIMESTAMP = "hfio.parquet.localTimestamp";

  /** STRING option: "JSON" or "ENUM" when the string column carried that annotation. */
  public static final String OPTION_STRING_ANNOTATION = "hfio.parquet.stringAnnotation";

  /**
   * STRING option on TIME fields: "MILLIS", "MICROS" or "NANOS" (write default NANOS); on {@link
   * SqlTypes#DATETIME} (local timestamp) fields the unit of the TIMESTAMP written (default MICROS).
   */
  public static final String OPTION_TIME_UNIT = "hfio.parquet.timeUnit";

  /** Precision and scale used when writing a plain DECIMAL field without options. */
  public static final int DEFAULT_DECIMAL_PRECISION = 38;

  public static final int DEFAULT_DECIMAL_SCALE = 18;

  private ParquetSchemas() {}

  // ---------------------------------------------------------------- Parquet -> Beam

  /** The Beam schema of a Parquet message type (see class comment for the mapping). */
  public static Schema toBeamSchema(GroupType message) {
    Schema.Builder b = Schema.builder();
    for (Type t : message.getFields()) {
      b.addField(toBeamField(t));
    }
    return b.build();
  }

  static Field toBeamField(Type t) {
    FieldType type;
    if (t.isRepetition(Repetition.REPEATED)) {
      type = FieldType.array(beamType(t, false));
    } else {
      type = beamType(t, t.isRepetition(Repetition.OPTIONAL));
    }
    Field f = Field.of(t.getName(), type);
    Schema.Options opts = options(t);
    return opts.hasOptions() ? f.withOptions(opts) : f;
  }

  /** Beam type of {@code t} ignoring its repetition (nullable as given). */
  static FieldType beamType(Type t, boolean nullable) {
    FieldType ft;
    if (t.isPrimitive()) {
      PrimitiveType p = t.asPrimitiveType();
      ft = TypeTable.forParquet(p).beamType(p);
    } else {
      GroupType g = t.asGroupType();
      LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
      if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        Type element = listElement(g);
        ft = FieldType.array(beamType(element, element.isRepetition(Repetition.OPTIONAL)));
      } else if (isMap(g)) {
        GroupType kv = g.getType(0).asGroupType();
        Type key = kv.getType(0);
        FieldType valueType;
        if (kv.getFieldCount() > 1) {
          Type value = kv.getType(1);
          valueType = beamType(value, value.isRepetition(Repetition.OPTIONAL));
        } else {
          valueType = FieldType.BOOLEAN.withNullable(true);
        }
        ft = FieldType.map(beamType(key, false), valueType);
      } else {
        ft = FieldType.row(toBeamSchema(g));
      }
    }
    return ft.withNullable(nullable);
  }

  static boolean isMap(GroupType g) {
    LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
    boolean annotated =
        a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
    return annotated
        && g.getFieldCount() == 1
        && !g.getType(0).isPrimitive()
        && g.getType(0).isRepetition(Repetition.REPEATED)
        && g.getType(0).asGroupType().getFieldCount() >= 1;
  }

  /**
   * The element type of a LIST-annotated group, following the Parquet backward-compatibility rules:
   * if the repeated child is primitive, has several fields, or is named {@code array} / {@code
   * <name>_tuple}, the repeated child is itself the (required) element (2-level form); otherwise
   * its single child is the element (3-level form).
   */
  static Type listElement(GroupType list) {
    Type repeated = list.getType(0);
    if (isTwoLevel(list)) {
      return repeated;
    }
    return repeated.asGroupType().getType(0);
  }

  static boolean isTwoLevel(GroupType list) {
    Type repeated = list.getType(0);
    return repeated.isPrimitive()
        || repeated.asGroupType().getFieldCount() != 1
        || repeated.getName().equals("array")
        || repeated.getName().equals(list.getName() + "_tuple");
  }

  /** Field options a Parquet leaf needs to be written back as it was (none for groups). */
  private static Schema.Options options(Type t) {
    Schema.Options.Builder b = Schema.Options.builder();
    if (t.isPrimitive()) {
      PrimitiveType p = t.asPrimitiveType();
      TypeTable.forParquet(p).addOptions(p, b);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- projection and compatibility

  /**
   * The file schema restricted to the given top-level columns, in the given order.
   *
   * @throws IllegalArgumentException naming the unknown column and the available ones
   */
  public static MessageType project(MessageType schema, List<String> columns) {
    if (columns == null) {
      return schema;
    }
    List<Type> fields = new ArrayList<>();
    for (String c : columns) {
      if (!schema.containsField(c)) {
        throw new IllegalArgumentException(
            "Unknown column '" + c + "'; the file has columns " + topLevelNames(schema));
      }
      fields.add(schema.getType(c));
    }
    return new MessageType(schema.getName(), fields);
  }

  /** The Beam schema restricted to the given top-level fields, in the given order. */
  public static Schema project(Schema schema, List<String> columns) {
    if (columns == null) {
      return schema;
    }
    Schema.Builder b = Schema.builder();
    for (String c : columns) {
      if (!schema.hasField(c)) {
        throw new IllegalArgumentException(
            "Unknown column '" + c + "'; the schema has fields " + schema.getFieldNames());
      }
      b.addField(schema.getField(c));
    }
    return b.build();
  }

  private static List<String> topLevelNames(GroupType g) {
    List<String> names = new ArrayList<>();
    for (Type t : g.getFields()) {
      names.add(t.getName());
    }
    return names;
  }

  /**
   * Checks that the schemas of several files can be read as one collection and returns the unified
   * schema: the same fields in the same order with equivalent types; a field is nullable if it is
   * nullable in any file.
   *
   * @param schemasByFile file name → its schema, in listing order (the first is the reference)
   * @throws ParquetSchemaMismatchException naming the first file, each differing file and the
   *     differing fields
   */
  public static Schema unify(Map<String, Schema> schemasByFile) {
    if (schemasByFile.isEmpty()) {
      throw new IllegalArgumentException("No schemas to unify");
    }
    Map.Entry<String, Schema> first = schemasByFile.entrySet().iterator().next();
    Schema ref = first.getValue();
    Map<String, Field> unified = new LinkedHashMap<>();
    for (Field f : ref.getFields()) {
      unified.put(f.getName(), f);
    }
    StringBuilder problems = new StringBuilder();
    for (Map.Entry<String, Schema> e : schemasByFile.entrySet()) {
      Schema s = e.getValue();
      List<String> diffs = new ArrayList<>();
      for (Field f : ref.getFields()) {
        if (!s.hasField(f.getName())) {
          diffs.add("field '" + f.getName() + "' is missing");
        }
      }
      for (Field f : s.getFields()) {
        if (!ref.hasField(f.getName())) {
          diffs.add("extra field '" + f.getName() + "' " + f.getType());
          continue;
        }
        Field r = ref.getField(f.getName());
        if (!r.getType().equivalent(f.getType(), Schema.EquivalenceNullablePolicy.IGNORE)) {
          diffs.add(
              "field '"
                  + f.getName()
                  + "' is "
                  + f.getType()
                  + " but "
                  + r.getType()
                  + " in the first file");
        } else if (f.getType().getNullable() && !unified.get(f.getName()).getType().getNullable()) {
          unified.put(f.getName(), unified.get(f.getName()).withNullable(true));
        }
      }
      if (diffs.isEmpty() && !s.getFieldNames().equals(ref.getFieldNames())) {
        diffs.add("column order " + s.getFieldNames() + " differs from " + ref.getFieldNames());
      }
      if (!diffs.isEmpty()) {
        problems.append("\n  ").append(e.getKey()).append(": ").append(String.join("; ", diffs));
      }
    }
    if (problems.length() > 0) {
      throw new ParquetSchemaMismatchException(
          "Parquet files have incompatible schemas (compared with "
              + first.getKey()
              + "):"
              + problems
              + "\nRead them separately or pass an explicit schema.");
    }
    return Schema.builder().addFields(new ArrayList<>(unified.values())).build();
  }

  // ---------------------------------------------------------------- Beam -> Parquet

  /**
   * The Parquet schema written for a Beam schema: standard logical annotations and 3-level lists,
   * readable by pyarrow with the dtypes of the reverse mapping. Options from {@link #toBeamSchema}
   * are honoured, so a file read and written back keeps its Parquet types. BYTE/INT16 → INT(8/16);
   * DATETIME → TIMESTAMP(MILLIS, UTC); {@link MicrosInstant} → TIMESTAMP(MICROS, UTC); {@link
   * NanosInstant} → TIMESTAMP(NANOS, UTC); {@link DateTime} ({@code LocalDateTime}) →
   * TIMESTAMP(unit of {@link #OPTION_TIME_UNIT}, default MICROS, local; digits below the unit are
   * truncated); DECIMAL → DECIMAL(p, s) from options, else (38, 18), stored as FIXED_LEN_BYTE_ARRAY
   * like pyarrow; {@link FixedPrecisionNumeric} → its own precision/scale; ARRAY/ITERABLE → LIST;
   * MAP → MAP; ENUM logical type → STRING(ENUM); UUID → UUID.
   */
  public static MessageType toParquetSchema(Schema schema) {
    List<Type> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      fields.add(toParquetType(f.getName(), f.getType(), f.getOptions()));
    }
    return new MessageType("schema", fields);
  }

  static Type toParquetType(String name, FieldType type, Schema.Options options) {
    Repetition rep = type.getNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    switch (type.getTypeName()) {
      case ROW:
        {
          List<Type> fields = new ArrayList<>();
          for (Field f : type.getRowSchema().getFields()) {
            fields.add(toParquetType(f.getName(), f.getType(), f.getOptions()));
          }
          return new GroupType(rep, name, fields);
        }
      case ARRAY:
      case ITERABLE:
        {
          FieldType elementType = type.getCollectionElementType();
          Type element = toParquetType("element", elementType, Schema.Options.none());
          return Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.listType())
              .addField(Types.repeatedGroup().addField(element).named("list"))
              .named(name);
        }
      case MAP:
        {
          Type key =
              toParquetType("key", type.getMapKeyType().withNullable(false), Schema.Options.none());
          Type value = toParquetType("value", type.getMapValueType(), Schema.Options.none());
          return Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.mapType())
              .addField(Types.repeatedGroup().addField(key).addField(value).named("key_value"))
              .named(name);
        }
      default:
        if (TypeTable.hasStructuredBase(type)) {
          // a logical type over a row, list or map (e.g. an Image): written as its base
          FieldType base = type.getLogicalType().getBaseType().withNullable(type.getNullable());
          return toParquetType(name, base, options);
        }
        return TypeTable.forBeam(type).parquetType(name, rep, type, options);
    }
  }

  // ---------------------------------------------------------------- Avro

  /**
   * Beam schema of an Avro schema (Beam's own Avro mapping), for writers fed with GenericRecords.
   */
  public static Schema fromAvro(org.apache.avro.Schema avroSchema) {
    return org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils.toBeamSchema(avroSchema);
  }

  /** A copy of {@code field} annotated to be written as DECIMAL(precision, scale). */
  public static Field withDecimal(Field field, int precision, int scale) {
    return field.withOptions(
        Schema.Options.builder()
            .setOption(OPTION_DECIMAL_PRECISION, FieldType.INT32, precision)
            .setOption(OPTION_DECIMAL_SCALE, FieldType.INT32, scale)
            .build());
  }
}
