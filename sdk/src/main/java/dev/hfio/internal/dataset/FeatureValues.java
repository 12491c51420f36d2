package dev.hfio.internal.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Converts values read with a file's own types to the types its features declare ({@link
 * Features#annotate}): the int64 label index of a ClassLabel to the enumeration's value (and back,
 * when a card declares a plain integer where a file declares a ClassLabel), recursively in rows and
 * lists. A media column needs no conversion: its value is its {@code bytes}/{@code path} row either
 * way.
 */
public final class FeatureValues {
  private FeatureValues() {}

  /**
   * The conversion of non-null values of {@code from} to {@code to}; null when the values can be
   * used as they are.
   */
  public static @Nullable Function<Object, Object> converter(FieldType from, FieldType to) {
    if (from.equivalent(to, Schema.EquivalenceNullablePolicy.IGNORE)) {
      return null;
    }
    if (isEnum(to) && isInteger(from)) {
      EnumerationType e = to.getLogicalType(EnumerationType.class);
      boolean nullable = to.getNullable();
      return v -> label(e, ((Number) v).longValue(), nullable);
    }
    if (isEnum(from) && to.getTypeName() == TypeName.INT64) {
      return v -> (long) ((EnumerationType.Value) v).getValue();
    }
    if (from.getTypeName() == TypeName.ROW && to.getTypeName() == TypeName.ROW) {
      return rows(from.getRowSchema(), to.getRowSchema());
    }
    if (from.getTypeName().isCollectionType() && to.getTypeName().isCollectionType()) {
      Function<Object, Object> element =
          converter(from.getCollectionElementType(), to.getCollectionElementType());
      if (element == null) {
        return null;
      }
      return v -> {
        List<Object> out = new ArrayList<>();
        for (Object o : (Iterable<?>) v) {
          out.add(o == null ? null : element.apply(o));
        }
        return out;
      };
    }
    return null;
  }

  private static @Nullable Function<Object, Object> rows(Schema from, Schema to) {
    if (from.getFieldCount() != to.getFieldCount()) {
      return null;
    }
    List<Function<Object, Object>> fields = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < to.getFieldCount(); i++) {
      Function<Object, Object> c = converter(from.getField(i).getType(), to.getField(i).getType());
      fields.add(c);
      any |= c != null;
    }
    if (!any) {
      return null;
    }
    return v -> {
      Row r = (Row) v;
      List<Object> values = new ArrayList<>(fields.size());
      for (int i = 0; i < fields.size(); i++) {
        Object o = r.getValue(i);
        Function<Object, Object> c = fields.get(i);
        values.add(o == null || c == null ? o : c.apply(o));
      }
      return Row.withSchema(to).attachValues(values);
    };
  }

  /**
   * The class of a label index. {@code datasets} allows -1 for a missing label: any index that is
   * not a class reads as null in a nullable column.
   *
   * @throws IllegalArgumentException for such an index in a non-nullable column
   */
  private static EnumerationType.@Nullable Value label(
      EnumerationType e, long index, boolean nullable) {
    if (index >= 0 && index < e.getValues().size()) {
      return e.valueOf((int) index);
    }
    if (nullable) {
      return null;
    }
    throw new IllegalArgumentException(
        "label index " + index + " is not one of the " + e.getValues().size() + " classes");
  }

  private static boolean isEnum(FieldType t) {
    return t.getTypeName() == TypeName.LOGICAL_TYPE
        && t.getLogicalType() instanceof EnumerationType;
  }

  private static boolean isInteger(FieldType t) {
    return t.getTypeName() == TypeName.INT64 || t.getTypeName() == TypeName.INT32;
  }
}
