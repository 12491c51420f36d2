package dev.hfio.internal.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The {@code datasets} {@code Value} dtype of a Parquet leaf: the Arrow type pyarrow reads the leaf
 * as (without an {@code ARROW:schema} blob, which HfIO does not write), named as {@code datasets}'
 * {@code _arrow_to_datasets_dtype} names it (huggingface/datasets b7cb10b0, features.py). Deriving
 * the dtype from the leaf actually written keeps the declared features equal to the file's schema,
 * which {@code datasets} requires before it uses a declared feature.
 */
public final class ParquetDtypes {
  private ParquetDtypes() {}

  /**
   * The dtype of {@code leaf}, e.g. {@code int64}, {@code timestamp[us, tz=UTC]}, {@code
   * decimal128(38, 18)}.
   *
   * @throws IllegalArgumentException for a leaf with no {@code datasets} dtype (e.g. INTERVAL)
   */
  public static String dtype(PrimitiveType leaf) {
    LogicalTypeAnnotation a = leaf.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation d) {
      return (d.getPrecision() <= 38 ? "decimal128(" : "decimal256(")
          + d.getPrecision()
          + ", "
          + d.getScale()
          + ")";
    }
    switch (leaf.getPrimitiveTypeName()) {
      case BOOLEAN:
        return "bool";
      case INT32:
        if (a instanceof IntLogicalTypeAnnotation i) {
          return (i.isSigned() ? "int" : "uint") + i.getBitWidth();
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return "date32";
        }
        if (a instanceof TimeLogicalTypeAnnotation t) {
          return "time32[" + unit(t.getUnit()) + "]";
        }
        return "int32";
      case INT64:
        if (a instanceof IntLogicalTypeAnnotation i) {
          return (i.isSigned() ? "int" : "uint") + i.getBitWidth();
        }
        if (a instanceof TimeLogicalTypeAnnotation t) {
          return "time64[" + unit(t.getUnit()) + "]";
        }
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
          return "timestamp[" + unit(ts.getUnit()) + (ts.isAdjustedToUTC() ? ", tz=UTC]" : "]");
        }
        return "int64";
      case INT96:
        return "timestamp[ns]";
      case FLOAT:
        return "float32";
      case DOUBLE:
        return "float64";
      case BINARY:
        if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return "string";
        }
        return "binary";
      case FIXED_LEN_BYTE_ARRAY:
        return "fixed_size_binary[" + leaf.getTypeLength() + "]";
      default:
        throw new IllegalArgumentException("Parquet type " + leaf + " has no datasets dtype");
    }
  }

  private static String unit(TimeUnit u) {
    return switch (u) {
      case MILLIS -> "ms";
      case MICROS -> "us";
      case NANOS -> "ns";
    };
  }
}
