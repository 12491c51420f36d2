package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Open writers share one JVM-wide budget of buffered row groups: a second writer open at the same
 * time gets half the budget as its row-group target, so its file has more, smaller row groups and
 * the same rows.
 */
class WriterMemoryTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema SCHEMA = Schema.builder().addInt64Field("id").addStringField("blob").build();

  @Test
  void leasesShareTheBudgetAmongTheWritersOpenAtTheTime() {
    int before = WriterMemory.open();
    long budget = WriterMemory.budget();
    try (WriterMemory.Lease a = WriterMemory.open(100L << 20);
        WriterMemory.Lease b = WriterMemory.open(100L << 20)) {
      assertThat(a.rowGroupBytes()).isEqualTo(Math.min(100L << 20, budget / (before + 1)));
      assertThat(b.rowGroupBytes())
          .isEqualTo(Math.max(WriterMemory.MIN_ROW_GROUP_BYTES, budget / (before + 2)));
      assertThat(WriterMemory.open()).isEqualTo(before + 2);
      try (WriterMemory.Lease small = WriterMemory.open(1L << 20)) {
        assertThat(small.rowGroupBytes()).as("never above what the write asks").isEqualTo(1L << 20);
      }
    }
    assertThat(WriterMemory.open()).isEqualTo(before);
  }

  @Test
  void aSecondOpenWriterWritesSmallerRowGroupsOfTheSameRows() throws Exception {
    RepoRef repo = HUB.newDataset("writer-memory");
    WriteSettings s =
        WriteSettings.of(
            HfIO.write().to(repo.id()).withSplit("train").withMode(WriteMode.APPEND),
            SCHEMA,
            HUB.config(HUB.writeToken()));
    // ~40 MB of incompressible text under a 48 MB budget: one row group for a writer alone, 3+
    // for a third writer open at the same time (16 MB each)
    List<Row> rows = rows(10_000, 4_000);
    System.setProperty(WriterMemory.BUDGET_PROPERTY, String.valueOf(48L << 20));
    try {
      writeAlongsideAndAlone(s, rows);
    } finally {
      System.clearProperty(WriterMemory.BUDGET_PROPERTY);
    }
  }

  private static void writeAlongsideAndAlone(WriteSettings s, List<Row> rows) throws Exception {
    try (ShardWriter first = new ShardWriter(s, s.client());
        ShardWriter second = new ShardWriter(s, s.client());
        ShardWriter third = new ShardWriter(s, s.client())) {
      first.write(rows.get(0)); // opens the first writer's file: it holds a lease from now on
      second.write(rows.get(0));
      for (Row r : rows) {
        third.write(r);
      }
      List<ShardResult> thirds = third.finish();
      assertThat(thirds).hasSize(1);
      assertThat(thirds.get(0).rows()).isEqualTo(rows.size());
      assertThat(thirds.get(0).rowGroups())
          .as("row groups of a 40 MB shard written while two other writers were open")
          .isGreaterThanOrEqualTo(3);
      first.finish();
      second.finish();
    }
    // alone, the same rows make one row group
    try (ShardWriter alone = new ShardWriter(s, s.client())) {
      for (Row r : rows) {
        alone.write(r);
      }
      assertThat(alone.finish().get(0).rowGroups()).isEqualTo(1);
    }
  }

  private static List<Row> rows(int n, int chars) {
    SplittableRandom random = new SplittableRandom(7);
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i -> {
              StringBuilder b = new StringBuilder(chars);
              for (int c = 0; c < chars; c++) {
                b.append((char) ('!' + random.nextInt(90)));
              }
              return Row.withSchema(SCHEMA).addValues((long) i, b.toString()).build();
            })
        .toList();
  }
}
