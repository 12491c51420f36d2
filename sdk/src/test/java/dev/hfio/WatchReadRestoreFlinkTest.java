package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.parquet;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14: a tail restarted from its saved state neither repeats nor skips files. On Flink {@code
 * [local]} with checkpoints, the tail reads two commits' files, a checkpoint completes, then the
 * job fails (a step throws on the first row of the next commit's file) and Flink restarts it from
 * its latest completed checkpoint; two more commits land while it is down. The restored Watch state
 * holds the files already read: every row of the five files is seen exactly once. Without the
 * restored state the first two files would be read again; with a state ahead of the output, the
 * failed file would be missing.
 */
class WatchReadRestoreFlinkTest {
  // localhub defaults: CDN redirects and free-plan rate limits on.
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Map<String, ConcurrentLinkedQueue<Long>> SEEN = new ConcurrentHashMap<>();

  /** Armed until the first row of the poison file fails the job, once. */
  static final Map<String, AtomicBoolean> ARMED = new ConcurrentHashMap<>();

  /** Record steps torn down (Flink tears down the failed attempt's instances before restarting). */
  static final Map<String, AtomicInteger> TORN_DOWN = new ConcurrentHashMap<>();

  static final long POISON_FROM = 200;

  /** Records ids; throws once, on the first row of the poison file, to fail the job. */
  static final class RecordOrFailFn extends DoFn<Row, Void> {
    private final String tag;

    RecordOrFailFn(String tag) {
      this.tag = tag;
    }

    @ProcessElement
    public void process(@Element Row row) {
      long id = row.getInt64("id");
      if (id >= POISON_FROM
          && id < POISON_FROM + 100
          && ARMED.get(tag).compareAndSet(true, false)) {
        throw new IllegalStateException("injected failure at row " + id + " (test)");
      }
      SEEN.get(tag).add(id);
    }

    @Teardown
    public void teardown() {
      TORN_DOWN.get(tag).incrementAndGet();
    }
  }

  static String file(long from) {
    return String.format("events/part-%05d.parquet", from);
  }

  @Test
  void aTailRestoredFromACheckpointNeitherRepeatsNorSkipsFiles() throws Exception {
    RepoRef repo = HUB.newDataset("tail-restore");
    HUB.commit(repo, "main", files(file(0), parquet(rows(0, 10))));
    String tag = "restore-" + System.nanoTime();
    SEEN.put(tag, new ConcurrentLinkedQueue<>());
    ARMED.put(tag, new AtomicBoolean(true));
    TORN_DOWN.put(tag, new AtomicInteger());

    FlinkPipelineOptions o = HubFixture.flink().as(FlinkPipelineOptions.class);
    o.setStreaming(true);
    o.setCheckpointingInterval(500L);
    // one restart, from the latest completed checkpoint, 5 s after the failure
    o.setNumberOfExecutionRetries(1);
    o.setExecutionRetryDelay(5000L);
    // The tail's Impulse must outlive the checkpoints that matter (Flink runs the whole Watch in
    // the end-of-input flush of a finished Impulse and checkpoints stop); after it the job ends.
    o.setShutdownSourcesAfterIdleMs(20_000L);
    Pipeline p = Pipeline.create(o);
    p.apply(
            "Tail",
            HUB.read(HubFixture.root(repo) + "/events")
                .watchForNewCommits(Duration.standardSeconds(1))
                .withStopAfterIdle(Duration.standardSeconds(8)))
        .apply("Record", ParDo.of(new RecordOrFailFn(tag)));

    AtomicReference<Throwable> committerFailure = new AtomicReference<>();
    Thread committer =
        new Thread(
            () -> {
              try {
                await(tag, 10);
                HUB.commit(repo, "main", files(file(100), parquet(rows(100, 10))));
                await(tag, 20);
                // several checkpoints complete after the two files were read (every 500 ms)
                Thread.sleep(3000);
                HUB.commit(repo, "main", files(file(POISON_FROM), parquet(rows(POISON_FROM, 10))));
                while (ARMED.get(tag).get()) {
                  Thread.sleep(20);
                }
                // Once the failed attempt's readers are gone (both subtasks torn down), two more
                // commits land before the restart. Earlier, a reader still alive in the failing
                // attempt can record a new file's rows after the checkpoint that is restored,
                // and the restored job reads that file again: Flink's exactly-once covers state,
                // not what a step did outside it after the last checkpoint.
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (TORN_DOWN.get(tag).get() < 2 && System.nanoTime() < deadline) {
                  Thread.sleep(20);
                }
                HUB.commit(repo, "main", files(file(300), parquet(rows(300, 10))));
                HUB.commit(repo, "main", files(file(400), parquet(rows(400, 10))));
              } catch (Throwable t) {
                committerFailure.set(t);
              }
            },
            "committer");
    committer.start();
    long t0 = System.nanoTime();
    PipelineResult result = p.run();
    assertThat(result.waitUntilFinish(Duration.standardSeconds(120)))
        .isEqualTo(PipelineResult.State.DONE);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    committer.join(30_000);
    assertThat(committerFailure.get()).isNull();
    assertThat(ARMED.get(tag).get()).as("the injected failure happened").isFalse();
    assertThat(TORN_DOWN.get(tag).get()).as("record steps torn down").isGreaterThanOrEqualTo(2);

    List<Long> seen = new ArrayList<>(SEEN.get(tag));
    seen.sort(null);
    List<Long> expected = new ArrayList<>();
    for (long f : new long[] {0, 100, POISON_FROM, 300, 400}) {
      for (long i = f; i < f + 10; i++) {
        expected.add(i);
      }
    }
    System.out.printf(
        "WatchReadRestoreFlinkTest: %d ms, %d rows seen (%d expected), %d teardowns, /revision=%d"
            + " /tree=%d%n",
        ms,
        seen.size(),
        expected.size(),
        TORN_DOWN.get(tag).get(),
        HUB.routeCount("/revision"),
        HUB.routeCount("/tree"));
    assertThat(seen).as("ids read, each once").containsExactlyElementsOf(expected);
  }

  /** Waits (at most 60 s) until {@code n} rows were seen. */
  private static void await(String tag, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (SEEN.get(tag).size() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    if (SEEN.get(tag).size() < n) {
      throw new AssertionError("only " + SEEN.get(tag).size() + " of " + n + " rows seen in 60 s");
    }
  }
}
