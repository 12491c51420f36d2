package dev.hfio.parquet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Writes Beam {@link Row}s to parquet-java's record consumer directly, following {@link
 * ParquetSchemas#toParquetSchema}. The per-field writers are built once from the schema.
 */
final class RowWriteSupport extends WriteSupport<Row> {
  private final Schema schema;
  private final MessageType parquetSchema;
  private final Map<String, String> extraMetadata;
  private final RowWriter root;
  private RecordConsumer consumer;

  RowWriteSupport(Schema schema, Map<String, String> extraMetadata) {
    this.schema = schema;
    this.parquetSchema = ParquetSchemas.toParquetSchema(schema);
    this.extraMetadata = new HashMap<>(extraMetadata);
    this.root = new RowWriter(schema, parquetSchema);
  }

  MessageType parquetSchema() {
    return parquetSchema;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(parquetSchema, extraMetadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Row row) {
    consumer.startMessage();
    root.writeFields(consumer, row);
    consumer.endMessage();
  }

  /** Writes one value of a field (the field's start/end is done by the caller). */
  private interface ValueWriter {
    void write(RecordConsumer c, Object value);
  }

  private static ValueWriter writerFor(FieldType type, Schema.Options options, Type parquetType) {
    switch (type.getTypeName()) {
      case ROW:
        {
          RowWriter w = new RowWriter(type.getRowSchema(), parquetType.asGroupType());
          return (c, v) -> {
            c.startGroup();
            w.writeFields(c, (Row) v);
            c.endGroup();
          };
        }
      case ARRAY:
      case ITERABLE:
        {
          GroupType list = parquetType.asGroupType().getType(0).asGroupType();
          Type elementType = list.getType(0);
          ValueWriter element = writerFor(type.getCollectionElementType(), Schema.Options.none(), elementType);
          return (c, v) -> {
            c.startGroup();
            Iterable<?> items = (Iterable<?>) v;
            boolean any = false;
            for (Object item : items) {
              if (!any) {
                c.startField("list", 0);
                any = true;
              }
              c.startGroup();
              if (item != null) {
                c.startField("element", 0);
                element.write(c, item);
                c.endField("element", 0);
              } else if (elementType.isRepetition(Type.Repetition.REQUIRED)) {
                throw new IllegalArgumentException("Null element in a list of non-null elements");
              }
              c.endGroup();
            }
            if (any) {
              c.endField("list", 0);
            }
            c.endGroup();
          };
        }
      case MAP:
        {
          GroupType kv = parquetType.asGroupType().getType(0).asGroupType();
          ValueWriter key = writerFor(type.getMapKeyType(), Schema.Options.none(), kv.getType(0));
          ValueWriter value = writerFor(type.getMapValueType(), Schema.Options.none(), kv.getType(1));
          return (c, v) -> {
            c.startGroup();
            Map<?, ?> m = (Map<?, ?>) v;
            if (!m.isEmpty()) {
              c.startField("key_value", 0);
              for (Map.Entry<?, ?> e : m.entrySet()) {
                c.startGroup();
                c.startField("key", 0);
                key.write(c, e.getKey());
                c.endField("key", 0);
                if (e.getValue() != null) {
                  c.startField("value", 1);
                  value.write(c, e.getValue());
                  c.endField("value", 1);
                }
                c.endGroup();
              }
              c.endField("key_value", 0);
            }
            c.endGroup();
          };
        }
      default:
        return leafWriter(type, options, parquetType.asPrimitiveType());
    }
  }

  private static ValueWriter leafWriter(FieldType type, Schema.Options options, PrimitiveType p) {
    switch (ParquetSchemas.leafKind(type, options)) {
      case BOOLEAN:
        return (c, v) -> c.addBoolean((Boolean) v);
      case INT32:
        return (c, v) -> c.addInteger(((Number) v).intValue());
      case UINT32_FROM_LONG:
        return (c, v) -> c.addInteger((int) ((Number) v).longValue());
      case INT64:
        return (c, v) -> c.addLong(((Number) v).longValue());
      case FLOAT:
        return (c, v) -> c.addFloat((Float) v);
      case DOUBLE:
        return (c, v) -> c.addDouble((Double) v);
      case STRING:
        return (c, v) -> c.addBinary(Binary.fromString(v.toString()));
      case BYTES:
      case FIXED_BYTES:
        return (c, v) -> c.addBinary(Binary.fromReusedByteArray(bytes(v)));
      case DATE:
        return (c, v) -> c.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay()));
      case TIME_MILLIS:
        return (c, v) -> c.addInteger((int) (((LocalTime) v).toNanoOfDay() / 1_000_000L));
      case TIME_MICROS:
        return (c, v) -> c.addLong(((LocalTime) v).toNanoOfDay() / 1_000L);
      case TIME_NANOS:
        return (c, v) -> c.addLong(((LocalTime) v).toNanoOfDay());
      case TS_MILLIS:
        return (c, v) -> c.addLong(((org.joda.time.ReadableInstant) v).getMillis());
      case TS_MICROS:
        return (c, v) -> c.addLong(instantTo((Instant) v, TimeUnit.MICROS));
      case TS_NANOS:
        return (c, v) -> c.addLong(instantTo((Instant) v, TimeUnit.NANOS));
      case LOCAL_DATETIME:
        {
          TimeUnit unit = ParquetSchemas.localDateTimeUnit(options);
          return (c, v) -> c.addLong(instantTo(((LocalDateTime) v).toInstant(ZoneOffset.UTC), unit));
        }
      case DECIMAL_FIXED:
        {
          int[] ps = ParquetSchemas.decimalPrecisionScale(type, options);
          int len = p.getTypeLength();
          return (c, v) -> {
            BigDecimal given = (BigDecimal) v;
            BigDecimal d;
            try {
              d = given.setScale(ps[1], RoundingMode.UNNECESSARY);
            } catch (ArithmeticException tooManyDigits) {
              throw new DecimalScaleException(p.getName(), given.toPlainString(), given.scale(), ps[0], ps[1]);
            }
            if (d.precision() > ps[0]) {
              throw new IllegalArgumentException(
                  "Decimal " + v + " does not fit DECIMAL(" + ps[0] + ", " + ps[1] + ")");
            }
            c.addBinary(Binary.fromConstantByteArray(signExtend(d.unscaledValue().toByteArray(), len)));
          };
        }
      case ENUM:
        {
          EnumerationType enumType = type.getLogicalType(EnumerationType.class);
          return (c, v) -> c.addBinary(Binary.fromString(enumType.toString((EnumerationType.Value) v)));
        }
      case UUID:
        return (c, v) -> {
          java.util.UUID u = (java.util.UUID) v;
          ByteBuffer b = ByteBuffer.allocate(16);
          b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
          c.addBinary(Binary.fromConstantByteArray(b.array()));
        };
      case LOGICAL_BASE:
        {
          @SuppressWarnings("unchecked")
          Schema.LogicalType<Object, Object> lt = (Schema.LogicalType<Object, Object>) type.getLogicalType();
          ValueWriter base = leafWriter(lt.getBaseType(), options, p);
          return (c, v) -> base.write(c, lt.toBaseType(v));
        }
      default:
        throw new IllegalArgumentException("Cannot write Beam type " + type);
    }
  }

  private static byte[] bytes(Object v) {
    if (v instanceof ByteBuffer b) {
      byte[] out = new byte[b.remaining()];
      b.duplicate().get(out);
      return out;
    }
    return (byte[]) v;
  }

  static byte[] signExtend(byte[] twosComplement, int length) {
    if (twosComplement.length == length) {
      return twosComplement;
    }
    if (twosComplement.length > length) {
      throw new IllegalArgumentException("Decimal value needs " + twosComplement.length + " bytes > " + length);
    }
    byte[] out = new byte[length];
    byte pad = (byte) (twosComplement[0] < 0 ? 0xff : 0);
    int offset = length - twosComplement.length;
    java.util.Arrays.fill(out, 0, offset, pad);
    System.arraycopy(twosComplement, 0, out, offset, twosComplement.length);
    return out;
  }

  static long instantTo(Instant i, TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000L), i.getNano() / 1_000_000L);
      case MICROS:
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
      default:
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
  }

  /** Writes the fields of one row (a message or a group). */
  private static final class RowWriter {
    private final String[] names;
    private final boolean[] required;
    private final ValueWriter[] writers;

    RowWriter(Schema schema, GroupType group) {
      int n = schema.getFieldCount();
      names = new String[n];
      required = new boolean[n];
      writers = new ValueWriter[n];
      for (int i = 0; i < n; i++) {
        Field f = schema.getField(i);
        Type t = group.getType(i);
        names[i] = f.getName();
        required[i] = t.isRepetition(Type.Repetition.REQUIRED);
        writers[i] = writerFor(f.getType(), f.getOptions(), t);
      }
    }

    void writeFields(RecordConsumer c, Row row) {
      List<Object> values = row.getValues();
      for (int i = 0; i < names.length; i++) {
        Object v = values.get(i);
        if (v == null) {
          if (required[i]) {
            throw new IllegalArgumentException("Null value for non-nullable field '" + names[i] + "'");
          }
          continue;
        }
        c.startField(names[i], i);
        writers[i].write(c, v);
        c.endField(names[i], i);
      }
    }
  }
}
