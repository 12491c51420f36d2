package dev.hfio.schematransforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.parquet.RowFilter;
import org.junit.jupiter.api.Test;

/** The filter language of the read configuration, parsed into RowFilters. */
class FilterExpressionTest {
  static String parse(String text) {
    return FilterExpression.parse(text).filter().toString();
  }

  @Test
  void precedenceIsNotThenAndThenOr() {
    assertThat(parse("score >= 0.5 AND label = 'pos' OR NOT id < 3"))
        .isEqualTo(
            RowFilter.or(
                    RowFilter.and(RowFilter.ge("score", 0.5), RowFilter.eq("label", "pos")),
                    RowFilter.not(RowFilter.lt("id", 3L)))
                .toString());
    assertThat(parse("(a = 1 or b = 2) and c <> 'x'"))
        .isEqualTo(
            RowFilter.and(
                    RowFilter.or(RowFilter.eq("a", 1L), RowFilter.eq("b", 2L)),
                    RowFilter.ne("c", "x"))
                .toString());
  }

  @Test
  void literalsNullsAndInLists() {
    assertThat(parse("text IS NOT NULL")).isEqualTo(RowFilter.isNotNull("text").toString());
    assertThat(parse("text is null")).isEqualTo(RowFilter.isNull("text").toString());
    assertThat(parse("label IN (0, 2)")).isEqualTo(RowFilter.in("label", 0L, 2L).toString());
    assertThat(parse("label NOT IN ('a','b')"))
        .isEqualTo(RowFilter.not(RowFilter.in("label", "a", "b")).toString());
    assertThat(parse("name = 'O''Brien'")).isEqualTo(RowFilter.eq("name", "O'Brien").toString());
    assertThat(parse("flag = TRUE")).isEqualTo(RowFilter.eq("flag", true).toString());
    assertThat(parse("x > -1.5e2")).isEqualTo(RowFilter.gt("x", -150.0).toString());
    assertThat(parse("meta.lang == 'en'")).isEqualTo(RowFilter.eq("meta.lang", "en").toString());
    assertThat(parse("`order` != 3")).isEqualTo(RowFilter.ne("order", 3L).toString());
    assertThat(FilterExpression.parse("label >= 0.5 and id = 2.0").fractionalLiterals())
        .singleElement()
        .satisfies(p -> assertThat(p).containsExactly("label", "0.5"));
  }

  @Test
  void errorsNameThePositionAndWhatWasExpected() {
    assertThatThrownBy(() -> parse("score >= "))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining("expected a value: 'text', a number, TRUE or FALSE but found the end")
        .hasMessageContaining("position 10 of \"score >= \"");
    assertThatThrownBy(() -> parse("score => 1"))
        .hasMessageContaining("but found '>' at position 8 of \"score => 1\"");
    assertThatThrownBy(() -> parse("score ; 1")).hasMessageContaining("unexpected character ';'");
    assertThatThrownBy(() -> parse("label = 'pos")).hasMessageContaining("has no closing quote");
    assertThatThrownBy(() -> parse("a = 1 b = 2"))
        .hasMessageContaining("expected AND, OR or the end of the filter but found 'b'");
    assertThatThrownBy(() -> parse("text = NULL")).hasMessageContaining("write 'text IS NULL'");
    assertThatThrownBy(() -> parse("(a = 1")).hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> parse("and = 1")).hasMessageContaining("expected a column name");
    assertThatThrownBy(() -> parse(" ")).hasMessageContaining("the filter is empty");
    assertThatThrownBy(() -> parse("a = 99999999999999999999"))
        .hasMessageContaining("does not fit a 64-bit integer");
  }
}
