package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14's end-to-end check: one streaming pipeline appends a synthetic event stream to a dataset
 * directory for 30+ s (fixed windows, one commit per window) while another branch of the same
 * pipeline tails that directory with {@code watchForNewCommits}. Every event written is read
 * exactly once, the seed file present at start is read first, the commits on main are the windows
 * with data and each carries its pane id, rows carry the time of the commit that added them, and
 * the localhub (free-plan rate limits on, CDN redirects on) answered no request with a 429.
 */
class StreamingEndToEndTest {
  // localhub defaults: CDN redirects and free-plan rate limits on.
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addDateTimeField("event_time")
          .addStringField("payload")
          .build();

  /** What each run's pipeline saw, by run name (the runners execute in this JVM). */
  static final Map<String, ConcurrentLinkedQueue<Long>> READ_IDS = new ConcurrentHashMap<>();

  static final Map<String, ConcurrentLinkedQueue<Long>> READ_LAG_MS = new ConcurrentHashMap<>();
  static final Map<String, Set<Instant>> WINDOWS = new ConcurrentHashMap<>();
  static final Map<String, ConcurrentLinkedQueue<Long>> WRITTEN_IDS = new ConcurrentHashMap<>();
  static final Map<String, ConcurrentLinkedQueue<WriteResult>> RESULTS = new ConcurrentHashMap<>();

  static final int SEED_ROWS = 50;

  @Test
  void flinkWriterAppendsForThirtySecondsWhileAReaderTailsIt() {
    FlinkPipelineOptions o = HubFixture.flink().as(FlinkPipelineOptions.class);
    o.setStreaming(true);
    // Checkpoints as a production job has them. A finished source must still shut down so the
    // job ends (with checkpointing, Beam keeps idle sources alive unless told otherwise), but not
    // at once: when the tail's Impulse source finishes, Flink runs the whole Watch inside the
    // operator's end-of-input flush, which blocks every checkpoint until the tail stops (with 0,
    // checkpoint 1 took 20.8 s, the whole tail, and no pane was committed during the stream).
    // 50 s: past the last window of the stream, before the tail stops.
    o.setCheckpointingInterval(1000L);
    o.setShutdownSourcesAfterIdleMs(50_000L);
    // HfIO commits only checkpointed panes on Flink; when the input ends, hand it the panes still
    // waiting for a checkpoint.
    o.setEnableStableInputDrain(true);
    // Short bundles, so the watermark reaches the windows during the stream (Beam 2.62's Flink
    // DoFnOperator holds a watermark that arrives while a bundle is open; with the default 1 s
    // bundles the windows fired only at the end: see StreamingWriteFlinkCommitsDuringStreamTest).
    o.setMaxBundleTimeMills(StreamingWriteFlinkCommitsDuringStreamTest.FLINK_MAX_BUNDLE_MILLIS);
    // windows of 5 s are committed about 1 s after they end: 20 s without a new file means done
    runAndCheck("flink", o, 30, 100, 5, Duration.standardSeconds(20));
  }

  @Test
  void directRunnerWriterAndTailer() {
    PipelineOptions o = HubFixture.direct();
    o.as(StreamingOptions.class).setStreaming(true);
    // well beyond the gap between two commits, even on a loaded machine (15 s seen)
    runAndCheck("direct", o, 12, 100, 3, Duration.standardSeconds(30));
  }

