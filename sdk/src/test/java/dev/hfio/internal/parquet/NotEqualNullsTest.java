package dev.hfio.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.parquet.RowFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ne(c, v)} never matches rows whose {@code c} is null, as RowFilter's Javadoc promises. */
class NotEqualNullsTest {
  static final Schema S =
      Schema.builder()
          .addInt64Field("id")
          .addNullableStringField("s")
          .addNullableInt64Field("n")
          .addNullableBooleanField("b")
          .build();

  private static List<Long> ids(Path file, RowFilter f) throws Exception {
    List<Long> out = new ArrayList<>();
    for (Row r : ParquetTestUtil.readAll(file, List.of("id"), f)) {
      out.add(r.getInt64("id"));
    }
    return out;
  }

  /**
   * Ids 0..5; odd ids have every nullable column null, even ids v0/0/true, v2/2/false, v0/0/true.
   */
  private static Path sixRowsOddIdsNull(Path file) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 6; i++) {
      boolean isNull = i % 2 == 1;
      rows.add(
          Row.withSchema(S)
              .addValues(
                  i,
                  isNull ? null : "v" + (i % 4),
                  isNull ? null : i % 4,
                  isNull ? null : i % 4 == 0)
              .build());
    }
    ParquetTestUtil.write(file, S, rows);
    return file;
  }

  @Test
  void neSkipsNullsInEveryPhysicalType(@TempDir Path tmp) throws Exception {
    Path file = sixRowsOddIdsNull(tmp.resolve("ne.parquet"));
    // non-null values: id 0 -> v0/0/true, id 2 -> v2/2/false, id 4 -> v0/0/true
    assertThat(ids(file, RowFilter.ne("s", "v0"))).containsExactly(2L);
    assertThat(ids(file, RowFilter.ne("n", 0L))).containsExactly(2L);
    assertThat(ids(file, RowFilter.ne("b", true))).containsExactly(2L);
    assertThat(ids(file, RowFilter.ne("s", "zzz"))).containsExactly(0L, 2L, 4L);
    assertThat(ids(file, RowFilter.isNotNull("s"))).containsExactly(0L, 2L, 4L);
    assertThat(ids(file, RowFilter.isNull("s"))).containsExactly(1L, 3L, 5L);
  }

  /**
   * {@code not(..)} follows SQL's three-valued logic: the negation of a comparison that cannot be
   * decided on a null (unknown) stays unknown, so such rows never match (Parquet's own {@code not}
   * would keep them).
   */
  @Test
  void notOfAComparisonNeverMatchesNulls(@TempDir Path tmp) throws Exception {
    Path file = sixRowsOddIdsNull(tmp.resolve("not.parquet"));
    // non-null values: id 0 -> v0/0/true, id 2 -> v2/2/false, id 4 -> v0/0/true; odd ids all null
    assertThat(ids(file, RowFilter.not(RowFilter.eq("s", "v0")))).containsExactly(2L);
    assertThat(ids(file, RowFilter.not(RowFilter.lt("n", 1L)))).containsExactly(2L);
    assertThat(ids(file, RowFilter.not(RowFilter.ne("b", true)))).containsExactly(0L, 4L);
    assertThat(ids(file, RowFilter.not(RowFilter.in("n", 0L)))).containsExactly(2L);
    assertThat(ids(file, RowFilter.not(RowFilter.isNull("s")))).containsExactly(0L, 2L, 4L);
    assertThat(ids(file, RowFilter.not(RowFilter.isNotNull("s")))).containsExactly(1L, 3L, 5L);
    assertThat(ids(file, RowFilter.not(RowFilter.not(RowFilter.eq("s", "v0")))))
        .containsExactly(0L, 4L);
    assertThat(
            ids(file, RowFilter.not(RowFilter.or(RowFilter.eq("s", "v0"), RowFilter.eq("n", 2L)))))
        .isEmpty();
    // unknown AND false is false: NOT(...) is true for ids 0, 2, 4; unknown AND true stays unknown
    assertThat(
            ids(file, RowFilter.not(RowFilter.and(RowFilter.eq("s", "v0"), RowFilter.isNull("n")))))
        .containsExactly(0L, 2L, 4L);
  }

  @Test
  void neOnAnAllNullFileReturnsNothing(@TempDir Path tmp) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 5; i++) {
      rows.add(Row.withSchema(S).addValues(i, null, null, null).build());
    }
    Path file = tmp.resolve("nulls.parquet");
    ParquetTestUtil.write(file, S, rows);
    assertThat(ids(file, RowFilter.ne("s", "x"))).isEmpty();
    assertThat(ids(file, RowFilter.ne("n", 3L))).isEmpty();
  }
}
