package dev.hfio.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.parquet.RowFilter.Comparison;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The public filter tree on its own, without the Parquet engine: what a {@link RowFilter.Visitor}
 * sees for each factory, its immutability, its text form and Java serialization.
 */
class RowFilterTest {
  /** Writes a filter back as a prefix expression, through the visitor only. */
  private static final RowFilter.Visitor<String> PRINT =
      new RowFilter.Visitor<>() {
        @Override
        public String compare(String column, Comparison op, Object value) {
          return op + "(" + column + "," + value + ")";
        }

        @Override
        public String in(String column, List<Object> values) {
          return "IN(" + column + "," + values + ")";
        }

        @Override
        public String and(List<RowFilter> children) {
          return "AND" + walk(children);
        }

        @Override
        public String or(List<RowFilter> children) {
          return "OR" + walk(children);
        }

        @Override
        public String not(RowFilter child) {
          return "NOT(" + child.accept(this) + ")";
        }

        private String walk(List<RowFilter> children) {
          return children.stream()
              .map(c -> c.accept(this))
              .collect(Collectors.joining(",", "(", ")"));
        }
      };

  @Test
  void theVisitorSeesEveryFactory() {
    RowFilter f =
        RowFilter.or(
            RowFilter.and(
                RowFilter.eq("a", 1),
                RowFilter.ne("b", "x"),
                RowFilter.lt("c", 2L),
                RowFilter.le("d", 3),
                RowFilter.gt("e", 4),
                RowFilter.ge("f", 5)),
            RowFilter.not(RowFilter.in("g", 1, null, 3)),
            RowFilter.isNull("h"),
            RowFilter.isNotNull("meta.lang"));
    assertThat(f.accept(PRINT))
        .isEqualTo(
            "OR(AND(EQ(a,1),NE(b,x),LT(c,2),LE(d,3),GT(e,4),GE(f,5)),NOT(IN(g,[1, null, 3])),"
                + "EQ(h,null),NE(meta.lang,null))");
  }

  @Test
  void theTreeIsImmutable() {
    Object[] values = {1, 2};
    RowFilter in = RowFilter.in("a", values);
    values[0] = 9;
    List<Object> seen =
        in.accept(
            new RowFilter.Visitor<List<Object>>() {
              @Override
              public List<Object> compare(String column, Comparison op, Object value) {
                throw new AssertionError();
              }

              @Override
              public List<Object> in(String column, List<Object> vs) {
                return vs;
              }

              @Override
              public List<Object> and(List<RowFilter> children) {
                throw new AssertionError();
              }

              @Override
              public List<Object> or(List<RowFilter> children) {
                throw new AssertionError();
              }

              @Override
              public List<Object> not(RowFilter child) {
                throw new AssertionError();
              }
            });
    assertThat(seen).containsExactly(1, 2);
    assertThatThrownBy(() -> seen.add(3)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptyAndOrOrIsRejected() {
    assertThatThrownBy(RowFilter::and).hasMessage("and() needs at least one filter");
    assertThatThrownBy(RowFilter::or).hasMessage("or() needs at least one filter");
  }

  @Test
  void toStringAndSerializationAreKept() throws Exception {
    RowFilter f = RowFilter.and(RowFilter.ge("id", 5), RowFilter.not(RowFilter.in("k", "x", "y")));
    assertThat(f).hasToString("AND[id GE 5, NOT(k IN [x, y])]");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      RowFilter back = (RowFilter) in.readObject();
      assertThat(back.accept(PRINT)).isEqualTo(f.accept(PRINT));
      assertThat(back).hasToString(f.toString());
    }
  }
}
