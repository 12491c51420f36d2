package dev.hfio.internal.parquet;

import dev.hfio.parquet.RowFilter;
import dev.hfio.parquet.RowFilter.Comparison;
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
 * Translates a public {@link RowFilter} tree into parquet-java predicates for one file schema, and
 * lists the columns it reads. Values go to their physical Parquet form through the {@link
 * TypeTable}. Kept apart from {@code RowFilter} so the public filter does not depend on the engine.
 */
final class RowFilters {
  private RowFilters() {}

  /** The parquet-java predicate for a file schema; fails naming unknown or unsupported columns. */
  static FilterPredicate toPredicate(RowFilter filter, MessageType schema) {
    return toPredicate(filter, schema, false);
  }

  /**
   * As {@link #toPredicate(RowFilter, MessageType)}; with {@code forStatistics}, small IN lists
   * become ORs of equalities, because parquet-java's statistics check of IN only compares the
   * list's min and max with the chunk's range.
   */
  static FilterPredicate toPredicate(RowFilter filter, MessageType schema, boolean forStatistics) {
    return filter.accept(new Translator(schema, forStatistics));
  }

  /** Adds the dotted column paths {@code filter} reads to {@code out}. */
  static void collectColumns(RowFilter filter, Set<String> out) {
    filter.accept(
        new RowFilter.Visitor<Void>() {
          @Override
          public Void compare(String column, Comparison op, Object value) {
            out.add(column);
            return null;
          }

          @Override
          public Void in(String column, List<Object> values) {
            out.add(column);
            return null;
          }

          @Override
          public Void and(List<RowFilter> children) {
            children.forEach(c -> c.accept(this));
            return null;
          }

          @Override
          public Void or(List<RowFilter> children) {
            return and(children);
          }

          @Override
          public Void not(RowFilter child) {
            return child.accept(this);
          }
        });
  }

  private static final class Translator implements RowFilter.Visitor<FilterPredicate> {
    private final MessageType schema;
    private final boolean forStatistics;

    Translator(MessageType schema, boolean forStatistics) {
      this.schema = schema;
      this.forStatistics = forStatistics;
    }

    @Override
    public FilterPredicate compare(String column, Comparison op, Object value) {
      PrimitiveType p = leaf(schema, column);
      if (value == null && op != Comparison.EQ && op != Comparison.NE) {
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
      return op == Comparison.NE ? FilterApi.and(q, build(Comparison.NE, column, p, null)) : q;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public FilterPredicate in(String column, List<Object> values) {
      if (forStatistics && values.size() <= 64) {
        FilterPredicate p = null;
        for (Object v : values) {
          FilterPredicate q = compare(column, Comparison.EQ, v);
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
    public FilterPredicate and(List<RowFilter> children) {
      return combine(true, children, this);
    }

    @Override
    public FilterPredicate or(List<RowFilter> children) {
      return combine(false, children, this);
    }

    /**
     * SQL's three-valued logic, not Parquet's {@code not} (which keeps every row its child does not
     * match, nulls included): the negation is pushed down to the leaves (De Morgan), where a
     * negated comparison still never matches a null.
     */
    @Override
    public FilterPredicate not(RowFilter child) {
      return child.accept(new Negation(this));
    }
  }

  /** The children's predicates joined by AND ({@code and}) or OR, each built by {@code visitor}. */
  private static FilterPredicate combine(
      boolean and, List<RowFilter> children, RowFilter.Visitor<FilterPredicate> visitor) {
    FilterPredicate p = children.get(0).accept(visitor);
    for (int i = 1; i < children.size(); i++) {
      FilterPredicate q = children.get(i).accept(visitor);
      p = and ? FilterApi.and(p, q) : FilterApi.or(p, q);
    }
    return p;
  }

  /** The predicate of {@code not(filter)} for the filter it visits. */
  private static final class Negation implements RowFilter.Visitor<FilterPredicate> {
    private final Translator positive;

    Negation(Translator positive) {
      this.positive = positive;
    }

    @Override
    public FilterPredicate compare(String column, Comparison op, Object value) {
      return positive.compare(column, negate(op), value);
    }

    @Override
    public FilterPredicate in(String column, List<Object> values) {
      FilterPredicate p = null;
      for (Object v : values) {
        FilterPredicate q = compare(column, Comparison.EQ, v);
        p = p == null ? q : FilterApi.and(p, q);
      }
      return p == null ? positive.compare(column, Comparison.NE, null) : p;
    }

    @Override
    public FilterPredicate and(List<RowFilter> children) {
      return combine(false, children, this);
    }

    @Override
    public FilterPredicate or(List<RowFilter> children) {
      return combine(true, children, this);
    }

    @Override
    public FilterPredicate not(RowFilter child) {
      return child.accept(positive);
    }

    private static Comparison negate(Comparison op) {
      switch (op) {
        case EQ:
          return Comparison.NE;
        case NE:
          return Comparison.EQ;
        case LT:
          return Comparison.GE;
        case LE:
          return Comparison.GT;
        case GT:
          return Comparison.LE;
        case GE:
          return Comparison.LT;
        default:
          throw new IllegalStateException("Unknown comparison " + op);
      }
    }
  }

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
      FilterPredicate compare(Comparison op, C col, T v) {
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

  private static FilterPredicate build(Comparison op, String column, PrimitiveType p, Object v) {
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
        if (op == Comparison.EQ) {
          return FilterApi.eq(FilterApi.booleanColumn(column), (Boolean) v);
        } else if (op == Comparison.NE) {
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
