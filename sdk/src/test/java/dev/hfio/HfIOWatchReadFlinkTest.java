package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.parquet;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIOWatchReadTest.Capture;
import dev.hfio.HfIOWatchReadTest.Seen;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A watched read on FlinkRunner {@code [local]} in streaming mode ({@code --streaming=true},
 * parallelism 2): it tails a dataset while commits land and stops after an idle time; every row is
 * read exactly once.
 */
class HfIOWatchReadFlinkTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @Test
  void tailsADatasetOnFlinkStreaming() throws Exception {
    RepoRef repo = HUB.newDataset("flinktail");
    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00002.parquet", parquet(rows(0, 6)),
            "data/train-00001-of-00002.parquet", parquet(rows(6, 4))));
    String tag = "flink-" + System.nanoTime();
    PipelineOptions o = HubFixture.flink();
    o.as(StreamingOptions.class).setStreaming(true);
    Pipeline p = Pipeline.create(o);
    PCollection<Row> rows =
        p.apply(
            HUB.read(repo.id())
                .watchForNewCommits(Duration.standardSeconds(1))
                .withStopAfterIdle(Duration.standardSeconds(8)));
    rows.apply(ParDo.of(new Capture(tag)));

    // Commits land once the job has read the files already there (Flink starts in a few seconds).
    AtomicReference<Throwable> committerFailure = new AtomicReference<>();
    Thread committer =
        new Thread(
            () -> {
              try {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (seen(tag).size() < 10 && System.nanoTime() < deadline) {
                  Thread.sleep(100);
                }
                for (int c = 0; c < 3; c++) {
                  HUB.commit(
                      repo,
                      "main",
                      files(
                          String.format("data/train-00000-of-00001-%08d.parquet", c),
                          parquet(rows(10 + 5L * c, 5))));
                  Thread.sleep(2000);
                }
              } catch (Throwable t) {
                committerFailure.set(t);
              }
            },
            "committer");
    committer.start();
    long started = System.nanoTime();
    PipelineResult result = p.run();
    assertThat(result.waitUntilFinish(Duration.standardSeconds(120)))
        .isEqualTo(PipelineResult.State.DONE);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    committer.join(30_000);
    // About one head request per second of the run (Flink drains resume timers back to back once
    // its sources finished; the poll fn keeps the interval): planning's 1 + at most 1 per second.
    assertThat(HUB.routeCount("/revision")).isLessThanOrEqualTo(seconds + 2);
    assertThat(committerFailure.get()).isNull();

    List<Seen> seen = seen(tag);
    List<Long> ids = seen.stream().map(Seen::id).toList();
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 25; i++) {
      expected.add(i);
    }
    assertThat(ids).containsExactlyElementsOf(expected);
    for (Seen s : seen) {
      assertThat(s.values()).isEqualTo(TestRows.values(s.id()));
    }
  }

  private static List<Seen> seen(String tag) {
    Queue<Seen> q = HfIOWatchReadTest.SEEN.getOrDefault(tag, new ConcurrentLinkedQueue<>());
    List<Seen> s = new ArrayList<>(q);
    s.sort(Comparator.comparingLong(Seen::id));
    return s;
  }
}