  private static void runAndCheck(
      String name,
      PipelineOptions options,
      int seconds,
      int perSecond,
      int windowSeconds,
      Duration tailIdle) {
    READ_IDS.put(name, new ConcurrentLinkedQueue<>());
    WRITTEN_IDS.put(name, new ConcurrentLinkedQueue<>());
    READ_LAG_MS.put(name, new ConcurrentLinkedQueue<>());
    WINDOWS.put(name, ConcurrentHashMap.newKeySet());
    RESULTS.put(name, new ConcurrentLinkedQueue<>());
    RepoRef repo = HUB.newDataset("stream-" + name);
    String dir = HubFixture.root(repo) + "/events";
    seed(dir);
    Set<String> before =
        HUB.commits(repo, "main").stream().map(CommitInfo::id).collect(Collectors.toSet());
    HUB.resetCounters();

    Pipeline p = Pipeline.create(options);
    PCollection<Row> stream =
        p.apply("Events", Read.from(new TickSource((long) seconds * perSecond, perSecond)))
            .apply("To rows", ParDo.of(new ToRowFn()))
            .setRowSchema(SCHEMA)
            .apply(Window.into(FixedWindows.of(Duration.standardSeconds(windowSeconds))))
            .apply("Record windows", ParDo.of(new RecordWindowFn(name)))
            .setRowSchema(SCHEMA);
    stream
        .apply(
            "Append",
            HfIO.write()
                .to(dir)
                .withEndpoint(HUB.url())
                .withToken(HUB.writeToken())
                .withMinCommitInterval(Duration.ZERO))
        .getWriteResults()
        .apply("Record results", ParDo.of(new RecordResultFn(name)));
    p.apply(
            "Tail",
            HUB.read(dir)
                .watchForNewCommits(Duration.standardSeconds(1))
                .withStopAfterIdle(tailIdle))
        .apply("Record reads", ParDo.of(new RecordReadFn(name)));

    long t0 = System.nanoTime();
    long startMs = System.currentTimeMillis();
    PipelineResult result = p.run();
    PipelineResult.State state = result.waitUntilFinish(Duration.standardMinutes(4));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(state).isEqualTo(PipelineResult.State.DONE);
    List<CommitInfo> added =
        HUB.commits(repo, "main").stream().filter(x -> !before.contains(x.id())).toList();
    Map<String, Long> counters = HUB.hub().admin().counters();
    long limited =
        counters.entrySet().stream()
            .filter(e -> e.getKey().startsWith("rateLimited:"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    System.out.printf(
        "StreamingEndToEndTest[%s]: polls=%d listings=%d; started %s, commit dates %s%n",
        name,
        metric(result, "polls"),
        metric(result, "listings"),
        new Instant(startMs),
        added.stream().map(CommitInfo::date).toList());
    System.out.printf(
        "StreamingEndToEndTest[%s]: %d events + %d seed, %d read, %d commits, %d ms; requests: api=%d"
            + " (revision=%d, tree=%d) commit=%d lfs=%d resolve=%d cdn=%d, 429s=%d%n",
        name,
        WRITTEN_IDS.get(name).size(),
        SEED_ROWS,
        READ_IDS.get(name).size(),
        added.size(),
        ms,
        counters.getOrDefault("api", 0L),
        HUB.routeCount("/revision"),
        HUB.routeCount("/tree"),
        counters.getOrDefault("commit", 0L),
        counters.getOrDefault("lfs", 0L),
        counters.getOrDefault("resolve", 0L),
        counters.getOrDefault("cdn", 0L),
        limited);

    // Every row written (and the seed) read exactly once: multiset equality on ids.
    List<Long> written = new ArrayList<>(WRITTEN_IDS.get(name));
    long events = written.size();
    assertThat(events)
        .as("events generated in %d s", seconds)
        .isEqualTo((long) seconds * perSecond);
    List<Long> expected = new ArrayList<>(written);
    LongStream.range(-SEED_ROWS, 0).forEach(expected::add);
    expected.sort(null);
    assertThat(expected).doesNotHaveDuplicates();
    List<Long> read = new ArrayList<>(READ_IDS.get(name));
    read.sort(null);
    if (!read.equals(expected)) {
      Set<Long> readSet = new HashSet<>(read);
      List<Long> missing = expected.stream().filter(i -> !readSet.contains(i)).toList();
      long duplicates = read.size() - readSet.size();
      throw new AssertionError(
          String.format(
              "%s: wrote %d rows (+%d seed), read %d: %d missing (first %s), %d read twice;"
                  + " commits %s, write results %s",
              name,
              events,
              SEED_ROWS,
              read.size(),
              missing.size(),
              missing.subList(0, Math.min(5, missing.size())),
              duplicates,
              HUB.commits(repo, "main").stream().map(c -> c.id().substring(0, 8)).toList(),
              RESULTS.get(name).stream()
                  .map(r -> r.commitSha() + ":" + r.rows() + ":" + r.files())
                  .toList()));
    }

    // Commits on main = windows with data, each carrying its pane id.
    Set<Instant> windows = WINDOWS.get(name);
    assertThat(added).as("one commit per window with data").hasSize(windows.size());
    Set<String> paneIds = new HashSet<>();
    for (CommitInfo c : added) {
      List<String> ids = paneIds(c);
      assertThat(ids).as("pane ids of commit %s: %s", c.id(), c.message()).hasSize(1);
      paneIds.addAll(ids);
    }
    assertThat(paneIds).hasSize(windows.size());
    assertThat(RESULTS.get(name)).as("one WriteResult per commit").hasSize(added.size());
    assertThat(RESULTS.get(name).stream().mapToLong(WriteResult::rows).sum()).isEqualTo(events);

    // A row is stamped with the time of the commit that added it: never before its event (the
    // Hub's commit dates have second resolution).
    assertThat(READ_LAG_MS.get(name)).allMatch(lag -> lag >= -1000, "commit time >= event time");

    assertThat(limited).as("429 answers under the free plan").isZero();
    // The tail polls the head once a second: about one /revision request per second of the run
    // (plus the writer's few per commit), not a request per runner wake-up.
    long revisions = HUB.routeCount("/revision");
    assertThat(revisions)
        .as("/revision requests in a %d ms run with 1 s polls and %d commits", ms, added.size())
        .isLessThanOrEqualTo(ms / 1000 * 3 / 2 + 4L * added.size() + 20);
  }

  private static long metric(PipelineResult r, String name) {
    long total = 0;
    for (MetricResult<Long> m :
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(ReadShardFn.NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += m.getAttempted();
    }
    return total;
  }

  /** A first file, there before the stream starts: the tail reads it first. */
  private static void seed(String dir) {
    List<Row> rows = new ArrayList<>();
    for (long id = -SEED_ROWS; id < 0; id++) {
      rows.add(Row.withSchema(SCHEMA).addValues(id, new Instant(0), "seed " + id).build());
    }
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(Create.of(rows).withRowSchema(SCHEMA))
        .apply(HfIO.write().to(dir).withEndpoint(HUB.url()).withToken(HUB.writeToken()));
    assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }

  /** The pane id line of a streaming commit's description (the key HfIO documents). */
  private static final Pattern PANE_ID = Pattern.compile("(?m)^HfIO-Pane-Id: (\\S+)\\s*$");

  /** The pane ids a commit's description lists. */
  static List<String> paneIds(CommitInfo c) {
    List<String> ids = new ArrayList<>();
    Matcher m = PANE_ID.matcher(c.title() + "\n" + (c.message() == null ? "" : c.message()));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  static final class ToRowFn extends DoFn<Long, Row> {
    @ProcessElement
    public void process(@Element Long id, @Timestamp Instant t, OutputReceiver<Row> out) {
      out.output(Row.withSchema(SCHEMA).addValues(id, t, "event " + id).build());
    }
  }

  static final class RecordWindowFn extends DoFn<Row, Row> {
    private final String name;

    RecordWindowFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element Row r, BoundedWindow w, OutputReceiver<Row> out) {
      WINDOWS.get(name).add(w.maxTimestamp());
      WRITTEN_IDS.get(name).add(r.getInt64("id"));
      out.output(r);
    }
  }

  static final class RecordResultFn extends DoFn<WriteResult, Void> {
    private final String name;

    RecordResultFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element WriteResult r) {
      RESULTS.get(name).add(r);
    }
  }

  static final class RecordReadFn extends DoFn<Row, Void> {
    private final String name;

    RecordReadFn(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element Row r, @Timestamp Instant commitTime) {
      READ_IDS.get(name).add(r.getInt64("id"));
      Instant eventTime = r.getDateTime("event_time").toInstant();
      READ_LAG_MS.get(name).add(commitTime.getMillis() - eventTime.getMillis());
    }
  }
}
