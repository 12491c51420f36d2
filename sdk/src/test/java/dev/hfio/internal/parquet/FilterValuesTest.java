package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.parquet.RowFilter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filter values of each Java type are converted to the column's physical value and match exactly.
 */
class FilterValuesTest {
  @TempDir static Path tmp;
  static Path file;
  static List<Row> rows = new ArrayList<>();

  @BeforeAll
  static void write() throws Exception {
    for (int i = 0; i < 300; i++) {
      rows.add(RoundTripTest.row(i));
    }
    file = tmp.resolve("all.parquet");
    ParquetTestUtil.write(file, RoundTripTest.ALL, rows);
  }

  private static void check(RowFilter filter, Predicate<Row> expected) throws Exception {
    List<Long> want = new ArrayList<>();
    for (Row r : rows) {
      if (expected.test(r)) {
        want.add(r.getInt64("i64"));
      }
    }
    assertThat(want).as("test data must select something for " + filter).isNotEmpty();
    List<Row> got = ParquetTestUtil.readAll(file, List.of("i64"), filter);
    assertThat(got)
        .extracting(r -> r.getInt64("i64"))
        .as(filter.toString())
        .containsExactlyElementsOf(want);
  }

  @Test
  void strings() throws Exception {
    check(RowFilter.eq("s", "str-3"), r -> "str-3".equals(r.getString("s")));
    check(
        RowFilter.in("s", "str-1", "str-2"),
        r -> r.getString("s") != null && List.of("str-1", "str-2").contains(r.getString("s")));
    check(RowFilter.isNull("s"), r -> r.getString("s") == null);
  }

  @Test
  void numbersAndBooleans() throws Exception {
    check(
        RowFilter.and(RowFilter.ge("i32", 5_000_015), RowFilter.le("i8", (byte) -50)),
        r -> r.getInt32("i32") >= 5_000_015 && r.getByte("i8") <= -50);
    check(RowFilter.lt("d", 2.0), r -> r.getDouble("d") < 2.0);
    check(RowFilter.gt("f", 400f), r -> r.getFloat("f") > 400f);
    check(RowFilter.eq("b", true), r -> r.getBoolean("b"));
    check(RowFilter.eq("i16", (short) -29700), r -> r.getInt16("i16") == -29700);
  }

  @Test
  void logicalTypes() throws Exception {
    LocalDate day = LocalDate.of(1970, 1, 1);
    check(
        RowFilter.ge("date", day),
        r -> {
          LocalDate d = r.getLogicalTypeValue("date", LocalDate.class);
          return d != null && !d.isBefore(day);
        });
    Instant t = Instant.ofEpochSecond(1_590_000_000L);
    check(
        RowFilter.lt("tsMicros", t),
        r -> r.getLogicalTypeValue("tsMicros", Instant.class).isBefore(t));
    check(
        RowFilter.gt("dec", new BigDecimal("1.00")),
        r -> r.getDecimal("dec").compareTo(BigDecimal.ONE) > 0);
    check(
        RowFilter.le("dec", new BigDecimal("-4")),
        r -> r.getDecimal("dec").compareTo(new BigDecimal(-4)) <= 0);
    check(
        RowFilter.ge("tsMillis", new org.joda.time.Instant(1_700_000_100_000L)),
        r -> r.getDateTime("tsMillis").getMillis() >= 1_700_000_100_000L);
  }

  @Test
  void nestedColumnsAndErrors() throws Exception {
    check(
        RowFilter.eq("inner.name", "n7"),
        r -> r.getRow("inner") != null && "n7".equals(r.getRow("inner").getString("name")));
    check(
        RowFilter.not(RowFilter.isNull("inner.score")),
        r -> r.getRow("inner") != null && r.getRow("inner").getDouble("score") != null);
    assertThatThrownBy(() -> ParquetTestUtil.readAll(file, null, RowFilter.eq("nope", 1)))
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> ParquetTestUtil.readAll(file, null, RowFilter.eq("ints", 1)))
        .hasMessageContaining("'ints'");
    assertThatThrownBy(() -> ParquetTestUtil.readAll(file, null, RowFilter.eq("i32", "x")))
        .hasMessageContaining("does not fit column 'i32'");
  }
}
