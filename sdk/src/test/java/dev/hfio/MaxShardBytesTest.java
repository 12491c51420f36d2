package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * withMaxShardBytes below the row-group size still rolls shards: the roll decision counts the
 * buffered row group, not only flushed ones (before the fix one bundle of a few MB always became
 * one file).
 */
class MaxShardBytesTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /**
   * {@link TestRows} with a text that never repeats ("name-" and the id): the repetitive default
   * text compresses about 5x, and the sizes below are about the bytes the writer counts.
   */
  private static List<Row> rows(long from, long n) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      out.add(
          Row.withSchema(TestRows.SCHEMA)
              .addValues(i, "name-" + i, TestRows.label(i), TestRows.score(i))
              .build());
    }
    return out;
  }

  @Test
  void shardsRollAtMaxShardBytesEvenWithTheDefaultRowGroupSize() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("maxshard");
    long limit = 1L << 20;
    long from = 1_000_000_000_000L; // long names: fewer rows for the same bytes
    int n = 250_000;
    List<WriteResult> res =
        WritePipelines.run(
            HfIO.write()
                .to("hf://datasets/" + repo.id())
                .withHubConfig(HUB.config(HUB.writeToken()))
                .withNumShards(1)
                .withMaxShardBytes(limit),
            rows(from, n));
    assertThat(res).hasSize(1);
    Map<String, Long> sizes =
        c.listTree(repo).revision("main").path("data").recursive().call().stream()
            .filter(TreeEntry::isFile)
            .filter(e -> e.path().endsWith(".parquet"))
            .collect(Collectors.toMap(TreeEntry::path, TreeEntry::size));
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    System.out.println(
        "maxShardBytes "
            + limit
            + ": "
            + sizes.size()
            + " files, "
            + total
            + " bytes, sizes "
            + sizes.values());
    assertThat(total)
        .as("the data must be about 4x the limit for this test to mean something")
        .isBetween(5 * limit / 2, 6 * limit);
    assertThat(sizes).hasSizeBetween(3, 7);
    assertThat(sizes.values())
        .allSatisfy(s -> assertThat(s).isLessThanOrEqualTo((long) (1.3 * limit)));
    assertThat(res.get(0).files()).containsExactlyInAnyOrderElementsOf(sizes.keySet());
    assertThat(res.get(0).rows()).isEqualTo(n);
    assertThat(HUB.readBack(repo, "main", "data/"))
        .isEqualTo(rows(from, n).stream().map(r -> new ArrayList<>(r.getValues())).toList());
  }
}
