package dev.hfio.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.Date;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.Time;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Builds Beam {@link Row}s straight from parquet-java's column readers (no Avro detour): a converter tree that
 * mirrors the requested Parquet schema and the Beam schema {@link ParquetSchemas#toBeamSchema} derives from it.
 */
final class RowMaterializer extends RecordMaterializer<Row> {
  /** Receives the value a converter finished. */
  interface Sink {
    void accept(Object value);
  }

  private final RowConverter root;
  private Row current;

  RowMaterializer(MessageType requested, Schema schema) {
    this.root = new RowConverter(requested, schema, v -> current = (Row) v);
  }

  @Override
  public Row getCurrentRecord() {
    return current;
  }

  @Override
  public void skipCurrentRecord() {
    current = null;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  static Converter converterFor(Type t, FieldType ft, Sink sink) {
    if (t.isPrimitive()) {
      return leaf(t.asPrimitiveType(), ft, sink);
    }
    GroupType g = t.asGroupType();
    if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return new ListConverter(g, ft.getCollectionElementType(), sink);
    }
    if (ParquetSchemas.isMap(g)) {
      return new MapConverter(g, ft, sink);
    }
    return new RowConverter(g, ft.getRowSchema(), sink);
  }

  /** A struct: collects its fields and emits a Row on end(). */
  static final class RowConverter extends GroupConverter {
    private final Schema schema;
    private final Sink sink;
    private final Object[] values;
    private final boolean[] repeated;
    private final Converter[] converters;

    RowConverter(GroupType g, Schema schema, Sink sink) {
      this.schema = schema;
      this.sink = sink;
      int n = g.getFieldCount();
      values = new Object[n];
      repeated = new boolean[n];
      converters = new Converter[n];
      for (int i = 0; i < n; i++) {
        final int idx = i;
        Type t = g.getType(i);
        FieldType ft = schema.getField(i).getType();
        if (t.isRepetition(Type.Repetition.REPEATED)) {
          repeated[i] = true;
          converters[i] = converterFor(t, ft.getCollectionElementType(), v -> addTo(idx, v));
        } else {
          converters[i] = converterFor(t, ft, v -> values[idx] = v);
        }
      }
    }

    @SuppressWarnings("unchecked")
    private void addTo(int idx, Object v) {
      ((List<Object>) values[idx]).add(v);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      for (int i = 0; i < values.length; i++) {
        values[i] = repeated[i] ? new ArrayList<>() : null;
      }
    }

    @Override
    public void end() {
      sink.accept(Row.withSchema(schema).attachValues(Arrays.asList(values.clone())));
    }
  }

  /** A LIST-annotated group (3-level or legacy 2-level). */
  static final class ListConverter extends GroupConverter {
    private final Sink sink;
    private final Converter child;
    private List<Object> current;

    ListConverter(GroupType list, FieldType elementType, Sink sink) {
      this.sink = sink;
      Type repeated = list.getType(0);
      if (ParquetSchemas.isTwoLevel(list)) {
        FieldType required = elementType.withNullable(false);
        if (repeated.isPrimitive()) {
          child = leaf(repeated.asPrimitiveType(), required, v -> current.add(v));
        } else {
          child = new RowConverter(repeated.asGroupType(), required.getRowSchema(), v -> current.add(v));
        }
      } else {
        child = new ElementConverter(repeated.asGroupType(), elementType);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return child;
    }

    @Override
    public void start() {
      current = new ArrayList<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }

    /** The repeated middle level: one call pair per element, even a null one. */
    private final class ElementConverter extends GroupConverter {
      private final Converter element;
      private Object value;

      ElementConverter(GroupType repeated, FieldType elementType) {
        element = converterFor(repeated.getType(0), elementType, v -> value = v);
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return element;
      }

      @Override
      public void start() {
        value = null;
      }

      @Override
      public void end() {
        current.add(value);
      }
    }
  }

  /** A MAP-annotated group. */
  static final class MapConverter extends GroupConverter {
    private final Sink sink;
    private final KeyValueConverter kv;
    private Map<Object, Object> current;

    MapConverter(GroupType map, FieldType mapType, Sink sink) {
      this.sink = sink;
      this.kv = new KeyValueConverter(map.getType(0).asGroupType(), mapType);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return kv;
    }

    @Override
    public void start() {
      current = new HashMap<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }

    private final class KeyValueConverter extends GroupConverter {
      private final Converter[] converters;
      private Object key;
      private Object value;

      KeyValueConverter(GroupType kv, FieldType mapType) {
        converters = new Converter[kv.getFieldCount()];
        converters[0] = converterFor(kv.getType(0), mapType.getMapKeyType(), v -> key = v);
        if (kv.getFieldCount() > 1) {
          converters[1] = converterFor(kv.getType(1), mapType.getMapValueType(), v -> value = v);
        }
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return converters[fieldIndex];
      }

      @Override
      public void start() {
        key = null;
        value = null;
      }

      @Override
      public void end() {
        current.put(key, value);
      }
    }
  }

  // ------------------------------------------------------------------ leaves

  static PrimitiveConverter leaf(PrimitiveType p, FieldType ft, Sink sink) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    TypeName tn = ft.getTypeName();
    String logicalId = tn == TypeName.LOGICAL_TYPE ? ft.getLogicalType().getIdentifier() : "";
    int scale = ParquetSchemas.decimalScale(p);
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return new PrimitiveConverter() {
          @Override
          public void addBoolean(boolean value) {
            sink.accept(value);
          }
        };
      case FLOAT:
        return new PrimitiveConverter() {
          @Override
          public void addFloat(float value) {
            sink.accept(value);
          }
        };
      case DOUBLE:
        return new PrimitiveConverter() {
          @Override
          public void addDouble(double value) {
            sink.accept(value);
          }
        };
      case INT32:
        return int32(tn, logicalId, scale, sink);
      case INT64:
        return int64(tn, logicalId, a, scale, sink);
      case INT96:
        return new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = b.getLong();
            long julianDay = b.getInt() & 0xffffffffL;
            long epochDay = julianDay - 2_440_588L;
            sink.accept(Instant.ofEpochSecond(epochDay * 86_400L, 0).plusNanos(nanosOfDay));
          }
        };
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (tn == TypeName.DECIMAL) {
          return new PrimitiveConverter() {
            @Override
            public void addBinary(Binary value) {
              sink.accept(new BigDecimal(new BigInteger(value.getBytes()), scale));
            }
          };
        }
        if (tn == TypeName.STRING) {
          return new StringConverter(sink);
        }
        return new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            sink.accept(value.getBytes());
          }
        };
      default:
        throw new IllegalArgumentException("Unsupported Parquet type " + p);
    }
  }

  private static PrimitiveConverter int32(TypeName tn, String logicalId, int scale, Sink sink) {
    switch (tn) {
      case BYTE:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept((byte) value);
          }
        };
      case INT16:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept((short) value);
          }
        };
      case INT64:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept(Integer.toUnsignedLong(value));
          }
        };
      case DECIMAL:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept(BigDecimal.valueOf(value, scale));
          }
        };
      case LOGICAL_TYPE:
        if (logicalId.equals(Date.IDENTIFIER)) {
          return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              sink.accept(LocalDate.ofEpochDay(value));
            }
          };
        }
        if (logicalId.equals(Time.IDENTIFIER)) {
          return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              sink.accept(LocalTime.ofNanoOfDay(value * 1_000_000L));
            }
          };
        }
        throw new IllegalArgumentException("Unexpected Beam type for INT32: " + logicalId);
      default:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept(value);
          }
        };
    }
  }

  private static PrimitiveConverter int64(
      TypeName tn, String logicalId, LogicalTypeAnnotation a, int scale, Sink sink) {
    if (tn == TypeName.DATETIME) {
      return new PrimitiveConverter() {
        @Override
        public void addLong(long value) {
          sink.accept(new org.joda.time.Instant(value));
        }
      };
    }
    if (tn == TypeName.DECIMAL) {
      return new PrimitiveConverter() {
        @Override
        public void addLong(long value) {
          sink.accept(BigDecimal.valueOf(value, scale));
        }
      };
    }
    if (tn == TypeName.LOGICAL_TYPE) {
      if (logicalId.equals(MicrosInstant.IDENTIFIER)) {
        return new PrimitiveConverter() {
          @Override
          public void addLong(long v) {
            sink.accept(Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000L));
          }
        };
      }
      if (logicalId.equals(NanosInstant.IDENTIFIER)) {
        return new PrimitiveConverter() {
          @Override
          public void addLong(long v) {
            sink.accept(Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L)));
          }
        };
      }
      if (logicalId.equals(SqlTypes.DATETIME.getIdentifier())) {
        long perSecond = a instanceof TimestampLogicalTypeAnnotation ts
            ? ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS ? 1_000L
                : ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? 1_000_000L : 1_000_000_000L
            : 1_000_000L;
        long nanosPerUnit = 1_000_000_000L / perSecond;
        return new PrimitiveConverter() {
          @Override
          public void addLong(long v) {
            sink.accept(LocalDateTime.ofEpochSecond(Math.floorDiv(v, perSecond),
                (int) (Math.floorMod(v, perSecond) * nanosPerUnit), ZoneOffset.UTC));
          }
        };
      }
      if (logicalId.equals(Time.IDENTIFIER)) {
        long factor =
            a instanceof TimeLogicalTypeAnnotation t
                    && t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS
                ? 1000L
                : 1L;
        return new PrimitiveConverter() {
          @Override
          public void addLong(long v) {
            sink.accept(LocalTime.ofNanoOfDay(v * factor));
          }
        };
      }
      throw new IllegalArgumentException("Unexpected Beam type for INT64: " + logicalId);
    }
    assert !(a instanceof TimestampLogicalTypeAnnotation);
    return new PrimitiveConverter() {
      @Override
      public void addLong(long value) {
        sink.accept(value);
      }
    };
  }

  /** Strings, decoding each dictionary entry only once per column chunk. */
  static final class StringConverter extends PrimitiveConverter {
    private final Sink sink;
    private String[] dict;

    StringConverter(Sink sink) {
      this.sink = sink;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary dictionary) {
      dict = new String[dictionary.getMaxId() + 1];
      for (int i = 0; i < dict.length; i++) {
        dict[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
      }
    }

    @Override
    public void addValueFromDictionary(int dictionaryId) {
      sink.accept(dict[dictionaryId]);
    }

    @Override
    public void addBinary(Binary value) {
      sink.accept(value.toStringUsingUTF8());
    }
  }
}
