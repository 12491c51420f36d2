package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.SCHEMA;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.RowGroupSplits;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Small files are fetched exactly once, when processed: the restriction methods fetch nothing for
 * them. Before, {@code @GetInitialRestriction} fetched each small file and parked the bytes in a
 * bounded per-JVM cache; Flink computes every restriction before processing, so past the bound
 * files were evicted and fetched twice.
 */
class SmallFileFetchTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @Test
  void restrictionMethodsFetchNothingAndProcessFetchesTheFileOnce() throws Exception {
    RepoRef repo = HUB.newDataset("small-unit");
    List<Row> data = rows(0, 40);
    Path f = TestRows.parquet(data);
    assertThat(Files.size(f)).isLessThanOrEqualTo(FooterCache.SMALL_FILE_BYTES);
    String sha = HUB.commit(repo, "main", files("s.parquet", f));
    FooterCache.clear();
    ShardDescriptor d = new ShardDescriptor(repo, sha, "s.parquet", Files.size(f), null);
    HubClientConfig cfg =
        new HubClientConfig(
            HUB.url(),
            HUB.readToken(),
            dev.hfio.hub.RetryPolicy.DEFAULT,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(30));
    ReadShardFn fn =
        new ReadShardFn(
            ReadSettings.builder(cfg, SCHEMA)
                .checkFilesAgainst(SCHEMA, "ref")
                .splitBytes(RowGroupSplits.DEFAULT_SPLIT_BYTES)
                .build());
    HUB.resetCounters();
    OffsetRange all = fn.initialRestriction(d);
    ReadShardFnTest.Collect<OffsetRange> splits = new ReadShardFnTest.Collect<>();
    fn.splitRestriction(d, all, splits.receiver);
    assertThat(splits.out).hasSize(1);
    assertThat(fn.size(d, splits.out.get(0))).isPositive();
    assertThat(HUB.counter("resolve")).as("requests before processing").isZero();
    ReadShardFnTest.Collect<Row> out = new ReadShardFnTest.Collect<>();
    fn.process(d, new OffsetRangeTracker(splits.out.get(0)), out.receiver);
    assertThat(out.out).containsExactlyInAnyOrderElementsOf(data);
    assertThat(HUB.counter("resolve")).as("requests after processing").isEqualTo(1);
  }

  @Test
  void everySmallFileIsFetchedOnceOnDirectAndFlink() throws Exception {
    int n = 70; // planning reads the footers of FOOTER_SAMPLE of them, workers the others
    for (PipelineOptions options : List.of(HubFixture.direct(), HubFixture.flink())) {
      // a new repo per runner: locations resolved by the first run are remembered JVM-wide
      RepoRef repo = HUB.newDataset("small-e2e");
      Map<String, Object> fs = new LinkedHashMap<>();
      List<Row> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<Row> part = rows(i * 5L, 5);
        expected.addAll(part);
        fs.put(String.format("data/train-%05d-of-%05d.parquet", i, n), TestRows.parquet(part));
      }
      HUB.commit(repo, "main", fs);
      FooterCache.clear();
      Pipeline p = Pipeline.create(options);
      PAssert.that(p.apply(HUB.read(HubFixture.root(repo)))).containsInAnyOrder(expected);
      HUB.resetCounters(); // after planning (at construction): count only the run
      p.run().waitUntilFinish();
      String runner = options.getRunner().getSimpleName();
      // Was n resolves while running (one per file). Now the FOOTER_SAMPLE files planning read were
      // resolved at planning, in this JVM, and their CDN URLs are reused: no resolve for them.
      assertThat(HUB.counter("resolve"))
          .as("resolves while running on " + runner)
          .isEqualTo(n - ReadPlanner.FOOTER_SAMPLE);
      assertThat(HUB.counter("cdn")).as("file GETs while running on " + runner).isEqualTo(n);
    }
  }
}
