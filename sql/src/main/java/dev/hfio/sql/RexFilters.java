package dev.hfio.sql;

import dev.hfio.parquet.RowFilter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.rex.RexCall;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.rex.RexInputRef;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.rex.RexLiteral;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.rex.RexNode;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.sql.SqlKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Translates a Calcite condition over the table's columns into a {@link RowFilter} when HfIO can
 * evaluate it exactly: comparisons of a column with a literal (integer, floating point, text or
 * boolean columns), IS [NOT] NULL, and AND / OR / NOT of those. Anything else (functions, casts,
 * column-to-column comparisons, SEARCH ranges) is left to Beam SQL.
 */
final class RexFilters {
  private RexFilters() {}

  @Nullable
  static RowFilter translate(RexNode node, Schema schema) {
    if (node instanceof RexInputRef ref) {
      Schema.Field f = schema.getField(ref.getIndex());
      return f.getType().getTypeName() == TypeName.BOOLEAN
          ? RowFilter.eq(f.getName(), Boolean.TRUE)
          : null;
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND:
      case OR:
        {
          List<RowFilter> parts = new ArrayList<>();
          for (RexNode operand : call.getOperands()) {
            RowFilter p = translate(operand, schema);
            if (p == null) {
              return null;
            }
            parts.add(p);
          }
          RowFilter[] a = parts.toArray(new RowFilter[0]);
          return kind == SqlKind.AND ? RowFilter.and(a) : RowFilter.or(a);
        }
      case NOT:
        {
          RowFilter inner = translate(call.getOperands().get(0), schema);
          return inner == null ? null : RowFilter.not(inner);
        }
      case IS_NULL:
      case IS_NOT_NULL:
        {
          RexNode operand = call.getOperands().get(0);
          if (!(operand instanceof RexInputRef ref)) {
            return null;
          }
          String column = schema.getField(ref.getIndex()).getName();
          return kind == SqlKind.IS_NULL ? RowFilter.isNull(column) : RowFilter.isNotNull(column);
        }
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return comparison(call, schema);
      default:
        return null;
    }
  }

  @Nullable
  private static RowFilter comparison(RexCall call, Schema schema) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (left instanceof RexLiteral && right instanceof RexInputRef) {
      RexNode t = left;
      left = right;
      right = t;
      kind = kind.reverse();
    }
    if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral literal)) {
      return null;
    }
    Schema.Field field = schema.getField(ref.getIndex());
    Object value = value(field.getType().getTypeName(), literal);
    if (value == null) {
      return null;
    }
    String c = field.getName();
    switch (kind) {
      case EQUALS:
        return RowFilter.eq(c, value);
      case NOT_EQUALS:
        return RowFilter.ne(c, value);
      case LESS_THAN:
        return RowFilter.lt(c, value);
      case LESS_THAN_OR_EQUAL:
        return RowFilter.le(c, value);
      case GREATER_THAN:
        return RowFilter.gt(c, value);
      case GREATER_THAN_OR_EQUAL:
        return RowFilter.ge(c, value);
      default:
        return null;
    }
  }

  /** The literal as the column's Java value, or null when HfIO cannot compare them exactly. */
  @Nullable
  private static Object value(TypeName column, RexLiteral literal) {
    if (literal.isNull()) {
      return null;
    }
    switch (column) {
      case BYTE:
      case INT16:
      case INT32:
      case INT64:
        {
          BigDecimal d = literal.getValueAs(BigDecimal.class);
          if (d == null || d.stripTrailingZeros().scale() > 0) {
            return null;
          }
          try {
            return d.longValueExact();
          } catch (ArithmeticException tooLarge) {
            return null;
          }
        }
      case FLOAT:
      case DOUBLE:
        {
          BigDecimal d = literal.getValueAs(BigDecimal.class);
          return d == null ? null : d.doubleValue();
        }
      case STRING:
        return literal.getValueAs(String.class);
      case BOOLEAN:
        return literal.getValueAs(Boolean.class);
      default:
        return null;
    }
  }
}
