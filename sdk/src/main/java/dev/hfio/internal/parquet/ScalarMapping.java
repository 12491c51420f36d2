package dev.hfio.internal.parquet;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/** BOOLEAN, FLOAT and DOUBLE: the same physical type on both sides, no annotation. */
enum ScalarMapping implements TypeMapping {
  BOOLEAN(FieldType.BOOLEAN, PrimitiveTypeName.BOOLEAN) {
    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> c.addBoolean((Boolean) v);
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new PrimitiveConverter() {
        @Override
        public void addBoolean(boolean value) {
          sink.accept(value);
        }
      };
    }
  },
  FLOAT(FieldType.FLOAT, PrimitiveTypeName.FLOAT) {
    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> c.addFloat((Float) v);
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return DictionaryBoxing.floats(sink);
    }
  },
  DOUBLE(FieldType.DOUBLE, PrimitiveTypeName.DOUBLE) {
    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> c.addDouble((Double) v);
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return DictionaryBoxing.doubles(sink);
    }
  };

  private final FieldType beam;
  private final PrimitiveTypeName physical;

  ScalarMapping(FieldType beam, PrimitiveTypeName physical) {
    this.beam = beam;
    this.physical = physical;
  }

  @Override
  public boolean writes(FieldType type) {
    return type.getTypeName() == beam.getTypeName();
  }

  @Override
  public boolean reads(PrimitiveType p) {
    return p.getPrimitiveTypeName() == physical;
  }

  @Override
  public FieldType beamType(PrimitiveType p) {
    return beam;
  }

  @Override
  public PrimitiveType parquetType(
      String name, Repetition repetition, FieldType type, Schema.Options options) {
    return Types.primitive(physical, repetition).named(name);
  }
}
