package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.parquet;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HfIO.read().watchForNewCommits(...)} on the DirectRunner in streaming mode against a real
 * localhub (CDN redirects and free-plan rate limits on): a pipeline tails a dataset while the test
 * commits Parquet files, and stops after an idle time.
 */
class HfIOWatchReadTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /** What the capturing DoFn saw: the row's values and its element timestamp. */
  record Seen(List<Object> values, Instant timestamp) implements Serializable {
    long id() {
      return (Long) values.get(0);
    }
  }

  static final Map<String, Queue<Seen>> SEEN = new ConcurrentHashMap<>();
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** Records every row with its timestamp under a per-run tag (same JVM on Direct and Flink). */
  static final class Capture extends DoFn<Row, Void> {
    private final String tag;

    Capture(String tag) {
      this.tag = tag;
    }

    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant ts) {
      SEEN.computeIfAbsent(tag, t -> new ConcurrentLinkedQueue<>())
          .add(new Seen(new ArrayList<>(row.getValues()), ts));
    }
  }

  /** Streaming DirectRunner options whose run() returns at once. */
  static PipelineOptions streamingDirect() {
    PipelineOptions o = HubFixture.direct();
    o.as(StreamingOptions.class).setStreaming(true);
    o.as(DirectOptions.class).setBlockOnRun(false);
    return o;
  }

  /** Starts {@code read} captured under a fresh tag; returns the tag and the running result. */
  record Run(String tag, PipelineResult result) {
    List<Seen> seen() {
      List<Seen> s = new ArrayList<>(SEEN.getOrDefault(tag, new ConcurrentLinkedQueue<>()));
      s.sort(Comparator.comparingLong(Seen::id));
      return s;
    }

    List<Long> ids() {
      return seen().stream().map(Seen::id).toList();
    }

    /** Waits (at most 60 s) until the pipeline has seen {@code n} rows: its first poll is done. */
    void awaitRows(int n) throws InterruptedException {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (seen().size() < n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(seen()).as("rows seen before the first commit").hasSize(n);
    }

    void await(int seconds) {
      PipelineResult.State state = result.waitUntilFinish(Duration.standardSeconds(seconds));
      assertThat(state)
          .as("pipeline state after %s s", seconds)
          .isEqualTo(PipelineResult.State.DONE);
    }
  }

  static Run start(PipelineOptions options, HfIO.Read read) {
    return start(options, read, (rows, tag) -> {});
  }

  /** Like {@link #start(PipelineOptions, HfIO.Read)}, with more consumers of the rows. */
  static Run start(
      PipelineOptions options, HfIO.Read read, BiConsumer<PCollection<Row>, String> more) {
    String tag = "run-" + RUNS.incrementAndGet();
    Pipeline p = Pipeline.create(options);
    PCollection<Row> rows = p.apply(read);
    assertThat(rows.isBounded()).isEqualTo(PCollection.IsBounded.UNBOUNDED);
    rows.apply(ParDo.of(new Capture(tag)));
    more.accept(rows, tag);
    return new Run(tag, p.run());
  }

  static final Map<String, Queue<String>> WINDOWS = new ConcurrentHashMap<>();

  /** Records "window start=count" of each fired pane. */
  static final class CaptureWindow extends DoFn<KV<String, Long>, Void> {
    private final String tag;

    CaptureWindow(String tag) {
      this.tag = tag;
    }

    @ProcessElement
    public void process(@Element KV<String, Long> count, BoundedWindow window) {
      WINDOWS
          .computeIfAbsent(tag, t -> new ConcurrentLinkedQueue<>())
          .add(((IntervalWindow) window).start() + "=" + count.getValue());
    }
  }

  /** Rows counted in fixed 1 s event-time windows (late rows would be dropped). */
  static void countPerSecond(PCollection<Row> rows, String tag) {
    rows.apply(Window.into(FixedWindows.of(Duration.standardSeconds(1))))
        .apply(WithKeys.of("rows"))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), RowCoder.of(TestRows.SCHEMA)))
        .apply(Count.perKey())
        .apply(ParDo.of(new CaptureWindow(tag)));
  }

  static List<Long> range(long from, long n) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      out.add(i);
    }
    return out;
  }

  @SafeVarargs
  static List<Long> concat(List<Long>... parts) {
    List<Long> out = new ArrayList<>();
    for (List<Long> p : parts) {
      out.addAll(p);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** The time of a commit, from the branch history. */
  static Instant commitTime(RepoRef repo, String sha) {
    for (CommitInfo c : HUB.commits(repo, "main")) {
      if (c.id().equals(sha)) {
        return Instant.parse(c.date());
      }
    }
    throw new AssertionError("no commit " + sha);
  }

  @Test
  void tailsASplitAsCommitsLandAndStopsWhenIdle() throws Exception {
    RepoRef repo = HUB.newDataset("tail");
    String c0 =
        HUB.commit(
            repo,
            "main",
            files(
                "data/train-00000-of-00001.parquet", parquet(rows(0, 10)),
                "data/test-00000-of-00001.parquet", parquet(rows(1000, 5))));
    Run run =
        start(
            streamingDirect(),
            HUB.read(repo.id())
                .withSplit("train")
                .watchForNewCommits(Duration.standardSeconds(1))
                .withStopAfterIdle(Duration.standardSeconds(5)),
            HfIOWatchReadTest::countPerSecond);
    run.awaitRows(10); // the files already there are read first, at the first poll
    String c1 =
        HUB.commit(
            repo,
            "main",
            files(
                "data/train-00000-of-00001-aaaaaaaa.parquet", parquet(rows(10, 7)),
                "data/test-00000-of-00001-aaaaaaaa.parquet", parquet(rows(2000, 3))));
    run.awaitRows(17); // c1's train file read before c2 lands: each file gets its commit's time
    Thread.sleep(1100); // c2 in another second than c1 (commit times have whole seconds)
    String c2 =
        HUB.commit(
            repo,
            "main",
            files(
                "data/train-00000-of-00002-bbbbbbbb.parquet", parquet(rows(17, 5)),
                "data/train-00001-of-00002-bbbbbbbb.parquet", parquet(rows(22, 4)),
                "notes/train-extra.parquet", parquet(rows(3000, 2))));
    run.await(60);

    // Exactly the split's rows, each once; the test split and files outside the patterns unread.
    assertThat(run.ids()).containsExactlyElementsOf(range(0, 26));
    // Every row carries the time of the commit that added its file.
    Instant t0 = commitTime(repo, c0);
    Instant t1 = commitTime(repo, c1);
    Instant t2 = commitTime(repo, c2);
    for (Seen s : run.seen()) {
      Instant expected = s.id() < 10 ? t0 : s.id() < 17 ? t1 : t2;
      assertThat(s.timestamp()).as("timestamp of row %s", s.id()).isEqualTo(expected);
      assertThat(s.values()).isEqualTo(TestRows.values(s.id()));
    }
    // The watermark follows commit times: event-time windows of one second fire once each, with
    // every row of their commit (none dropped as late).
    // (two commits in the same second share a window: their counts add up)
    java.util.Map<Instant, Long> perSecond = new java.util.TreeMap<>();
    perSecond.merge(t0, 10L, Long::sum);
    perSecond.merge(t1, 7L, Long::sum);
    perSecond.merge(t2, 9L, Long::sum);
    assertThat(WINDOWS.get(run.tag()))
        .containsExactlyInAnyOrderElementsOf(
            perSecond.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  @Test
  void withMethodsRejectBadArguments() {
    HfIO.Read read = HUB.read("user/ds");
    assertThatThrownBy(() -> read.watchForNewCommits(Duration.millis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("watchForNewCommits")
        .hasMessageContaining("PT0.500S");
    assertThatThrownBy(() -> read.watchForNewCommits(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("watchForNewCommits");
    assertThatThrownBy(() -> read.withStartAfterCommit("not-a-sha"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withStartAfterCommit")
        .hasMessageContaining("not-a-sha");
    assertThatThrownBy(() -> read.withStopAfterIdle(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withStopAfterIdle")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> read.withPollingUntil(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withPollingUntil");
  }

  @Test
  void expandChecksCombinationsAndNeedsASchemaForAnEmptyDataset() throws Exception {
    RepoRef repo = HUB.newDataset("combos");
    HUB.commit(repo, "main", files("data/train-00000-of-00001.parquet", parquet(rows(0, 3))));
    HfIO.Read read = HUB.read(repo.id());
    for (HfIO.Read orphan :
        List.of(
            read.withStartAtNewCommits(),
            read.withStartAfterCommit("0123456789abcdef0123456789abcdef01234567"),
            read.withPollingUntil(Instant.now()),
            read.withStopAfterIdle(Duration.standardSeconds(1)))) {
      assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(orphan))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("watchForNewCommits(pollInterval)");
    }
    HfIO.Read both =
        read.watchForNewCommits(Duration.standardSeconds(1))
            .withStartAtNewCommits()
            .withStartAfterCommit("0123456789abcdef0123456789abcdef01234567");
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(both))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withStartAtNewCommits()")
        .hasMessageContaining("withStartAfterCommit(");

    RepoRef empty = HUB.newDataset("empty");
    HfIO.Read watchEmpty = HUB.read(empty.id()).watchForNewCommits(Duration.standardSeconds(1));
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(watchEmpty))
        .isInstanceOf(DataFilesNotFoundException.class)
        .hasMessageContaining(empty.id())
        .hasMessageContaining("main")
        .hasMessageContaining("withSchema(");
    // With the schema it plans: the push_to_hub layout of the split is watched.
    PCollection<Row> out =
        Pipeline.create(HubFixture.direct())
            .apply(watchEmpty.withSplit("train").withSchema(TestRows.SCHEMA));
    assertThat(out.getSchema()).isEqualTo(TestRows.SCHEMA);
  }

  @Test
  void displayDataShowsTheWatchSettingsAndTheStartCommit() throws Exception {
    RepoRef repo = HUB.newDataset("display");
    String c0 =
        HUB.commit(repo, "main", files("data/train-00000-of-00001.parquet", parquet(rows(0, 3))));
    HfIO.Read read =
        HUB.read(repo.id())
            .watchForNewCommits(Duration.standardSeconds(2))
            .withStartAtNewCommits()
            .withStopAfterIdle(Duration.standardSeconds(30));
    DisplayData d = DisplayData.from(read);
    assertThat(d.items().stream().map(i -> i.getKey() + "=" + i.getValue()).toList())
        .contains("pollInterval=2000", "startAtNewCommits=true", "stopAfterIdle=30000");
    HubWatchRead expansion =
        HubWatchRead.of(read, read.getConnection().resolve(HubFixture.direct()));
    assertThat(expansion.startCommit()).isEqualTo(c0);
    assertThat(expansion.skipped()).hasSize(1);
    List<String> items =
        DisplayData.from(expansion).items().stream()
            .map(i -> i.getKey() + "=" + i.getValue())
            .toList();
    assertThat(items).contains("startAfterCommit=" + c0, "headAtConstruction=" + c0);
    assertThat(items.toString()).doesNotContain(HUB.readToken()).doesNotContain(HUB.writeToken());
    assertThat(DisplayData.from(HUB.read(repo.id())).items().toString())
        .doesNotContain("pollInterval");
  }

  @Test
  void aRestartAfterTheLastReadCommitNeitherRepeatsNorSkipsFiles() throws Exception {
    RepoRef repo = HUB.newDataset("restart");
    HUB.commit(repo, "main", files("data/train-00000-of-00001.parquet", parquet(rows(0, 5))));
    HfIO.Read watch =
        HUB.read(repo.id())
            .watchForNewCommits(Duration.standardSeconds(1))
            .withStopAfterIdle(Duration.standardSeconds(4));
    Run first = start(streamingDirect(), watch);
    first.awaitRows(5);
    String c1 =
        HUB.commit(
            repo, "main", files("data/train-00000-of-00001-11111111.parquet", parquet(rows(5, 5))));
    first.await(60);
    // Between the runs: a commit neither run has seen yet.
    HUB.commit(
        repo, "main", files("data/train-00000-of-00001-22222222.parquet", parquet(rows(10, 5))));
    Run second = start(streamingDirect(), watch.withStartAfterCommit(c1));
    Thread.sleep(1500);
    HUB.commit(
        repo, "main", files("data/train-00000-of-00001-33333333.parquet", parquet(rows(15, 5))));
    second.await(60);

    assertThat(first.ids()).containsExactlyElementsOf(range(0, 10));
    assertThat(second.ids()).containsExactlyElementsOf(range(10, 10));
  }

  @Test
  void startAtNewCommitsSkipsTheFilesAtConstruction() throws Exception {
    RepoRef repo = HUB.newDataset("atnew");
    HUB.commit(repo, "main", files("data/train-00000-of-00001.parquet", parquet(rows(0, 5))));
    Run run =
        start(
            streamingDirect(),
            HUB.read(repo.id())
                .watchForNewCommits(Duration.standardSeconds(1))
                .withStartAtNewCommits()
                .withStopAfterIdle(Duration.standardSeconds(5)));
    Thread.sleep(1500);
    HUB.commit(
        repo, "main", files("data/train-00000-of-00001-44444444.parquet", parquet(rows(5, 4))));
    run.await(60);
    assertThat(run.ids()).containsExactlyElementsOf(range(5, 4));
  }

  @Test
  void aWatchedFolderReadsReplacedFilesAgainAndNeverRetracts() throws Exception {
    RepoRef repo = HUB.newDataset("folder");
    HUB.commit(
        repo,
        "main",
        files(
            "logs/a.parquet", parquet(rows(0, 3)),
            "other/x.parquet", parquet(rows(900, 2))));
    Run run =
        start(
            streamingDirect(),
            HUB.read(HubFixture.root(repo) + "/logs")
                .watchForNewCommits(Duration.standardSeconds(1))
                .withStopAfterIdle(Duration.standardSeconds(5)));
    run.awaitRows(3);
    HUB.commit(
        repo,
        "main",
        files(
            "logs/day2/b.parquet", parquet(rows(3, 4)),
            "logs/_tmp/c.parquet", parquet(rows(800, 2)),
            "logs/notes.txt", "not data",
            "other/y.parquet", parquet(rows(950, 2))));
    Thread.sleep(2500);
    // a.parquet replaced (new content: read again as a new file); b deleted (not retracted).
    HUB.commit(
        repo, "main", files("logs/a.parquet", parquet(rows(10, 2)), "logs/day2/b.parquet", null));
    run.await(60);
    assertThat(run.ids()).containsExactlyElementsOf(concat(range(0, 3), range(3, 4), range(10, 2)));
  }

  @Test
  void pollingUntilADeadlineEndsTheRead() throws Exception {
    RepoRef repo = HUB.newDataset("until");
    HUB.commit(repo, "main", files("train/a.parquet", parquet(rows(0, 4))));
    long started = System.nanoTime();
    Run run =
        start(
            streamingDirect(),
            HUB.read(HubFixture.root(repo) + "/train/*.parquet")
                .watchForNewCommits(Duration.standardSeconds(1))
                .withPollingUntil(Instant.now().plus(Duration.standardSeconds(3))));
    run.await(60);
    assertThat(run.ids()).containsExactlyElementsOf(range(0, 4));
    assertThat((System.nanoTime() - started) / 1_000_000_000.0).isLessThan(30);
  }

  @Test
  void anEmptyDatasetWithASchemaIsTailedFromItsFirstCommit() throws Exception {
    RepoRef repo = HUB.newDataset("fresh");
    Run run =
        start(
            streamingDirect(),
            HUB.read(repo.id())
                .withSplit("train")
                .withSchema(TestRows.SCHEMA)
                .watchForNewCommits(Duration.standardSeconds(1))
                // No file at the start: the idle time runs from the first poll.
                .withStopAfterIdle(Duration.standardSeconds(8)));
    long polls = HUB.routeCount("/revision");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (HUB.routeCount("/revision") == polls && System.nanoTime() < deadline) {
      Thread.sleep(50); // until the pipeline polls the head of the empty dataset
    }
    // What HfIO.write() in APPEND mode and push_to_hub create: shards plus a card.
    HUB.commit(
        repo,
        "main",
        files(
            "README.md",
            "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n"
                + "    path: data/train-*\n---\n",
            "data/train-00000-of-00001-cccccccc.parquet",
            parquet(rows(0, 6)),
            "data/test-00000-of-00001-cccccccc.parquet",
            parquet(rows(500, 2))));
    run.awaitRows(6);
    HUB.commit(
        repo, "main", files("data/train-00000-of-00001-dddddddd.parquet", parquet(rows(6, 3))));
    run.await(60);
    assertThat(run.ids()).containsExactlyElementsOf(range(0, 9));
  }
}
