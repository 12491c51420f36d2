package dev.hfio.internal.parquet;

import java.nio.ByteBuffer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.FixedString;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.apache.beam.sdk.schemas.logicaltypes.VariableString;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Byte strings: STRING (BINARY with STRING/ENUM/JSON; the ENUM or JSON annotation is kept in {@link
 * ParquetSchemas#OPTION_STRING_ANNOTATION}), BYTES (any other BINARY) and {@link FixedBytes}(n)
 * (FIXED_LEN_BYTE_ARRAY(n), UUID columns included). Beam's variable and fixed string and bytes
 * logical types are written as STRING and BYTES.
 */
enum BinaryMapping implements TypeMapping {
  STRING {
    @Override
    public boolean writes(FieldType type) {
      return type.getTypeName() == TypeName.STRING
          || TypeMapping.isLogical(type, VariableString.IDENTIFIER)
          || TypeMapping.isLogical(type, FixedString.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      return p.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
          && isText(p.getLogicalTypeAnnotation());
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return FieldType.STRING;
    }

    @Override
    public void addOptions(PrimitiveType p, Schema.Options.Builder options) {
      LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
      if (a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
        options.setOption(ParquetSchemas.OPTION_STRING_ANNOTATION, FieldType.STRING, "JSON");
      } else if (a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
        options.setOption(ParquetSchemas.OPTION_STRING_ANNOTATION, FieldType.STRING, "ENUM");
      }
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      String s = options.getValueOrDefault(ParquetSchemas.OPTION_STRING_ANNOTATION, "");
      LogicalTypeAnnotation a =
          s.equals("JSON")
              ? LogicalTypeAnnotation.jsonType()
              : s.equals("ENUM")
                  ? LogicalTypeAnnotation.enumType()
                  : LogicalTypeAnnotation.stringType();
      return Types.primitive(PrimitiveTypeName.BINARY, repetition).as(a).named(name);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> c.addBinary(Binary.fromString(v.toString()));
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new StringConverter(sink);
    }
  },
  BYTES {
    @Override
    public boolean writes(FieldType type) {
      return type.getTypeName() == TypeName.BYTES
          || TypeMapping.isLogical(type, VariableBytes.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
      return p.getPrimitiveTypeName() == PrimitiveTypeName.BINARY
          && !isText(a)
          && !(a instanceof DecimalLogicalTypeAnnotation);
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return FieldType.BYTES;
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
    }
  },
  FIXED_BYTES {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, FixedBytes.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      return p.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
          && !(p.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation);
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return FieldType.logicalType(FixedBytes.of(p.getTypeLength()));
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
          .length(((FixedBytes) type.getLogicalType()).getLength())
          .named(name);
    }
  };

  @Override
  public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
    return (c, v) -> c.addBinary(Binary.fromReusedByteArray(bytes(v)));
  }

  @Override
  public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
    return new PrimitiveConverter() {
      @Override
      public void addBinary(Binary value) {
        sink.accept(value.getBytes());
      }
    };
  }

  private static boolean isText(LogicalTypeAnnotation a) {
    return a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
  }

  static byte[] bytes(Object v) {
    if (v instanceof ByteBuffer b) {
      byte[] out = new byte[b.remaining()];
      b.duplicate().get(out);
      return out;
    }
    return (byte[]) v;
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
