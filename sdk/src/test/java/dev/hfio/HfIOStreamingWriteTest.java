package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.List;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
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
}
