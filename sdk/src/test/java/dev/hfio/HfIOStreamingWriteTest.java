package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.ConfigEntry;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HfIO.write() on an unbounded input (TestStream on the DirectRunner) against an embedded localhub
 * with its defaults (CDN redirects, free-plan rate limits): one commit per pane, pane ids in the
 * commit descriptions, replay safety, pacing by withMinCommitInterval, layouts and validation.
 */
class HfIOStreamingWriteTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Instant T0 = new Instant(0);

  static final Window<Row> TEN_SECONDS = Window.into(FixedWindows.of(Duration.standardSeconds(10)));

  @AfterEach
  void clearFaults() {
    HUB.hub().admin().clearFaults();
  }

  static HfIO.Write write(RepoRef repo) {
    return HfIO.write()
        .to("hf://datasets/" + repo.id())
        .withHubConfig(HUB.config(HUB.writeToken()));
  }

  /** Rows [from, from + n) at event time {@code at}. */
  static TimestampedValue<Row>[] at(long from, long n, Instant at) {
    List<Row> rs = rows(from, n);
    @SuppressWarnings("unchecked")
    TimestampedValue<Row>[] out = new TimestampedValue[rs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = TimestampedValue.of(rs.get(i), at);
    }
    return out;
  }

  static TestStream.Builder<Row> stream() {
    return TestStream.create(RowCoder.of(TestRows.SCHEMA)).advanceWatermarkTo(T0);
  }

  static Instant sec(long s) {
    return T0.plus(Duration.standardSeconds(s));
  }

  static List<WriteResult> runWindowed(TestStream<Row> s, Window<Row> window, HfIO.Write write) {
    return WritePipelines.runFrom(p -> p.apply(s).apply(window), write);
  }

  static List<String> paneIdLines(CommitInfo c) {
    return PaneCommitter.paneIdsOf(c);
  }

  @Test
  void fixedWindowsCommitOncePerWindowWithData() {
    RepoRef repo = HUB.newDataset("stream-fixed");
    int before = HUB.commits(repo, "main").size();
    TestStream<Row> s =
        stream()
            .addElements(at(0, 50, sec(1))[0], at(1, 49, sec(2)))
            .advanceWatermarkTo(sec(10))
            .addElements(at(50, 30, sec(12))[0], at(51, 29, sec(15)))
            .advanceWatermarkTo(sec(20))
            .advanceWatermarkTo(sec(30)) // window [20,30) has no rows: no commit
            .addElements(at(80, 20, sec(31))[0], at(81, 19, sec(39)))
            .advanceWatermarkToInfinity();
    List<WriteResult> res =
        runWindowed(
            s,
            Window.into(FixedWindows.of(Duration.standardSeconds(10))),
            write(repo).withMinCommitInterval(Duration.ZERO));
    assertThat(res).hasSize(3);
    List<CommitInfo> commits = HUB.commits(repo, "main");
    assertThat(commits).hasSize(before + 3);
    for (WriteResult r : res) {
      assertThat(r.paneIds()).hasSize(1);
      assertThat(r.files())
          .allMatch(f -> f.startsWith("data/train-") && f.contains(r.paneIds().get(0)));
      CommitInfo c =
          commits.stream().filter(x -> x.id().equals(r.commitSha())).findFirst().orElseThrow();
      assertThat(paneIdLines(c)).containsExactlyElementsOf(r.paneIds());
    }
    assertThat(res.stream().mapToLong(WriteResult::rows).sorted().toArray())
        .containsExactly(20, 30, 50);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 100));
  }

  /** The commit of {@code r} among {@code commits}. */
  static CommitInfo commitOf(List<CommitInfo> commits, WriteResult r) {
    return commits.stream().filter(x -> x.id().equals(r.commitSha())).findFirst().orElseThrow();
  }

  @Test
  void lateDataWithinAllowedLatenessIsItsOwnCommitAndBeyondItIsDropped() {
    RepoRef repo = HUB.newDataset("stream-late");
    int before = HUB.commits(repo, "main").size();
    TestStream<Row> s =
        stream()
            .addElements(at(0, 1, sec(1))[0], at(1, 39, sec(5)))
            .advanceWatermarkTo(sec(15)) // [0,10) fires on time
            .addElements(at(40, 1, sec(6))[0], at(41, 9, sec(7))) // late, within 30 s lateness
            .advanceWatermarkTo(sec(100)) // [0,10) expires at 40 s
            .addElements(at(50, 1, sec(8))[0], at(51, 9, sec(9))) // beyond lateness: dropped
            .advanceWatermarkToInfinity();
    List<WriteResult> res =
        runWindowed(
            s,
            TEN_SECONDS.withAllowedLateness(Duration.standardSeconds(30)).discardingFiredPanes(),
            write(repo).withMinCommitInterval(Duration.ZERO));
    assertThat(res).hasSize(2);
    assertThat(res.stream().mapToLong(WriteResult::rows).sorted().toArray())
        .containsExactly(10, 40);
    assertThat(res.get(0).paneIds()).doesNotContainAnyElementsOf(res.get(1).paneIds());
    assertThat(HUB.commits(repo, "main")).hasSize(before + 2);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 50));
  }

  @Test
  void emptyPanesCommitNothing() {
    RepoRef repo = HUB.newDataset("stream-empty");
    int before = HUB.commits(repo, "main").size();
    // an early firing per shard report, then an on-time pane that is empty (FIRE_ALWAYS) for
    // [0,10); window [10,20) has no rows at all
    TestStream<Row> s =
        stream()
            .addElements(at(0, 1, sec(1))[0], at(1, 19, sec(2)))
            .advanceWatermarkTo(sec(10))
            .advanceWatermarkTo(sec(25))
            .advanceWatermarkToInfinity();
    List<WriteResult> res =
        runWindowed(
            s,
            TEN_SECONDS
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withEarlyFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes(),
            write(repo).withMinCommitInterval(Duration.ZERO));
    assertThat(res).hasSize(1);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 20));
  }

  @Test
  void triggeringFrequencyCommitsOncePerFiring() {
    RepoRef repo = HUB.newDataset("stream-freq");
    int before = HUB.commits(repo, "main").size();
    TestStream<Row> s =
        stream()
            .addElements(at(0, 1, sec(1))[0], at(1, 29, sec(2)))
            .advanceProcessingTime(Duration.standardSeconds(61))
            .addElements(at(30, 1, sec(3))[0], at(31, 19, sec(4)))
            .advanceProcessingTime(Duration.standardSeconds(61))
            .addElements(at(50, 1, sec(5))[0], at(51, 9, sec(6)))
            .advanceProcessingTime(Duration.standardSeconds(61))
            .advanceWatermarkToInfinity();
    List<WriteResult> res =
        runWindowed(
            s,
            Window.into(new GlobalWindows()),
            write(repo)
                .withTriggeringFrequency(Duration.standardSeconds(30))
                .withMinCommitInterval(Duration.ZERO));
    assertThat(res).hasSize(3);
    assertThat(res.stream().mapToLong(WriteResult::rows).sorted().toArray())
        .containsExactly(10, 20, 30);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 3);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 60));
  }

  /** Four 10 s windows; the first three become ready before any processing time passes. */
  static TestStream<Row> fourWindows() {
    return stream()
        .addElements(at(0, 1, sec(1))[0], at(1, 9, sec(2)))
        .advanceWatermarkTo(sec(10))
        .addElements(at(10, 1, sec(11))[0], at(11, 9, sec(12)))
        .advanceWatermarkTo(sec(20))
        .addElements(at(20, 1, sec(21))[0], at(21, 9, sec(22)))
        .advanceWatermarkTo(sec(30))
        .advanceProcessingTime(Duration.standardMinutes(6))
        .addElements(at(30, 1, sec(31))[0], at(31, 9, sec(32)))
        .advanceWatermarkTo(sec(40))
        .advanceWatermarkToInfinity();
  }

  @Test
  void minCommitIntervalCoalescesPanesReadyWithinIt() {
    RepoRef repo = HUB.newDataset("stream-coalesce");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> res =
        runWindowed(
            fourWindows(),
            TEN_SECONDS,
            write(repo).withMinCommitInterval(Duration.standardMinutes(5)));
    // pane 1 at once; panes 2 and 3 wait for the interval and go together; pane 4 arrives while
    // the next interval runs and is committed when the input ends
    assertThat(res).hasSize(3);
    assertThat(res.stream().map(r -> r.paneIds().size()).toList()).containsExactly(1, 2, 1);
    List<CommitInfo> commits = HUB.commits(repo, "main");
    assertThat(commits).hasSize(before + 3);
    WriteResult both = res.get(1);
    assertThat(both.rows()).isEqualTo(20);
    assertThat(PaneCommitter.paneIdsOf(commitOf(commits, both)))
        .containsExactlyInAnyOrderElementsOf(both.paneIds());
    assertThat(both.files()).hasSize(2);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 40));
  }

  @Test
  void zeroMinCommitIntervalCommitsEveryPane() {
    RepoRef repo = HUB.newDataset("stream-zero");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> res =
        runWindowed(fourWindows(), TEN_SECONDS, write(repo).withMinCommitInterval(Duration.ZERO));
    assertThat(res).hasSize(4);
    assertThat(res).allMatch(r -> r.paneIds().size() == 1);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 4);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 40));
  }

  @Test
  void splitLayoutKeepsTheCardConfigsAndDropsStaleCounts() throws Exception {
    RepoRef repo = HUB.newDataset("stream-split");
    // a bounded write first: its card has exact dataset_info counts for 'validation'
    WritePipelines.run(write(repo).withSplit("validation").withNumShards(1), rows(0, 10));
    assertThat(card(repo).datasetInfo("default")).isPresent();
    TestStream<Row> s =
        stream()
            .addElements(at(10, 1, sec(1))[0], at(11, 19, sec(2)))
            .advanceWatermarkTo(sec(10))
            .addElements(at(30, 1, sec(11))[0], at(31, 19, sec(12)))
            .advanceWatermarkToInfinity();
    List<WriteResult> res =
        runWindowed(
            s,
            TEN_SECONDS,
            write(repo)
                .withSplit("validation")
                .withNumShards(2)
                .withMinCommitInterval(Duration.ZERO));
    assertThat(res).hasSize(2);
    for (WriteResult r : res) {
      String id = r.paneIds().get(0);
      assertThat(r.files())
          .containsExactly(
              "data/validation-00000-of-00002-" + id + ".parquet",
              "data/validation-00001-of-00002-" + id + ".parquet");
    }
    DatasetCard card = card(repo);
    ConfigEntry cfg = card.config("default").orElseThrow();
    assertThat(cfg.dataFiles().orElseThrow())
        .isEqualTo(Map.of("validation", List.of("data/validation-*")));
    assertThat(card.datasetInfo("default")).isEmpty();
    // the README is rewritten by the first pane only (its counts dropped), not by every commit
    assertThat(HUB.commits(repo, "main").get(0).id()).isEqualTo(res.get(1).commitSha());
    // read back through the split, as datasets would resolve it
    HfIOReadTest.runAndAssert(
        HubFixture.direct(), HUB.read(HubFixture.root(repo)).withSplit("validation"), rows(0, 50));
  }

  private static DatasetCard card(RepoRef repo) {
    return DatasetCard.parse(
        new String(HUB.client().readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8));
  }

  // ---- the commit step on its own: replays and request budget ----

  private static WriteSettings settings(RepoRef repo) {
    return WriteSettings.of(
        HfIO.write().to(repo.id()).withSplit("train").withMode(WriteMode.APPEND),
        TestRows.SCHEMA,
        HUB.config(HUB.writeToken()));
  }

  /** Uploads one shard of {@code rows} and returns it as a pane of write {@code writeId}. */
  private static PaneShards pane(WriteSettings s, String writeId, long index, List<Row> rows)
      throws Exception {
    try (ShardWriter w = new ShardWriter(s, s.client())) {
      for (Row r : rows) {
        w.write(r);
      }
      List<ShardResult> shards = w.finish();
      String id = PaneIdFn.paneId(writeId, new byte[] {1, 2, 3}, index);
      return new PaneShards(id, "[test window)", index, shards);
    }
  }

  @Test
  void aReplayedCommitOfTheSamePaneCommitsNothing() throws Exception {
    RepoRef repo = HUB.newDataset("stream-replay");
    WriteSettings s = settings(repo);
    String writeId = UUID.randomUUID().toString().replace("-", "");
    PaneShards p = pane(s, writeId, 0, rows(0, 10));
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> first = new PaneCommitter(s, s.client()).commit(writeId, List.of(p));
    List<WriteResult> again = new PaneCommitter(s, s.client()).commit(writeId, List.of(p));
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(again).hasSize(1);
    assertThat(again.get(0).commitSha()).isEqualTo(first.get(0).commitSha());
    assertThat(again.get(0).files()).isEqualTo(first.get(0).files());
    // a group where one pane landed already commits only the other
    PaneShards q = pane(s, writeId, 1, rows(10, 5));
    List<WriteResult> mixed = new PaneCommitter(s, s.client()).commit(writeId, List.of(p, q));
    assertThat(mixed.get(0).paneIds()).containsExactly(q.paneId());
    assertThat(HUB.commits(repo, "main")).hasSize(before + 2);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 15));
  }

  @Test
  void aCommitWhoseResponseIsLostIsFoundNotRepeated() throws Exception {
    RepoRef repo = HUB.newDataset("stream-lost");
    WriteSettings s = settings(repo);
    String writeId = UUID.randomUUID().toString().replace("-", "");
    PaneShards p = pane(s, writeId, 0, rows(0, 10));
    int before = HUB.commits(repo, "main").size();
    // the commit runs, then its response breaks after 5 bytes: the client cannot know it landed
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).truncateBody(5).times(1));
    List<WriteResult> res = new PaneCommitter(s, s.client()).commit(writeId, List.of(p));
    List<CommitInfo> commits = HUB.commits(repo, "main");
    assertThat(commits).hasSize(before + 1);
    assertThat(res.get(0).commitSha()).isEqualTo(commits.get(0).id());
    assertThat(HUB.counter("commit")).isGreaterThanOrEqualTo(1);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 10));
  }

  @Test
  void requestsPerPaneCommit() throws Exception {
    RepoRef repo = HUB.newDataset("stream-budget");
    WriteSettings s = settings(repo);
    String writeId = UUID.randomUUID().toString().replace("-", "");
    List<PaneShards> panes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      panes.add(pane(s, writeId, i, rows(i * 10L, 10)));
    }
    PaneCommitter committer = new PaneCommitter(s, s.client());
    HUB.resetCounters();
    committer.commit(writeId, List.of(panes.get(0))); // first commit: writes the card
    Map<String, Long> first = HUB.hub().admin().counters();
    HUB.resetCounters();
    committer.commit(writeId, List.of(panes.get(1)));
    committer.commit(writeId, List.of(panes.get(2)));
    committer.commit(writeId, List.of(panes.get(3)));
    Map<String, Long> steady = HUB.hub().admin().counters();
    long steadyRequests = HUB.requests();
    System.out.println("STREAM-BUDGET first pane commit: " + first);
    System.out.println("STREAM-BUDGET 3 steady pane commits: " + steady);
    // first: history scan, card read at the branch, head, card read at the head, preupload of the
    // README, commit
    assertThat(first.getOrDefault("commit", 0L)).isEqualTo(1);
    // steady state (card already right): history scan, card read, commit = 3 requests a pane
    assertThat(steadyRequests).isEqualTo(9);
    assertThat(steady.getOrDefault("commit", 0L)).isEqualTo(3);
    assertThat(steady.getOrDefault("lfs", 0L)).isZero();
    assertThat(steady.keySet()).noneMatch(k -> k.startsWith("rateLimited"));
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 40));
  }

  @Test
  void pipelineRequestsPerPaneWithFreePlanLimits() {
    RepoRef repo = HUB.newDataset("stream-pipe-budget");
    HUB.resetCounters();
    TestStream<Row> s =
        stream()
            .addElements(at(0, 1, sec(1))[0], at(1, 99, sec(2)))
            .advanceWatermarkTo(sec(10))
            .addElements(at(100, 1, sec(11))[0], at(101, 99, sec(12)))
            .advanceWatermarkTo(sec(20))
            .addElements(at(200, 1, sec(21))[0], at(201, 99, sec(22)))
            .advanceWatermarkToInfinity();
    long t = System.nanoTime();
    List<WriteResult> res =
        runWindowed(
            s, TEN_SECONDS, write(repo).withNumShards(1).withMinCommitInterval(Duration.ZERO));
    long ms = (System.nanoTime() - t) / 1_000_000;
    Map<String, Long> c = HUB.hub().admin().counters();
    System.out.println(
        "STREAM-BUDGET pipeline, 3 panes of 1 shard in " + ms + " ms: " + HUB.requests() + " " + c);
    assertThat(res).hasSize(3);
    assertThat(c.keySet()).noneMatch(k -> k.startsWith("rateLimited"));
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 300));
  }

  // ---- validation ----

  static Pipeline unbounded(HfIO.Write write) {
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(stream().addElements(at(0, 1, sec(1))[0]).advanceWatermarkToInfinity())
        .apply(TEN_SECONDS)
        .apply(write);
    return p;
  }

  @Test
  void anUnwindowedUnboundedInputIsRefusedWithAHint() {
    RepoRef repo = HUB.newDataset("stream-global");
    Pipeline p = Pipeline.create(HubFixture.direct());
    org.apache.beam.sdk.values.PCollection<Row> in =
        p.apply(stream().addElements(at(0, 1, sec(1))[0]).advanceWatermarkToInfinity());
    assertThatThrownBy(() -> in.apply(write(repo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("global window with the default trigger")
        .hasMessageContaining("withTriggeringFrequency");
  }

  @Test
  void overwriteAndCreatePrAreRefusedOnUnboundedInput() {
    RepoRef repo = HUB.newDataset("stream-refuse");
    assertThatThrownBy(() -> unbounded(write(repo).withMode(WriteMode.OVERWRITE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withMode(OVERWRITE) cannot be used on an unbounded input")
        .hasMessageContaining("APPEND");
    assertThatThrownBy(() -> unbounded(write(repo).withCreatePr()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withCreatePr() cannot be used on an unbounded input");
  }

  @Test
  void streamingSettingsAreRefusedOnBoundedInput() {
    RepoRef repo = HUB.newDataset("stream-bounded");
    assertThatThrownBy(
            () ->
                WritePipelines.run(
                    write(repo).withTriggeringFrequency(Duration.standardSeconds(5)), rows(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withTriggeringFrequency(PT5S) applies to unbounded input only");
    assertThatThrownBy(
            () -> WritePipelines.run(write(repo).withMinCommitInterval(Duration.ZERO), rows(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withMinCommitInterval(PT0S) applies to unbounded input only");
    assertThatThrownBy(() -> HfIO.write().withTriggeringFrequency(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withTriggeringFrequency: PT0S is not a positive duration");
    assertThatThrownBy(() -> HfIO.write().withMinCommitInterval(Duration.millis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withMinCommitInterval: PT-0.001S is not a duration >= 0");
  }

  @Test
  void errorIfExistsIsCheckedOnceBeforeAnyUpload() {
    RepoRef repo = HUB.newDataset("stream-exists");
    WritePipelines.run(write(repo).withNumShards(1), rows(0, 10));
    int before = HUB.commits(repo, "main").size();
    HUB.resetCounters();
    Pipeline p = unbounded(write(repo).withMode(WriteMode.ERROR_IF_EXISTS));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasMessageContaining("already has")
        .hasMessageContaining("ERROR_IF_EXISTS");
    assertThat(HUB.counter("lfs")).isZero();
    assertThat(HUB.commits(repo, "main")).hasSize(before);
  }

  @Test
  void displayDataShowsTheStreamingSettings() {
    HfIO.Write w =
        HfIO.write()
            .to("user/data")
            .withTriggeringFrequency(Duration.standardSeconds(30))
            .withMinCommitInterval(Duration.standardMinutes(2));
    org.apache.beam.sdk.transforms.display.DisplayData d =
        org.apache.beam.sdk.transforms.display.DisplayData.from(w);
    assertThat(d.asMap().keySet().stream().map(k -> k.getKey()).toList())
        .contains("triggeringFrequency", "minCommitInterval", "mode");
  }
}
