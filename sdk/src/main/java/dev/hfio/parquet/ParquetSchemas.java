package dev.hfio.parquet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.Date;
import org.apache.beam.sdk.schemas.logicaltypes.DateTime;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.FixedString;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.Time;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.apache.beam.sdk.schemas.logicaltypes.VariableString;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps Parquet schemas to Beam schemas and back, so HfIO can infer a Beam schema from any Hub Parquet file and
 * write files that pyarrow / pandas / {@code datasets} read with the expected dtypes.
 *
 * <p>Parquet → Beam:
 *
 * <ul>
 *   <li>BOOLEAN, FLOAT, DOUBLE → BOOLEAN, FLOAT, DOUBLE; INT32 / INT(32,signed) → INT32; INT64 / INT(64,signed) →
 *       INT64; INT(8,signed) → BYTE; INT(16,signed) → INT16.
 *   <li>Unsigned ints are widened losslessly: UINT8 → INT16, UINT16 → INT32, UINT32 → INT64; UINT64 → INT64
 *       holding the raw 64 bits (values ≥ 2^63 appear negative; use {@link Long#toUnsignedString}). The field
 *       carries option {@link #OPTION_UNSIGNED_BITS} so the writer restores the unsigned annotation.
 *   <li>BINARY with STRING/UTF8/ENUM/JSON → STRING (ENUM/JSON recorded in {@link #OPTION_STRING_ANNOTATION});
 *       other BINARY → BYTES; FIXED_LEN_BYTE_ARRAY(n) (incl. UUID) → {@link FixedBytes}(n).
 *   <li>DATE → {@link SqlTypes#DATE} ({@code LocalDate}); TIME(any unit) → {@link SqlTypes#TIME}
 *       ({@code LocalTime}, exact).
 *   <li>TIMESTAMP (isAdjustedToUTC=true) keeps its precision exactly: MILLIS → DATETIME (Joda {@code Instant});
 *       MICROS → {@link MicrosInstant} ({@code java.time.Instant}); NANOS and INT96 → {@link NanosInstant} ({@code
 *       java.time.Instant}). A local timestamp (isAdjustedToUTC=false, e.g. pyarrow's {@code timestamp[us]} without
 *       a time zone) of any unit → {@link SqlTypes#DATETIME} ({@code LocalDateTime}), marked with {@link
 *       #OPTION_LOCAL_TIMESTAMP}=true and its unit in {@link #OPTION_TIME_UNIT}, so it is written back with the same
 *       unit. No precision is lost on read.
 *   <li>DECIMAL(p,s) on any physical type → DECIMAL ({@code BigDecimal} with scale s), precision and scale kept in
 *       options {@link #OPTION_DECIMAL_PRECISION}/{@link #OPTION_DECIMAL_SCALE}.
 *   <li>Groups → ROW; LIST (standard 3-level and legacy 2-level forms) and bare repeated fields → ARRAY; MAP →
 *       MAP. OPTIONAL → nullable; REQUIRED → non-null.
 * </ul>
 *
 * <p>Field options live on top-level and nested row fields only; list elements and map values lose them (a list of
 * decimals is written back with the default DECIMAL(38, 18)).
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
   * STRING option on TIME fields: "MILLIS", "MICROS" or "NANOS" (write default NANOS); on {@link SqlTypes#DATETIME}
   * (local timestamp) fields the unit of the TIMESTAMP written (default MICROS).
   */
  public static final String OPTION_TIME_UNIT = "hfio.parquet.timeUnit";

  /** Precision and scale used when writing a plain DECIMAL field without options. */
  public static final int DEFAULT_DECIMAL_PRECISION = 38;

  public static final int DEFAULT_DECIMAL_SCALE = 18;

  static final FieldType NANOS_INSTANT = FieldType.logicalType(new NanosInstant());
  static final FieldType MICROS_INSTANT = FieldType.logicalType(SqlTypes.TIMESTAMP);
  static final FieldType DATE = FieldType.logicalType(SqlTypes.DATE);
  static final FieldType TIME = FieldType.logicalType(SqlTypes.TIME);
  static final FieldType LOCAL_DATETIME = FieldType.logicalType(SqlTypes.DATETIME);

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
      ft = primitiveType(t.asPrimitiveType());
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
   * The element type of a LIST-annotated group, following the Parquet backward-compatibility rules: if the repeated
   * child is primitive, has several fields, or is named {@code array} / {@code <name>_tuple}, the repeated child is
   * itself the (required) element (2-level form); otherwise its single child is the element (3-level form).
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

  static FieldType primitiveType(PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation) {
      return FieldType.DECIMAL;
    }
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return FieldType.BOOLEAN;
      case FLOAT:
        return FieldType.FLOAT;
      case DOUBLE:
        return FieldType.DOUBLE;
      case INT32:
        if (a instanceof IntLogicalTypeAnnotation i) {
          int bits = i.getBitWidth();
          if (i.isSigned()) {
            return bits == 8 ? FieldType.BYTE : bits == 16 ? FieldType.INT16 : FieldType.INT32;
          }
          return bits == 8 ? FieldType.INT16 : bits == 16 ? FieldType.INT32 : FieldType.INT64;
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return DATE;
        }
        if (a instanceof TimeLogicalTypeAnnotation) {
          return TIME;
        }
        return FieldType.INT32;
      case INT64:
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
          if (!ts.isAdjustedToUTC()) {
            return LOCAL_DATETIME;
          }
          switch (ts.getUnit()) {
            case MILLIS:
              return FieldType.DATETIME;
            case MICROS:
              return MICROS_INSTANT;
            default:
              return NANOS_INSTANT;
          }
        }
        if (a instanceof TimeLogicalTypeAnnotation) {
          return TIME;
        }
        return FieldType.INT64;
      case INT96:
        return NANOS_INSTANT;
      case BINARY:
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return FieldType.STRING;
        }
        return FieldType.BYTES;
      case FIXED_LEN_BYTE_ARRAY:
        return FieldType.logicalType(FixedBytes.of(p.getTypeLength()));
      default:
        throw new IllegalArgumentException("Unsupported Parquet type " + p);
    }
  }

  private static Schema.Options options(Type t) {
    Schema.Options.Builder b = Schema.Options.builder();
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
      b.setOption(OPTION_UNSIGNED_BITS, FieldType.INT32, i.getBitWidth());
    } else if (a instanceof DecimalLogicalTypeAnnotation d) {
      b.setOption(OPTION_DECIMAL_PRECISION, FieldType.INT32, d.getPrecision());
      b.setOption(OPTION_DECIMAL_SCALE, FieldType.INT32, d.getScale());
    } else if (a instanceof TimestampLogicalTypeAnnotation ts && !ts.isAdjustedToUTC()) {
      b.setOption(OPTION_LOCAL_TIMESTAMP, FieldType.BOOLEAN, true);
      b.setOption(OPTION_TIME_UNIT, FieldType.STRING, ts.getUnit().name());
    } else if (a instanceof TimeLogicalTypeAnnotation tm) {
      b.setOption(OPTION_TIME_UNIT, FieldType.STRING, tm.getUnit().name());
    } else if (a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      b.setOption(OPTION_STRING_ANNOTATION, FieldType.STRING, "JSON");
    } else if (a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
      b.setOption(OPTION_STRING_ANNOTATION, FieldType.STRING, "ENUM");
    }
    return b.build();
  }

  /** Decimal scale of a Parquet primitive (0 if not a decimal). */
  static int decimalScale(PrimitiveType p) {
    return p.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation d ? d.getScale() : 0;
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
   * Checks that the schemas of several files can be read as one collection and returns the unified schema: the
   * same fields in the same order with equivalent types; a field is nullable if it is nullable in any file.
   *
   * @param schemasByFile file name → its schema, in listing order (the first is the reference)
   * @throws ParquetSchemaMismatchException naming the first file, each differing file and the differing fields
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
          diffs.add("field '" + f.getName() + "' is " + f.getType() + " but " + r.getType() + " in the first file");
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
          "Parquet files have incompatible schemas (compared with " + first.getKey() + "):" + problems
              + "\nRead them separately or pass an explicit schema.");
    }
    return Schema.builder().addFields(new ArrayList<>(unified.values())).build();
  }

  // ---------------------------------------------------------------- Beam -> Parquet

  /**
   * The Parquet schema written for a Beam schema: standard logical annotations and 3-level lists, readable by
   * pyarrow with the dtypes of the reverse mapping. Options from {@link #toBeamSchema} are honoured, so a file read
   * and written back keeps its Parquet types. BYTE/INT16 → INT(8/16); DATETIME → TIMESTAMP(MILLIS, UTC); {@link
   * MicrosInstant} → TIMESTAMP(MICROS, UTC); {@link NanosInstant} → TIMESTAMP(NANOS, UTC); {@link DateTime} ({@code
   * LocalDateTime}) → TIMESTAMP(unit of {@link #OPTION_TIME_UNIT}, default MICROS, local; digits below the unit
   * are truncated); DECIMAL → DECIMAL(p, s) from
   * options, else (38, 18), stored as FIXED_LEN_BYTE_ARRAY like pyarrow; {@link FixedPrecisionNumeric} → its own
   * precision/scale; ARRAY/ITERABLE → LIST; MAP → MAP; ENUM logical type → STRING(ENUM); UUID → UUID.
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
          Type key = toParquetType("key", type.getMapKeyType().withNullable(false), Schema.Options.none());
          Type value = toParquetType("value", type.getMapValueType(), Schema.Options.none());
          return Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.mapType())
              .addField(Types.repeatedGroup().addField(key).addField(value).named("key_value"))
              .named(name);
        }
      default:
        return Types.primitive(physicalType(type, options), rep)
            .as(annotation(type, options))
            .length(fixedLength(type, options))
            .named(name);
    }
  }

  /** What the writer does with a leaf Beam type; shared by the schema and the value writers. */
  enum LeafKind {
    BOOLEAN, INT32, INT64, UINT32_FROM_LONG, FLOAT, DOUBLE, STRING, BYTES, FIXED_BYTES,
    DATE, TIME_MILLIS, TIME_MICROS, TIME_NANOS, TS_MILLIS, TS_MICROS, TS_NANOS, LOCAL_DATETIME,
    DECIMAL_FIXED, ENUM, UUID, LOGICAL_BASE
  }

  static LeafKind leafKind(FieldType type, Schema.Options options) {
    switch (type.getTypeName()) {
      case BOOLEAN:
        return LeafKind.BOOLEAN;
      case BYTE:
      case INT16:
      case INT32:
        return LeafKind.INT32;
      case INT64:
        return unsignedBits(options) == 32 ? LeafKind.UINT32_FROM_LONG : LeafKind.INT64;
      case FLOAT:
        return LeafKind.FLOAT;
      case DOUBLE:
        return LeafKind.DOUBLE;
      case STRING:
        return LeafKind.STRING;
      case BYTES:
        return LeafKind.BYTES;
      case DATETIME:
        return LeafKind.TS_MILLIS;
      case DECIMAL:
        return LeafKind.DECIMAL_FIXED;
      case LOGICAL_TYPE:
        {
          String id = type.getLogicalType().getIdentifier();
          if (id.equals(Date.IDENTIFIER)) {
            return LeafKind.DATE;
          } else if (id.equals(Time.IDENTIFIER)) {
            String unit = options.getValueOrDefault(OPTION_TIME_UNIT, "NANOS");
            return unit.equals("MILLIS")
                ? LeafKind.TIME_MILLIS
                : unit.equals("MICROS") ? LeafKind.TIME_MICROS : LeafKind.TIME_NANOS;
          } else if (id.equals(MicrosInstant.IDENTIFIER)) {
            return LeafKind.TS_MICROS;
          } else if (id.equals(NanosInstant.IDENTIFIER)) {
            return LeafKind.TS_NANOS;
          } else if (id.equals(DateTime.IDENTIFIER)) {
            return LeafKind.LOCAL_DATETIME;
          } else if (id.equals(FixedBytes.IDENTIFIER)) {
            return LeafKind.FIXED_BYTES;
          } else if (id.equals(FixedPrecisionNumeric.IDENTIFIER)) {
            return LeafKind.DECIMAL_FIXED;
          } else if (id.equals(EnumerationType.IDENTIFIER)) {
            return LeafKind.ENUM;
          } else if (id.equals(UuidLogicalType.IDENTIFIER)) {
            return LeafKind.UUID;
          } else if (id.equals(VariableString.IDENTIFIER) || id.equals(FixedString.IDENTIFIER)) {
            return LeafKind.STRING;
          } else if (id.equals(VariableBytes.IDENTIFIER)) {
            return LeafKind.BYTES;
          }
          return LeafKind.LOGICAL_BASE;
        }
      default:
        throw new IllegalArgumentException("Cannot write Beam type " + type + " to Parquet");
    }
  }

  static int unsignedBits(Schema.Options options) {
    Integer bits = options.getValueOrDefault(OPTION_UNSIGNED_BITS, null);
    return bits == null ? 0 : bits;
  }

  /** Decimal precision and scale for a DECIMAL-like Beam type. */
  static int[] decimalPrecisionScale(FieldType type, Schema.Options options) {
    if (type.getTypeName() == TypeName.LOGICAL_TYPE) {
      org.apache.beam.sdk.values.Row arg = type.getLogicalType().getArgument();
      return new int[] {arg.getInt32("precision"), arg.getInt32("scale")};
    }
    return new int[] {
      options.getValueOrDefault(OPTION_DECIMAL_PRECISION, DEFAULT_DECIMAL_PRECISION),
      options.getValueOrDefault(OPTION_DECIMAL_SCALE, DEFAULT_DECIMAL_SCALE)
    };
  }

  /** Smallest byte length holding any unscaled value of the given decimal precision. */
  static int decimalBytes(int precision) {
    int n = 1;
    while (Math.pow(2, 8 * n - 1) < Math.pow(10, precision)) {
      n++;
    }
    return n;
  }

  private static PrimitiveTypeName physicalType(FieldType type, Schema.Options options) {
    LeafKind k = leafKind(type, options);
    switch (k) {
      case BOOLEAN:
        return PrimitiveTypeName.BOOLEAN;
      case INT32:
      case UINT32_FROM_LONG:
      case DATE:
      case TIME_MILLIS:
        return PrimitiveTypeName.INT32;
      case INT64:
      case TIME_MICROS:
      case TIME_NANOS:
      case TS_MILLIS:
      case TS_MICROS:
      case TS_NANOS:
      case LOCAL_DATETIME:
        return PrimitiveTypeName.INT64;
      case FLOAT:
        return PrimitiveTypeName.FLOAT;
      case DOUBLE:
        return PrimitiveTypeName.DOUBLE;
      case STRING:
      case BYTES:
      case ENUM:
        return PrimitiveTypeName.BINARY;
      case FIXED_BYTES:
      case DECIMAL_FIXED:
      case UUID:
        return PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      case LOGICAL_BASE:
        {
          Type base = toParquetType("x", type.getLogicalType().getBaseType(), options);
          if (!base.isPrimitive()) {
            throw new IllegalArgumentException(
                "Cannot write logical type " + type.getLogicalType().getIdentifier() + " with a non-primitive base");
          }
          return base.asPrimitiveType().getPrimitiveTypeName();
        }
      default:
        throw new IllegalStateException(k.toString());
    }
  }

  private static int fixedLength(FieldType type, Schema.Options options) {
    LeafKind k = leafKind(type, options);
    switch (k) {
      case FIXED_BYTES:
        return ((FixedBytes) type.getLogicalType()).getLength();
      case DECIMAL_FIXED:
        return decimalBytes(decimalPrecisionScale(type, options)[0]);
      case UUID:
        return 16;
      default:
        return 0;
    }
  }

  private static LogicalTypeAnnotation annotation(FieldType type, Schema.Options options) {
    LeafKind k = leafKind(type, options);
    int unsigned = unsignedBits(options);
    switch (k) {
      case INT32:
        switch (type.getTypeName()) {
          case BYTE:
            return LogicalTypeAnnotation.intType(8, true);
          case INT16:
            return LogicalTypeAnnotation.intType(unsigned == 8 ? 8 : 16, unsigned != 8);
          default:
            return unsigned == 16 ? LogicalTypeAnnotation.intType(16, false) : null;
        }
      case UINT32_FROM_LONG:
        return LogicalTypeAnnotation.intType(32, false);
      case INT64:
        return unsigned == 64 ? LogicalTypeAnnotation.intType(64, false) : null;
      case STRING:
        {
          String s = options.getValueOrDefault(OPTION_STRING_ANNOTATION, "");
          return s.equals("JSON")
              ? LogicalTypeAnnotation.jsonType()
              : s.equals("ENUM") ? LogicalTypeAnnotation.enumType() : LogicalTypeAnnotation.stringType();
        }
      case ENUM:
        return LogicalTypeAnnotation.enumType();
      case DATE:
        return LogicalTypeAnnotation.dateType();
      case TIME_MILLIS:
        return LogicalTypeAnnotation.timeType(false, TimeUnit.MILLIS);
      case TIME_MICROS:
        return LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS);
      case TIME_NANOS:
        return LogicalTypeAnnotation.timeType(false, TimeUnit.NANOS);
      case TS_MILLIS:
        return LogicalTypeAnnotation.timestampType(!localTimestamp(options), TimeUnit.MILLIS);
      case TS_MICROS:
        return LogicalTypeAnnotation.timestampType(!localTimestamp(options), TimeUnit.MICROS);
      case TS_NANOS:
        return LogicalTypeAnnotation.timestampType(!localTimestamp(options), TimeUnit.NANOS);
      case LOCAL_DATETIME:
        return LogicalTypeAnnotation.timestampType(false, localDateTimeUnit(options));
      case DECIMAL_FIXED:
        {
          int[] ps = decimalPrecisionScale(type, options);
          return LogicalTypeAnnotation.decimalType(ps[1], ps[0]);
        }
      case UUID:
        return LogicalTypeAnnotation.uuidType();
      case LOGICAL_BASE:
        return annotation(type.getLogicalType().getBaseType(), options);
      default:
        return null;
    }
  }

  /** The unit a {@link SqlTypes#DATETIME} field is written with: {@link #OPTION_TIME_UNIT}, default MICROS. */
  static TimeUnit localDateTimeUnit(Schema.Options options) {
    return TimeUnit.valueOf(options.getValueOrDefault(OPTION_TIME_UNIT, "MICROS"));
  }

  static boolean localTimestamp(Schema.Options options) {
    return Boolean.TRUE.equals(options.getValueOrDefault(OPTION_LOCAL_TIMESTAMP, false));
  }

  // ---------------------------------------------------------------- Avro

  /** Beam schema of an Avro schema (Beam's own Avro mapping), for writers fed with GenericRecords. */
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
