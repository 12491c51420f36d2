package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A streaming write makes a bounded number of files per pane, however many bundles a pane's rows
 * arrive in: one by default ({@code HfIO.Write.DEFAULT_STREAMING_SHARDS_PER_PANE}), at most {@code
 * withNumShards(n)} with it. Each TestStream {@code addElements} call is its own bundle on the
 * DirectRunner, the way a streaming runner hands over small bundles (Flink: one per
 * maxBundleTimeMills); before, each bundle of a pane became its own file. The layout stays the
 * push_to_hub one: {@code HfIO.read().withSplit("train")} (the {@code datasets} split patterns)
 * reads every row back.
 */
class StreamingShardsPerPaneTest {
  // localhub defaults: CDN redirects and free-plan rate limits on.
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final int WINDOWS = 8;
  static final int BUNDLES_PER_WINDOW = 5;
  static final int ROWS_PER_BUNDLE = 4;
  static final long TOTAL = (long) WINDOWS * BUNDLES_PER_WINDOW * ROWS_PER_BUNDLE;

  static final AtomicLong READ = new AtomicLong();

  /** {@code WINDOWS} one-second windows, each filled by {@code BUNDLES_PER_WINDOW} bundles. */
  static TestStream<Row> manySmallBundles() {
    TestStream.Builder<Row> s =
        TestStream.create(RowCoder.of(TestRows.SCHEMA)).advanceWatermarkTo(new Instant(0));
    long id = 0;
    for (int w = 0; w < WINDOWS; w++) {
      for (int b = 0; b < BUNDLES_PER_WINDOW; b++) {
        Instant t = new Instant(w * 1000L + b * 100L);
        List<Row> rs = rows(id, ROWS_PER_BUNDLE);
        id += ROWS_PER_BUNDLE;
        @SuppressWarnings("unchecked")
        TimestampedValue<Row>[] tv = new TimestampedValue[rs.size()];
        for (int i = 0; i < tv.length; i++) {
          tv[i] = TimestampedValue.of(rs.get(i), t);
        }
        s = s.addElements(tv[0], java.util.Arrays.copyOfRange(tv, 1, tv.length));
      }
      s = s.advanceWatermarkTo(new Instant((w + 1) * 1000L));
    }
    return s.advanceWatermarkToInfinity();
  }

  static List<WriteResult> append(RepoRef repo, HfIO.Write write) {
    return WritePipelines.runFrom(
        p ->
            p.apply(manySmallBundles())
                .apply(Window.into(FixedWindows.of(Duration.standardSeconds(1)))),
        write
            .to("hf://datasets/" + repo.id())
            .withHubConfig(HUB.config(HUB.writeToken()))
            .withMinCommitInterval(Duration.ZERO));
  }

  @Test
  void onePaneIsOneFileByDefaultWhateverTheBundles() {
    RepoRef repo = HUB.newDataset("stream-shards-default");
    List<WriteResult> res = append(repo, HfIO.write().withSplit("train"));
    assertThat(res).hasSize(WINDOWS);
    assertThat(res).allSatisfy(r -> assertThat(r.files()).hasSize(1));
    assertThat(HUB.listFiles(repo, "main").stream().filter(f -> f.endsWith(".parquet")))
        .hasSize(WINDOWS)
        .allMatch(f -> f.matches("data/train-00000-of-00001-[0-9a-f]+\\.parquet"));
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, TOTAL));
    assertThat(readSplit(repo, "train")).isEqualTo(TOTAL);
  }

  @Test
  void withNumShardsBoundsTheFilesOfEveryPane() {
    RepoRef repo = HUB.newDataset("stream-shards-three");
    List<WriteResult> res = append(repo, HfIO.write().withSplit("train").withNumShards(3));
    assertThat(res).hasSize(WINDOWS);
    // 20 rows dealt round-robin over 3 keys: every key gets rows, so exactly 3 files a pane
    assertThat(res).allSatisfy(r -> assertThat(r.files()).hasSize(3));
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, TOTAL));
    assertThat(readSplit(repo, "train")).isEqualTo(TOTAL);
  }

  /** Rows {@code HfIO.read().withSplit(split)} finds: the card's and datasets' split patterns. */
  static long readSplit(RepoRef repo, String split) {
    READ.set(0);
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(HUB.read(repo.id()).withSplit(split)).apply(ParDo.of(new CountFn()));
    assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    return READ.get();
  }

  static final class CountFn extends DoFn<Row, Void> {
    @ProcessElement
    public void process() {
      READ.incrementAndGet();
    }
  }
}
