package dev.hfio.sql;

import dev.hfio.parquet.RowFilter;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTableFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The conditions of a query's WHERE clause split into those HfIO evaluates in the reader (a {@link
 * RowFilter}, exact, so Beam SQL drops them from its own filter) and the rest, which Beam SQL
 * keeps.
 */
final class HfTableFilter implements BeamSqlTableFilter {
  private final List<RowFilter> pushed = new ArrayList<>();
  private final List<RexNode> pushedConditions = new ArrayList<>();
  private final List<RexNode> notSupported = new ArrayList<>();

  HfTableFilter(List<RexNode> conditions, Schema schema) {
    for (RexNode c : conditions) {
      RowFilter f = RexFilters.translate(c, schema);
      if (f == null) {
        notSupported.add(c);
      } else {
        pushed.add(f);
        pushedConditions.add(c);
      }
    }
  }

  /** The pushed filter, null when nothing could be pushed. */
  @Nullable RowFilter rowFilter() {
    if (pushed.isEmpty()) {
      return null;
    }
    return pushed.size() == 1 ? pushed.get(0) : RowFilter.and(pushed.toArray(new RowFilter[0]));
  }

  @Override
  public List<RexNode> getNotSupported() {
    return notSupported;
  }

  @Override
  public int numSupported() {
    return BeamSqlTableFilter.expressionsInFilter(pushedConditions);
  }

  @Override
  public String toString() {
    return "HfTableFilter{pushed=" + rowFilter() + ", notSupported=" + notSupported + "}";
  }
}
