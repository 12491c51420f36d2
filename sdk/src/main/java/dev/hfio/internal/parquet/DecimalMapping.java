package dev.hfio.internal.parquet;

import dev.hfio.parquet.DecimalScaleException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * DECIMAL ({@code BigDecimal}). Read from DECIMAL(p, s) on any physical type, keeping p and s in
 * {@link ParquetSchemas#OPTION_DECIMAL_PRECISION}/{@link ParquetSchemas#OPTION_DECIMAL_SCALE};
 * written as FIXED_LEN_BYTE_ARRAY like pyarrow, with the options' precision and scale (default (38,
 * 18)) or those of a {@link FixedPrecisionNumeric}. A value with more fractional digits than the
 * scale fails instead of being rounded.
 */
enum DecimalMapping implements TypeMapping {
  DECIMAL;

  @Override
  public boolean writes(FieldType type) {
    return type.getTypeName() == TypeName.DECIMAL
        || TypeMapping.isLogical(type, FixedPrecisionNumeric.IDENTIFIER);
  }

  @Override
  public boolean reads(PrimitiveType p) {
    return p.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation;
  }

  @Override
  public FieldType beamType(PrimitiveType p) {
    return FieldType.DECIMAL;
  }

  @Override
  public void addOptions(PrimitiveType p, Schema.Options.Builder options) {
    DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) p.getLogicalTypeAnnotation();
    options.setOption(ParquetSchemas.OPTION_DECIMAL_PRECISION, FieldType.INT32, d.getPrecision());
    options.setOption(ParquetSchemas.OPTION_DECIMAL_SCALE, FieldType.INT32, d.getScale());
  }

  @Override
  public PrimitiveType parquetType(
      String name, Repetition repetition, FieldType type, Schema.Options options) {
    int[] ps = precisionScale(type, options);
    return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
        .as(LogicalTypeAnnotation.decimalType(ps[1], ps[0]))
        .length(bytesFor(ps[0]))
        .named(name);
  }

  @Override
  public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
    int[] ps = precisionScale(type, options);
    int len = leaf.getTypeLength();
    return (c, v) -> {
      BigDecimal given = (BigDecimal) v;
      BigDecimal d;
      try {
        d = given.setScale(ps[1], RoundingMode.UNNECESSARY);
      } catch (ArithmeticException tooManyDigits) {
        throw new DecimalScaleException(
            leaf.getName(), given.toPlainString(), given.scale(), ps[0], ps[1]);
      }
      if (d.precision() > ps[0]) {
        throw new IllegalArgumentException(
            "Decimal " + v + " does not fit DECIMAL(" + ps[0] + ", " + ps[1] + ")");
      }
      c.addBinary(Binary.fromConstantByteArray(signExtend(d.unscaledValue().toByteArray(), len)));
    };
  }

  @Override
  public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
    int scale = ((DecimalLogicalTypeAnnotation) leaf.getLogicalTypeAnnotation()).getScale();
    switch (leaf.getPrimitiveTypeName()) {
      case INT32:
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept(BigDecimal.valueOf(value, scale));
          }
        };
      case INT64:
        return new PrimitiveConverter() {
          @Override
          public void addLong(long value) {
            sink.accept(BigDecimal.valueOf(value, scale));
          }
        };
      default:
        return new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            sink.accept(new BigDecimal(new BigInteger(value.getBytes()), scale));
          }
        };
    }
  }

  @Override
  public Comparable<?> filterValue(PrimitiveType leaf, Object literal) {
    DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) leaf.getLogicalTypeAnnotation();
    BigInteger unscaled =
        (literal instanceof BigDecimal bd ? bd : new BigDecimal(literal.toString()))
            .setScale(d.getScale(), RoundingMode.UNNECESSARY)
            .unscaledValue();
    switch (leaf.getPrimitiveTypeName()) {
      case INT32:
        return unscaled.intValueExact();
      case INT64:
        return unscaled.longValueExact();
      case FIXED_LEN_BYTE_ARRAY:
        return Binary.fromConstantByteArray(
            signExtend(unscaled.toByteArray(), leaf.getTypeLength()));
      default:
        return Binary.fromConstantByteArray(unscaled.toByteArray());
    }
  }

  /** Precision and scale written for a DECIMAL-like Beam type. */
  static int[] precisionScale(FieldType type, Schema.Options options) {
    if (type.getTypeName() == TypeName.LOGICAL_TYPE) {
      org.apache.beam.sdk.values.Row arg = type.getLogicalType().getArgument();
      return new int[] {arg.getInt32("precision"), arg.getInt32("scale")};
    }
    return new int[] {
      options.getValueOrDefault(
          ParquetSchemas.OPTION_DECIMAL_PRECISION, ParquetSchemas.DEFAULT_DECIMAL_PRECISION),
      options.getValueOrDefault(
          ParquetSchemas.OPTION_DECIMAL_SCALE, ParquetSchemas.DEFAULT_DECIMAL_SCALE)
    };
  }

  /** Smallest byte length holding any unscaled value of the given decimal precision. */
  static int bytesFor(int precision) {
    int n = 1;
    while (Math.pow(2, 8 * n - 1) < Math.pow(10, precision)) {
      n++;
    }
    return n;
  }

  static byte[] signExtend(byte[] twosComplement, int length) {
    if (twosComplement.length == length) {
      return twosComplement;
    }
    if (twosComplement.length > length) {
      throw new IllegalArgumentException(
          "Decimal value needs " + twosComplement.length + " bytes > " + length);
    }
    byte[] out = new byte[length];
    byte pad = (byte) (twosComplement[0] < 0 ? 0xff : 0);
    int offset = length - twosComplement.length;
    java.util.Arrays.fill(out, 0, offset, pad);
    System.arraycopy(twosComplement, 0, out, offset, twosComplement.length);
    return out;
  }
}
