package dev.hfio.internal.parquet;

import java.nio.ByteBuffer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Beam logical types that are only written: an {@link EnumerationType} whose values are 0..n-1 (a
 * {@code datasets} ClassLabel) as INT64 holding the value, any other enumeration as STRING(ENUM)
 * (read back as INT64 / STRING with the ENUM option; the {@code huggingface} footer key restores a
 * ClassLabel), a UUID as FIXED_LEN_BYTE_ARRAY(16) with the UUID annotation (read back as 16 fixed
 * bytes), and any other logical type as its base type ({@link #OVER_BASE}, the table's fallback).
 */
enum LogicalMapping implements TypeMapping {
  ENUMERATION {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, EnumerationType.IDENTIFIER);
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      if (isClassLabel(type.getLogicalType(EnumerationType.class))) {
        return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      }
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.enumType())
          .named(name);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      EnumerationType enumType = type.getLogicalType(EnumerationType.class);
      if (leaf.getPrimitiveTypeName() == PrimitiveTypeName.INT64) {
        return (c, v) -> c.addLong(((EnumerationType.Value) v).getValue());
      }
      return (c, v) -> c.addBinary(Binary.fromString(enumType.toString((EnumerationType.Value) v)));
    }
  },
  UUID {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, UuidLogicalType.IDENTIFIER);
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
          .as(LogicalTypeAnnotation.uuidType())
          .length(16)
          .named(name);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> {
        java.util.UUID u = (java.util.UUID) v;
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        c.addBinary(Binary.fromConstantByteArray(b.array()));
      };
    }
  },
  /**
   * Any other logical type: written as its base type (which must be a leaf), values converted to
   * the base.
   */
  OVER_BASE {
    @Override
    public boolean writes(FieldType type) {
      return type.getTypeName() == TypeName.LOGICAL_TYPE;
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      FieldType base = baseOf(type);
      return TypeTable.forBeam(base).parquetType(name, repetition, base, options);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      @SuppressWarnings("unchecked")
      Schema.LogicalType<Object, Object> lt =
          (Schema.LogicalType<Object, Object>) type.getLogicalType();
      FieldType base = baseOf(type);
      Writer baseWriter = TypeTable.forBeam(base).writer(base, options, leaf);
      return (c, v) -> baseWriter.write(c, lt.toBaseType(v));
    }

    private FieldType baseOf(FieldType type) {
      FieldType base = type.getLogicalType().getBaseType();
      if (!TypeTable.isLeaf(base)) {
        throw new IllegalArgumentException(
            "Cannot write logical type "
                + type.getLogicalType().getIdentifier()
                + " with a non-primitive base");
      }
      return base;
    }
  };

  /**
   * True when the enumeration's values are exactly 0..n-1: it is then a {@code datasets}
   * ClassLabel, stored as the int64 label index; another enumeration is stored as its names.
   */
  static boolean isClassLabel(EnumerationType e) {
    java.util.List<Integer> values = new java.util.ArrayList<>(e.getValuesMap().values());
    java.util.Collections.sort(values);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != i) {
        return false;
      }
    }
    return !values.isEmpty();
  }
}
