package dev.hfio.internal.parquet;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Everything HfIO knows about one Beam leaf type in Parquet, in one place: which Parquet leaves
 * read as it, the Parquet leaf it is written as, how a value is written and read, and how a filter
 * literal becomes the stored value. {@link TypeTable} holds one entry per Beam type; rows, lists
 * and maps are structure, handled by {@link ParquetSchemas}, {@link RowWriteSupport} and {@link
 * RowMaterializer}.
 *
 * <p>An entry that only writes (an enumeration, a UUID, a logical type over its base) keeps the
 * defaults of the reading methods.
 */
interface TypeMapping {
  /** Writes one non-null value of a field (the field's start and end are the caller's). */
  interface Writer {
    void write(RecordConsumer c, Object value);
  }

  /** Receives the value a converter finished. */
  interface Sink {
    void accept(Object value);
  }

  /** A short name for messages and tests. */
  String name();

  /**
   * Beam → Parquet: true when this entry writes fields of {@code type} (exactly one entry does).
   */
  boolean writes(FieldType type);

  /**
   * Parquet → Beam: true when a Parquet leaf of this physical type and annotation reads as this
   * entry's type.
   */
  default boolean reads(PrimitiveType p) {
    return false;
  }

  /**
   * The Beam type a leaf this entry {@link #reads} becomes (not nullable; the caller applies
   * repetition).
   */
  default FieldType beamType(PrimitiveType p) {
    throw new IllegalStateException(name() + " does not read Parquet leaves");
  }

  /**
   * Field options that keep what the Beam type cannot say (unsigned width, unit, precision), for
   * writing back.
   */
  default void addOptions(PrimitiveType p, Schema.Options.Builder options) {}

  /** Beam → Parquet: the leaf written for a field of {@code type} with {@code options}. */
  PrimitiveType parquetType(
      String name, Repetition repetition, FieldType type, Schema.Options options);

  /** Writes values of {@code type} into {@code leaf}, the leaf {@link #parquetType} gave. */
  Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf);

  /**
   * Reads values of {@code leaf} as Beam values of {@code type} (the type {@link #beamType} gave
   * for it).
   */
  default PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
    throw new IllegalArgumentException("Cannot read Parquet " + leaf + " as Beam " + type);
  }

  /**
   * The physical value stored in {@code leaf} for a filter literal. The default takes the literal
   * as the physical value itself (a number, a boolean, a String or byte[] for binary columns).
   *
   * @throws ClassCastException or ArithmeticException when the literal does not fit,
   *     UnsupportedOperationException when the column cannot be filtered (the caller names the
   *     column in both cases)
   */
  default Comparable<?> filterValue(PrimitiveType leaf, Object literal) {
    return physicalValue(leaf, literal);
  }

  /** The literal as the physical value of {@code leaf}, without any logical conversion. */
  static Comparable<?> physicalValue(PrimitiveType leaf, Object v) {
    switch (leaf.getPrimitiveTypeName()) {
      case BOOLEAN:
        return (Boolean) v;
      case INT32:
        return Math.toIntExact(((Number) v).longValue());
      case INT64:
        return ((Number) v).longValue();
      case FLOAT:
        return ((Number) v).floatValue();
      case DOUBLE:
        return ((Number) v).doubleValue();
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return v instanceof String s
            ? Binary.fromString(s)
            : Binary.fromConstantByteArray((byte[]) v);
      default:
        throw new UnsupportedOperationException(leaf.toString());
    }
  }

  /** True when {@code type} is the logical type with this identifier. */
  static boolean isLogical(FieldType type, String identifier) {
    return type.getTypeName() == Schema.TypeName.LOGICAL_TYPE
        && type.getLogicalType().getIdentifier().equals(identifier);
  }
}
