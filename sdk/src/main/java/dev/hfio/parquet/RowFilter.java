package dev.hfio.parquet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A row predicate pushed into the Parquet reader: row groups whose column statistics prove no row
 * can match are skipped without fetching them, and remaining rows are filtered exactly. Columns are
 * named by dotted paths to non-repeated leaves ({@code "id"}, {@code "meta.lang"}). Values use the
 * Java types of the Beam mapping (Integer, Long, String, byte[], BigDecimal, LocalDate,
 * java.time/Joda Instant, …). Comparisons with null follow SQL-ish Parquet semantics: {@code eq(c,
 * null)} is IS NULL; other comparisons never match nulls.
 */
public abstract class RowFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Op {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  RowFilter() {}

  public static RowFilter eq(String column, Object value) {
    return new Compare(Op.EQ, column, value);
  }

  public static RowFilter ne(String column, Object value) {
    return new Compare(Op.NE, column, value);
  }

  public static RowFilter lt(String column, Object value) {
    return new Compare(Op.LT, column, value);
  }

  public static RowFilter le(String column, Object value) {
    return new Compare(Op.LE, column, value);
  }

  public static RowFilter gt(String column, Object value) {
    return new Compare(Op.GT, column, value);
  }

  public static RowFilter ge(String column, Object value) {
    return new Compare(Op.GE, column, value);
  }

  public static RowFilter in(String column, Object... values) {
    return new In(column, new ArrayList<>(Arrays.asList(values)));
  }

  public static RowFilter isNull(String column) {
    return new Compare(Op.EQ, column, null);
  }

  public static RowFilter isNotNull(String column) {
    return new Compare(Op.NE, column, null);
  }

  public static RowFilter and(RowFilter... filters) {
    return new Logical(true, List.of(filters));
  }

  public static RowFilter or(RowFilter... filters) {
    return new Logical(false, List.of(filters));
  }

  public static RowFilter not(RowFilter filter) {
    return new Not(filter);
  }

  /** The parquet-java predicate for a file schema; fails naming unknown or unsupported columns. */
  final FilterPredicate toPredicate(MessageType schema) {
    return toPredicate(schema, false);
  }

  /**
   * As {@link #toPredicate(MessageType)}; with {@code forStatistics}, small IN lists become ORs of
   * equalities, because parquet-java's statistics check of IN only compares the list's min and max
   * with the chunk's range.
   */
  abstract FilterPredicate toPredicate(MessageType schema, boolean forStatistics);

  /** Adds the dotted column paths this filter reads. */
  abstract void collectColumns(Set<String> out);

  // ------------------------------------------------------------------ nodes

  private static final class Compare extends RowFilter {
    private final Op op;
    private final String column;
    private final Object value;

    Compare(Op op, String column, Object value) {
      this.op = op;
      this.column = column;
      this.value = value;
    }

    @Override
    FilterPredicate toPredicate(MessageType schema, boolean forStatistics) {
      PrimitiveType p = leaf(schema, column);
      if (value == null && op != Op.EQ && op != Op.NE) {
        throw new IllegalArgumentException(
            "Comparison " + op + " with null on column '" + column + "'");
      }
      if (value == null) {
        return build(op, column, p, null);
      }
      FilterPredicate q = build(op, column, p, toParquetValue(p, column, value));
      // Parquet's notEq(c, v) keeps rows where c is null; ne never matches nulls (SQL semantics),
      // in the statistics
      // skip (an all-null row group is dropped) as in the exact row filter.
      return op == Op.NE ? FilterApi.and(q, build(Op.NE, column, p, null)) : q;
    }

    @Override
    void collectColumns(Set<String> out) {
      out.add(column);
    }

    @Override
    public String toString() {
      return column + " " + op + " " + value;
    }
  }

  private static final class In extends RowFilter {
    private final String column;
    private final List<Object> values;

    In(String column, List<Object> values) {
      this.column = column;
      this.values = values;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    FilterPredicate toPredicate(MessageType schema, boolean forStatistics) {
      if (forStatistics && values.size() <= 64) {
        FilterPredicate p = null;
        for (Object v : values) {
          FilterPredicate q = new Compare(Op.EQ, column, v).toPredicate(schema, true);
          p = p == null ? q : FilterApi.or(p, q);
        }
        if (p != null) {
          return p;
        }
      }
      PrimitiveType p = leaf(schema, column);
      Set set = new HashSet<>();
      for (Object v : values) {
        set.add(v == null ? null : toParquetValue(p, column, v));
      }
      switch (p.getPrimitiveTypeName()) {
        case INT32:
          return FilterApi.in(FilterApi.intColumn(column), set);
        case INT64:
          return FilterApi.in(FilterApi.longColumn(column), set);
        case FLOAT:
          return FilterApi.in(FilterApi.floatColumn(column), set);
        case DOUBLE:
          return FilterApi.in(FilterApi.doubleColumn(column), set);
        case BOOLEAN:
          return FilterApi.in(FilterApi.booleanColumn(column), set);
        case BINARY:
        case FIXED_LEN_BYTE_ARRAY:
          return FilterApi.in(FilterApi.binaryColumn(column), set);
        default:
          throw unsupported(column, p);
      }
    }

    @Override
    void collectColumns(Set<String> out) {
      out.add(column);
    }

    @Override
    public String toString() {
      return column + " IN " + values;
    }
  }

