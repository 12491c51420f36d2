package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A streaming write on Flink with checkpointing must commit its panes while the stream runs (once
 * the checkpoint holding a pane completed), not all at the end of the job, and must not lose the
 * panes handed over by the stable-input drain at the end. A 20 s stream in 4 s windows: the first
 * commit is visible well before the job ends, and every row is committed. A plain windowed Count of
 * the same stream is the control: it shows whether the source's watermark advanced at all.
 */
class StreamingWriteFlinkCommitsDuringStreamTest {
  // localhub defaults: CDN redirects and free-plan rate limits on.
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final int SECONDS = 20;
  static final int PER_SECOND = 50;

  /** When each WriteResult reached the pipeline's output, ms since the epoch. */
  static final ConcurrentLinkedQueue<Long> RESULT_TIMES = new ConcurrentLinkedQueue<>();

  static final ConcurrentLinkedQueue<Long> RESULT_ROWS = new ConcurrentLinkedQueue<>();

  /**
   * Per WriteResult, ms from its timestamp (with a zero interval: the end of the pane's window) to
   * when it reached the pipeline's output, after the commit.
   */
  static final ConcurrentLinkedQueue<Long> RESULT_LAGS = new ConcurrentLinkedQueue<>();

  /** When each window of the control Count fired, ms since the epoch. */
  static final ConcurrentLinkedQueue<Long> CONTROL_TIMES = new ConcurrentLinkedQueue<>();

  /** Flink's maxBundleTimeMills for streaming tests whose event-time windows must fire on time. */
  static final long FLINK_MAX_BUNDLE_MILLIS = 100L;

  @Test
  void flinkCommitsPanesWhileTheStreamRuns() {
    Run run = append("flink-commits-during-stream", Duration.ZERO);
    List<CommitInfo> added = run.added();
    long end = run.end();
    assertThat(RESULT_ROWS.stream().mapToLong(Long::longValue).sum())
        .as("rows committed")
        .isEqualTo((long) SECONDS * PER_SECOND);
    assertThat(added).hasSizeGreaterThanOrEqualTo(4);
    // The first window closes ~4 s in and the next checkpoint completes ~1 s later: its commit
    // must be out long before the end of a 20 s stream, not during the job's final drain.
    long first = RESULT_TIMES.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(first).as("first commit, ms before the job ended").isLessThan(end - 8_000);
    // the control shows the watermark itself moved during the stream
    long control = CONTROL_TIMES.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(control).as("first control window, ms before the job ended").isLessThan(end - 8_000);
    // every on-time pane but the last (fired by the final watermark) was committed within a few
    // seconds of its window's end: one checkpoint (1 s) after the pane was ready, plus the commit
    List<Long> lags = RESULT_LAGS.stream().sorted().toList();
    assertThat(lags.subList(0, lags.size() - 1)).allMatch(l -> l < 10_000, "lag < 10 s");
  }

  /**
   * A processing-time triggering frequency commits during the stream whatever the watermark does:
   * Flink's default bundles (under which the event-time windows may fire only at the end), a 2 s
   * frequency, and the first commit lands long before the job ends.
   */
  @Test
  void triggeringFrequencyCommitsWhileTheStreamRunsWithDefaultBundles() {
    Run run =
        append("flink-frequency-during-stream", Duration.ZERO, Duration.standardSeconds(2), false);
    assertThat(RESULT_ROWS.stream().mapToLong(Long::longValue).sum())
        .as("rows committed")
        .isEqualTo((long) SECONDS * PER_SECOND);
    assertThat(run.added()).hasSizeGreaterThanOrEqualTo(4);
    long first = RESULT_TIMES.stream().mapToLong(Long::longValue).min().orElseThrow();
    assertThat(first).as("first commit, ms before the job ended").isLessThan(run.end() - 8_000);
    List<List<Object>> back = HUB.readBack(run.repo(), "main", "events/");
    assertThat(back.stream().map(r -> r.get(0)).distinct().count())
        .isEqualTo((long) SECONDS * PER_SECOND);
  }

  /** What one run of the windowed append left: the commits it added and when the run ended. */
  record Run(RepoRef repo, String dir, List<CommitInfo> added, long start, long end) {}

  /** Appends {@code SECONDS * PER_SECOND} events in 4 s windows on Flink, drained at the end. */
  static Run append(String name, Duration minInterval) {
    return append(name, minInterval, null, true);
  }

