package dev.hfio.parquet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row predicate pushed into the Parquet reader: row groups whose column statistics prove no row
 * can match are skipped without fetching them, and remaining rows are filtered exactly. Columns are
 * named by dotted paths to non-repeated leaves ({@code "id"}, {@code "meta.lang"}). Values use the
 * Java types of the Beam mapping (Integer, Long, String, byte[], BigDecimal, LocalDate,
 * java.time/Joda Instant, …). Comparisons with null follow SQL-ish Parquet semantics: {@code eq(c,
 * null)} is IS NULL; other comparisons never match nulls, negated or not ({@code not} follows SQL's
 * three-valued logic). A filter is an immutable tree; {@link #accept} walks it.
 */
public abstract class RowFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The comparison of a leaf {@link #eq}/{@link #ne}/{@link #lt}/… filter. */
  public enum Comparison {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  /**
   * Walks a filter tree, one method per kind of node; a translator into another predicate language
   * implements it. {@link #isNull} is a {@code compare(column, EQ, null)}, {@link #isNotNull} a
   * {@code compare(column, NE, null)}.
   */
  public interface Visitor<R> {
    R compare(String column, Comparison op, @Nullable Object value);

    /** {@code values} is unmodifiable and may hold nulls. */
    R in(String column, List<Object> values);

    /** {@code children} is unmodifiable and never empty. */
    R and(List<RowFilter> children);

    /** {@code children} is unmodifiable and never empty. */
    R or(List<RowFilter> children);

    R not(RowFilter child);
  }

  RowFilter() {}

  /** Calls the method of {@code visitor} for this node and returns its result. */
  public abstract <R> R accept(Visitor<R> visitor);

  public static RowFilter eq(String column, Object value) {
    return new Compare(Comparison.EQ, column, value);
  }

  public static RowFilter ne(String column, Object value) {
    return new Compare(Comparison.NE, column, value);
  }

  public static RowFilter lt(String column, Object value) {
    return new Compare(Comparison.LT, column, value);
  }

  public static RowFilter le(String column, Object value) {
    return new Compare(Comparison.LE, column, value);
  }

  public static RowFilter gt(String column, Object value) {
    return new Compare(Comparison.GT, column, value);
  }

  public static RowFilter ge(String column, Object value) {
    return new Compare(Comparison.GE, column, value);
  }

  public static RowFilter in(String column, Object... values) {
    return new In(column, new ArrayList<>(Arrays.asList(values)));
  }

  public static RowFilter isNull(String column) {
    return new Compare(Comparison.EQ, column, null);
  }

  public static RowFilter isNotNull(String column) {
    return new Compare(Comparison.NE, column, null);
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

  // ------------------------------------------------------------------ nodes

  private static final class Compare extends RowFilter {
    private final Comparison op;
    private final String column;
    private final Object value;

    Compare(Comparison op, String column, Object value) {
      this.op = op;
      this.column = column;
      this.value = value;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.compare(column, op, value);
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
    public <R> R accept(Visitor<R> visitor) {
      return visitor.in(column, Collections.unmodifiableList(values));
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
    public <R> R accept(Visitor<R> visitor) {
      return and ? visitor.and(children) : visitor.or(children);
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
    public <R> R accept(Visitor<R> visitor) {
      return visitor.not(child);
    }

    @Override
    public String toString() {
      return "NOT(" + child + ")";
    }
  }
}
