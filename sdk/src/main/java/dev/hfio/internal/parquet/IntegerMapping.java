package dev.hfio.internal.parquet;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * BYTE, INT16, INT32 and INT64. Parquet INT(8/16, signed) read as BYTE/INT16; unsigned integers are
 * widened losslessly (UINT8 → INT16, UINT16 → INT32, UINT32 → INT64, UINT64 → INT64 holding the raw
 * 64 bits) and carry {@link ParquetSchemas#OPTION_UNSIGNED_BITS}, so writing back restores the
 * unsigned annotation and width.
 */
enum IntegerMapping implements TypeMapping {
  BYTE(TypeName.BYTE) {
    @Override
    LogicalTypeAnnotation annotation(int unsignedBits) {
      return LogicalTypeAnnotation.intType(8, true);
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new PrimitiveConverter() {
        @Override
        public void addInt(int value) {
          sink.accept((byte) value);
        }
      };
    }
  },
  INT16(TypeName.INT16) {
    @Override
    LogicalTypeAnnotation annotation(int unsignedBits) {
      return LogicalTypeAnnotation.intType(unsignedBits == 8 ? 8 : 16, unsignedBits != 8);
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new PrimitiveConverter() {
        @Override
        public void addInt(int value) {
          sink.accept((short) value);
        }
      };
    }
  },
  INT32(TypeName.INT32) {
    @Override
    LogicalTypeAnnotation annotation(int unsignedBits) {
      return unsignedBits == 16 ? LogicalTypeAnnotation.intType(16, false) : null;
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return DictionaryBoxing.ints(sink);
    }
  },
  INT64(TypeName.INT64) {
    @Override
    PrimitiveTypeName physical(int unsignedBits) {
      return unsignedBits == 32 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64;
    }

    @Override
    LogicalTypeAnnotation annotation(int unsignedBits) {
      return unsignedBits == 32 || unsignedBits == 64
          ? LogicalTypeAnnotation.intType(unsignedBits, false)
          : null;
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      if (unsignedBits(options) == 32) {
        return (c, v) -> c.addInteger((int) ((Number) v).longValue());
      }
      return (c, v) -> c.addLong(((Number) v).longValue());
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      if (leaf.getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept(Integer.toUnsignedLong(value));
          }
        };
      }
      return DictionaryBoxing.longs(sink);
    }
  };

  private final TypeName beam;

  IntegerMapping(TypeName beam) {
    this.beam = beam;
  }

  /** The physical type written for this Beam type with the given unsigned width (0 when signed). */
  PrimitiveTypeName physical(int unsignedBits) {
    return PrimitiveTypeName.INT32;
  }

  /** The integer annotation written, or null for a plain INT32/INT64. */
  abstract LogicalTypeAnnotation annotation(int unsignedBits);

  @Override
  public boolean writes(FieldType type) {
    return type.getTypeName() == beam;
  }

  @Override
  public boolean reads(PrimitiveType p) {
    return beamTypeOf(p) == beam;
  }

  @Override
  public FieldType beamType(PrimitiveType p) {
    return FieldType.of(beam);
  }

  @Override
  public void addOptions(PrimitiveType p, Schema.Options.Builder options) {
    if (p.getLogicalTypeAnnotation() instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
      options.setOption(ParquetSchemas.OPTION_UNSIGNED_BITS, FieldType.INT32, i.getBitWidth());
    }
  }

  @Override
  public PrimitiveType parquetType(
      String name, Repetition repetition, FieldType type, Schema.Options options) {
    int bits = unsignedBits(options);
    return Types.primitive(physical(bits), repetition).as(annotation(bits)).named(name);
  }

  @Override
  public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
    return (c, v) -> c.addInteger(((Number) v).intValue());
  }

  @Override
  public Comparable<?> filterValue(PrimitiveType leaf, Object literal) {
    if (leaf.getPrimitiveTypeName() == PrimitiveTypeName.INT32
        && leaf.getLogicalTypeAnnotation() instanceof IntLogicalTypeAnnotation i
        && !i.isSigned()) {
      return (int) ((Number) literal).longValue();
    }
    return TypeMapping.physicalValue(leaf, literal);
  }

  static int unsignedBits(Schema.Options options) {
    Integer bits = options.getValueOrDefault(ParquetSchemas.OPTION_UNSIGNED_BITS, null);
    return bits == null ? 0 : bits;
  }

  /**
   * The Beam integer type a Parquet leaf reads as, or null when it is not a plain or INT-annotated
   * integer.
   */
  private static TypeName beamTypeOf(PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation || a instanceof TimeLogicalTypeAnnotation) {
      return null;
    }
    switch (p.getPrimitiveTypeName()) {
      case INT32:
        if (a instanceof DateLogicalTypeAnnotation) {
          return null;
        }
        if (a instanceof IntLogicalTypeAnnotation i) {
          int bits = i.getBitWidth();
          if (i.isSigned()) {
            return bits == 8 ? TypeName.BYTE : bits == 16 ? TypeName.INT16 : TypeName.INT32;
          }
          return bits == 8 ? TypeName.INT16 : bits == 16 ? TypeName.INT32 : TypeName.INT64;
        }
        return TypeName.INT32;
      case INT64:
        return a instanceof TimestampLogicalTypeAnnotation ? null : TypeName.INT64;
      default:
        return null;
    }
  }
}
