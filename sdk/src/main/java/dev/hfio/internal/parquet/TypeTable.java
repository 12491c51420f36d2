package dev.hfio.internal.parquet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The one Beam↔Parquet type table: every leaf type HfIO reads or writes has exactly one {@link
 * TypeMapping} entry here, and schema inference, the Parquet schema written, the value writers, the
 * row converters and filter literals all look their entry up through {@link #forBeam} or {@link
 * #forParquet}. Adding a type is one entry in one family file (a new family is one more line
 * below).
 */
final class TypeTable {
  static final FieldType NANOS_INSTANT = FieldType.logicalType(new NanosInstant());
  static final FieldType MICROS_INSTANT = FieldType.logicalType(SqlTypes.TIMESTAMP);
  static final FieldType DATE = FieldType.logicalType(SqlTypes.DATE);
  static final FieldType TIME = FieldType.logicalType(SqlTypes.TIME);
  static final FieldType LOCAL_DATETIME = FieldType.logicalType(SqlTypes.DATETIME);

  /**
   * Every entry; {@link LogicalMapping#OVER_BASE} is the fallback for logical types no other entry
   * writes.
   */
  private static final List<TypeMapping> ENTRIES =
      entries(
          ScalarMapping.values(),
          IntegerMapping.values(),
          BinaryMapping.values(),
          DecimalMapping.values(),
          DateTimeMapping.values(),
          TimestampMapping.values(),
          LogicalMapping.values());

  private TypeTable() {}

  private static List<TypeMapping> entries(TypeMapping[]... families) {
    List<TypeMapping> all = new ArrayList<>();
    for (TypeMapping[] family : families) {
      Collections.addAll(all, family);
    }
    return Collections.unmodifiableList(all);
  }

  /** All entries, in lookup order. */
  static List<TypeMapping> entries() {
    return ENTRIES;
  }

  /** True for a leaf Beam type (anything but ROW, ARRAY, ITERABLE and MAP, which are structure). */
  static boolean isLeaf(FieldType type) {
    TypeName n = type.getTypeName();
    return !(n == TypeName.ROW || n.isCollectionType() || n == TypeName.MAP);
  }

  /**
   * The entry that writes a leaf Beam type.
   *
   * @throws IllegalArgumentException for a structural type
   */
  static TypeMapping forBeam(FieldType type) {
    for (TypeMapping m : ENTRIES) {
      if (m != LogicalMapping.OVER_BASE && m.writes(type)) {
        return m;
      }
    }
    if (LogicalMapping.OVER_BASE.writes(type)) {
      return LogicalMapping.OVER_BASE;
    }
    throw new IllegalArgumentException("Cannot write Beam type " + type + " to Parquet");
  }

  /**
   * The entry a Parquet leaf reads as.
   *
   * @throws IllegalArgumentException for a Parquet leaf no entry reads
   */
  static TypeMapping forParquet(PrimitiveType leaf) {
    for (TypeMapping m : ENTRIES) {
      if (m.reads(leaf)) {
        return m;
      }
    }
    throw new IllegalArgumentException("Unsupported Parquet type " + leaf);
  }

  /**
   * True for a logical type that no type-table entry writes and whose base is a row, a collection
   * or a map (e.g. an Image): it is written as its base.
   */
  static boolean hasStructuredBase(FieldType type) {
    if (type.getTypeName() != TypeName.LOGICAL_TYPE
        || isLeaf(type.getLogicalType().getBaseType())) {
      return false;
    }
    for (TypeMapping m : ENTRIES) {
      if (m != LogicalMapping.OVER_BASE && m.writes(type)) {
        return false;
      }
    }
    return true;
  }
}
