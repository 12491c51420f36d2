package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming write benchmark: a rate-limited event stream appended to an embedded localhub in
 * fixed windows (one commit per window, {@code withMinCommitInterval(ZERO)}), reporting the
 * sustained rows/s that reached the Hub and, per commit, the latency from the end of its window to
 * the moment the commit was visible on the branch (an anonymous observer lists the branch's commits
 * every 250 ms). Run with {@code -Dhfio.bench=true}; {@code -Dhfio.bench.stream.rate=} rows/s
 * (20000), {@code .seconds=} (60), {@code .window=} seconds (5), {@code .runner=direct|flink}.
 */
@EnabledIfSystemProperty(named = "hfio.bench", matches = "true")
class StreamingBenchmarkTest {
  // localhub defaults (free-plan limits on): the observer is anonymous, so its polls count against
  // the address's own bucket, not the writer's account.
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final long RATE = Long.getLong("hfio.bench.stream.rate", 20_000L);
  static final long SECONDS = Long.getLong("hfio.bench.stream.seconds", 60L);
  static final long WINDOW = Long.getLong("hfio.bench.stream.window", 5L);
  static final String RUNNER = System.getProperty("hfio.bench.stream.runner", "direct");
  static final int SHARDS = Integer.getInteger("hfio.bench.stream.shards", 4);
  static final long CHECKPOINT_MS = Long.getLong("hfio.bench.stream.checkpointMs", 2000L);

  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addDateTimeField("event_time")
          .addStringField("text")
          .addInt32Field("label")
          .build();

  static final ConcurrentLinkedQueue<WriteResult> RESULTS = new ConcurrentLinkedQueue<>();

  @Test
  void sustainedRowsPerSecondAndWindowToCommitLatency() throws Exception {
    RepoRef repo = HUB.newDataset("stream-bench");
    String dir = HubFixture.root(repo) + "/events";
    PipelineOptions o;
    if (RUNNER.equals("flink")) {
      FlinkPipelineOptions f = HubFixture.flink().as(FlinkPipelineOptions.class);
      f.setStreaming(true);
      // HfIO commits only checkpointed panes on Flink: the interval adds to the commit latency.
      f.setCheckpointingInterval(CHECKPOINT_MS);
      f.setShutdownSourcesAfterIdleMs(0L);
      o = f;
    } else {
      o = HubFixture.direct();
      o.as(StreamingOptions.class).setStreaming(true);
    }
    Pipeline p = Pipeline.create(o);
    p.apply(Read.from(new TickSource(RATE * SECONDS, RATE)))
        .apply(ParDo.of(new ToRowFn()))
        .setRowSchema(SCHEMA)
        .apply(Window.into(FixedWindows.of(Duration.standardSeconds(WINDOW))))
        .apply(
            HfIO.write()
                .to(dir)
                .withEndpoint(HUB.url())
                .withToken(HUB.writeToken())
                .withMinCommitInterval(Duration.ZERO)
                // runner-determined sharding writes a file per bundle: thousands per pane on the
                // streaming DirectRunner (the third 5 s pane of 10,000 rows/s hit the Hub's
                // 10,000-files-per-directory limit)
                .withNumShards(SHARDS))
        .getWriteResults()
        .apply(ParDo.of(new RecordFn()));

    Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    AtomicBoolean done = new AtomicBoolean();
    HubClient observer = HUB.client(null);
    Thread watch =
        new Thread(
            () -> {
              while (!done.get()) {
                long now = System.currentTimeMillis();
                for (CommitInfo c : observer.listCommits(repo, "main")) {
                  firstSeen.putIfAbsent(c.id(), now);
                }
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "commit-observer");
    watch.setDaemon(true);
    watch.start();
    long start = System.currentTimeMillis();
    PipelineResult.State state = p.run().waitUntilFinish();
    long end = System.currentTimeMillis();
    Thread.sleep(500);
    done.set(true);
    watch.join();
    assertThat(state).isEqualTo(PipelineResult.State.DONE);

    List<WriteResult> results = new ArrayList<>(RESULTS);
    results.sort(
        (a, b) -> Long.compare(firstSeen.get(a.commitSha()), firstSeen.get(b.commitSha())));
    long rows = 0;
    long lastSeen = 0;
    long firstEvent = Long.MAX_VALUE;
    List<Long> latencies = new ArrayList<>();
    StringBuilder table = new StringBuilder();
    for (WriteResult r : results) {
      long maxEvent = Long.MIN_VALUE;
      for (String f : r.files()) {
        for (List<Object> v : HUB.readFile(repo, "main", f)) {
          long t = ((org.joda.time.ReadableInstant) v.get(1)).getMillis();
          maxEvent = Math.max(maxEvent, t);
          firstEvent = Math.min(firstEvent, t);
        }
      }
      long windowMs = WINDOW * 1000;
      long windowEnd = (Math.floorDiv(maxEvent, windowMs) + 1) * windowMs;
      long seen = firstSeen.get(r.commitSha());
      latencies.add(seen - windowEnd);
      rows += r.rows();
      lastSeen = Math.max(lastSeen, seen);
      table.append(
          String.format(
              "  commit %s: %7d rows %2d files, window end %s, visible after %5d ms%n",
              r.commitSha().substring(0, 8),
              r.rows(),
              r.files().size(),
              new Instant(windowEnd),
              seen - windowEnd));
    }
    List<Long> sorted = new ArrayList<>(latencies);
    sorted.sort(null);
    System.out.printf(
        "StreamingBenchmark [%s, checkpoints %d ms on flink]: target %d rows/s for %d s, windows %d s: %d rows in %d commits;"
            + " sustained %.0f rows/s (first event to last commit visible); job %d ms (startup %d ms);"
            + " window end -> commit visible: median %d ms, max %d ms, min %d ms%n%s",
        RUNNER,
        CHECKPOINT_MS,
        RATE,
        SECONDS,
        WINDOW,
        rows,
        results.size(),
        rows * 1000.0 / (lastSeen - firstEvent),
        end - start,
        firstEvent - start,
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1),
        sorted.get(0),
        table);
    assertThat(rows).isEqualTo(RATE * SECONDS);
  }

  static final class ToRowFn extends DoFn<Long, Row> {
    @ProcessElement
    public void process(@Element Long id, @Timestamp Instant t, OutputReceiver<Row> out) {
      out.output(
          Row.withSchema(SCHEMA)
              .addValues(id, t, "event " + id + " from the streaming benchmark", (int) (id % 2))
              .build());
    }
  }

  static final class RecordFn extends DoFn<WriteResult, Void> {
    @ProcessElement
    public void process(@Element WriteResult r) {
      RESULTS.add(r);
    }
  }
}