  /**
   * As {@link #append(String, Duration)}; with a triggering frequency the write commits per
   * processing-time firing instead of per window; {@code shortBundles} false keeps Flink's default
   * bundles, under which the event-time windows may fire only at the end.
   */
  static Run append(
      String name,
      Duration minInterval,
      @Nullable Duration triggeringFrequency,
      boolean shortBundles) {
    FlinkPipelineOptions o = HubFixture.flink().as(FlinkPipelineOptions.class);
    o.setStreaming(true);
    o.setCheckpointingInterval(1000L);
    if (shortBundles) {
      // Beam 2.62's Flink DoFnOperator does not forward a watermark that arrives while a bundle
      // is open; it re-sends it after a bundle closed on time only if no element opened the next
      // one first. With the default 1 s bundles the windows downstream of a few ParDos fired only
      // at the end of the job on a loaded machine (control Count too); short bundles let it pass.
      o.setMaxBundleTimeMills(FLINK_MAX_BUNDLE_MILLIS);
    }
    o.setShutdownSourcesAfterIdleMs(0L);
    o.setEnableStableInputDrain(true);
    RepoRef repo = HUB.newDataset(name);
    String dir = HubFixture.root(repo) + "/events";
    Set<String> before =
        HUB.commits(repo, "main").stream().map(CommitInfo::id).collect(Collectors.toSet());

    Pipeline p = Pipeline.create(o);
    PCollection<Row> windowed =
        p.apply("Events", Read.from(new TickSource((long) SECONDS * PER_SECOND, PER_SECOND)))
            .apply("To rows", ParDo.of(new StreamingEndToEndTest.ToRowFn()))
            .setRowSchema(StreamingEndToEndTest.SCHEMA)
            .apply(Window.into(FixedWindows.of(Duration.standardSeconds(4))));
    windowed
        .apply("Control", Combine.globally(Count.<Row>combineFn()).withoutDefaults())
        .apply("Record control", ParDo.of(new RecordControlFn()));
    HfIO.Write write =
        HfIO.write()
            .to(dir)
            .withEndpoint(HUB.url())
            .withToken(HUB.writeToken())
            .withMinCommitInterval(minInterval);
    if (triggeringFrequency != null) {
      write = write.withTriggeringFrequency(triggeringFrequency);
    }
    windowed
        .apply("Append", write)
        .getWriteResults()
        .apply("Record", ParDo.of(new RecordResultFn()));

    RESULT_TIMES.clear();
    RESULT_ROWS.clear();
    RESULT_LAGS.clear();
    CONTROL_TIMES.clear();
    long start = System.currentTimeMillis();
    PipelineResult.State state = p.run().waitUntilFinish(Duration.standardMinutes(2));
    long end = System.currentTimeMillis();
    assertThat(state).isEqualTo(PipelineResult.State.DONE);
    List<CommitInfo> added =
        HUB.commits(repo, "main").stream().filter(c -> !before.contains(c.id())).toList();
    System.out.printf(
        "StreamingWriteFlinkCommitsDuringStreamTest[%s]: %d ms run; control windows fired at %s"
            + " ms; %d commits at %s; write results at %s ms, %s ms after their timestamp%n",
        name,
        end - start,
        CONTROL_TIMES.stream().map(t -> t - start).toList(),
        added.size(),
        added.stream().map(CommitInfo::date).toList(),
        RESULT_TIMES.stream().map(t -> t - start).toList(),
        RESULT_LAGS);
    return new Run(repo, dir, added, start, end);
  }

  @Test
  void everyPaneIsCommittedWhenTheJobDrainsWithoutAnInterval() {
    assertEveryRowCommittedOnce(append("flink-drain-zero", Duration.ZERO), 4);
  }

  @Test
  void panesWaitingForTheIntervalAreCommittedAtTheDrain() {
    assertEveryRowCommittedOnce(append("flink-drain-interval", Duration.standardSeconds(5)), 1);
  }

  /**
   * Before the commit step was the stateless last step, panes released by Flink's stable-input
   * drain reached a stateful step after its watermark was at the end of the global window and were
   * dropped: 0 commits in 4 runs.
   */
  static void assertEveryRowCommittedOnce(Run run, int minCommits) {
    assertThat(RESULT_ROWS.stream().mapToLong(Long::longValue).sum())
        .as("rows in the write results")
        .isEqualTo((long) SECONDS * PER_SECOND);
    assertThat(run.added()).hasSizeGreaterThanOrEqualTo(minCommits);
    List<List<Object>> back = HUB.readBack(run.repo(), "main", "events/");
    assertThat(back).hasSize(SECONDS * PER_SECOND);
    assertThat(back.stream().map(r -> r.get(0)).distinct().count())
        .as("distinct ids read back")
        .isEqualTo((long) SECONDS * PER_SECOND);
  }

  static final class RecordResultFn extends DoFn<WriteResult, Void> {
    @ProcessElement
    public void process(@Element WriteResult r, @Timestamp Instant t) {
      long now = System.currentTimeMillis();
      RESULT_TIMES.add(now);
      RESULT_ROWS.add(r.rows());
      RESULT_LAGS.add(now - t.getMillis());
    }
  }

  static final class RecordControlFn extends DoFn<Long, Void> {
    @ProcessElement
    public void process(@Element Long n) {
      CONTROL_TIMES.add(System.currentTimeMillis());
    }
  }
}