  private static final class Logical extends RowFilter {
    private final boolean and;
    private final List<RowFilter> children;

    Logical(boolean and, List<RowFilter> children) {
      if (children.isEmpty()) {
        throw new IllegalArgumentException((and ? "and" : "or") + "() needs at least one filter");
      }
      this.and = and;
      this.children = children;
    }

    @Override
    FilterPredicate toPredicate(MessageType schema, boolean forStatistics) {
      FilterPredicate p = children.get(0).toPredicate(schema, forStatistics);
      for (int i = 1; i < children.size(); i++) {
        FilterPredicate q = children.get(i).toPredicate(schema, forStatistics);
        p = and ? FilterApi.and(p, q) : FilterApi.or(p, q);
      }
      return p;
    }

    @Override
    void collectColumns(Set<String> out) {
      for (RowFilter c : children) {
        c.collectColumns(out);
      }
    }

    @Override
    public String toString() {
      return (and ? "AND" : "OR") + children;
    }
  }

  private static final class Not extends RowFilter {
    private final RowFilter child;

    Not(RowFilter child) {
      this.child = child;
    }

    @Override
    FilterPredicate toPredicate(MessageType schema, boolean forStatistics) {
      return FilterApi.not(child.toPredicate(schema, forStatistics));
    }

    @Override
    void collectColumns(Set<String> out) {
      child.collectColumns(out);
    }

    @Override
    public String toString() {
      return "NOT(" + child + ")";
    }
  }

  // ------------------------------------------------------------------ helpers

  private static PrimitiveType leaf(MessageType schema, String column) {
    String[] path = column.split("\\.");
    GroupType g = schema;
    for (int i = 0; i < path.length; i++) {
      if (!g.containsField(path[i])) {
        throw new IllegalArgumentException(
            "Filter column '" + column + "' does not exist in the Parquet schema");
      }
      Type t = g.getType(path[i]);
      if (t.isRepetition(Type.Repetition.REPEATED)) {
        throw new IllegalArgumentException(
            "Filter column '"
                + column
                + "' is inside a repeated field; only non-repeated columns can be filtered");
      }
      if (i == path.length - 1) {
        if (!t.isPrimitive()) {
          throw new IllegalArgumentException(
              "Filter column '" + column + "' is a group, not a leaf column");
        }
        return t.asPrimitiveType();
      }
      if (t.isPrimitive()) {
        throw new IllegalArgumentException(
            "Filter column '" + column + "': '" + path[i] + "' is not a group");
      }
      g = t.asGroupType();
    }
    throw new IllegalArgumentException("Empty filter column");
  }

  private static IllegalArgumentException unsupported(String column, PrimitiveType p) {
    return new IllegalArgumentException(
        "Filtering on column '" + column + "' of type " + p + " is not supported");
  }

  private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
      FilterPredicate compare(Op op, C col, T v) {
    switch (op) {
      case EQ:
        return FilterApi.eq(col, v);
      case NE:
        return FilterApi.notEq(col, v);
      case LT:
        return FilterApi.lt(col, v);
      case LE:
        return FilterApi.ltEq(col, v);
      case GT:
        return FilterApi.gt(col, v);
      default:
        return FilterApi.gtEq(col, v);
    }
  }

  private static FilterPredicate build(Op op, String column, PrimitiveType p, Object v) {
    switch (p.getPrimitiveTypeName()) {
      case INT32:
        return compare(op, FilterApi.intColumn(column), (Integer) v);
      case INT64:
        return compare(op, FilterApi.longColumn(column), (Long) v);
      case FLOAT:
        return compare(op, FilterApi.floatColumn(column), (Float) v);
      case DOUBLE:
        return compare(op, FilterApi.doubleColumn(column), (Double) v);
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return compare(op, FilterApi.binaryColumn(column), (Binary) v);
      case BOOLEAN:
        if (op == Op.EQ) {
          return FilterApi.eq(FilterApi.booleanColumn(column), (Boolean) v);
        } else if (op == Op.NE) {
          return FilterApi.notEq(FilterApi.booleanColumn(column), (Boolean) v);
        }
        throw new IllegalArgumentException(
            "Only = and != apply to boolean column '" + column + "'");
      default:
        throw unsupported(column, p);
    }
  }

  /**
   * Converts a Java value to the physical Parquet value the column stores, through the column's
   * type entry.
   */
  static Comparable<?> toParquetValue(PrimitiveType p, String column, Object v) {
    try {
      return TypeTable.forParquet(p).filterValue(p, v);
    } catch (UnsupportedOperationException e) {
      throw unsupported(column, p);
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Filter value "
              + v
              + " ("
              + v.getClass().getSimpleName()
              + ") does not fit column '"
              + column
              + "' of type "
              + p,
          e);
    }
  }
}
