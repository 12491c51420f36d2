package dev.hfio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * StreamingAppend and StreamingTail run briefly on the DirectRunner against their embedded localhub
 * (free-plan rate limits on, as the examples start it), exactly as a user would start them.
 */
class StreamingExamplesTest {

  @Test
  void appendCommitsOneWindowAtATimeAndTheTailReadsEveryEventOnce() {
    StreamingAppend.Options o =
        PipelineOptionsFactory.fromArgs(
                "--repoId=dev/events",
                "--eventsPerSecond=25",
                "--windowSeconds=2",
                "--minCommitIntervalSeconds=0",
                "--durationSeconds=8")
            .as(StreamingAppend.Options.class);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    PrintStream original = System.out;
    // The commit printer writes to System.out (a worker's stdout on a cluster): capture it too.
    System.setOut(out);
    try (HubConnection hub = HubConnection.open(o, out)) {
      StreamingAppend.Report report;
      try {
        report = StreamingAppend.run(o, hub.client(), out);
      } finally {
        System.setOut(original);
        original.print(buf.toString(StandardCharsets.UTF_8));
      }

      assertThat(report.eventsWritten()).isEqualTo(200);
      assertThat(report.written().rows()).isEqualTo(200);
      assertThat(report.ok()).as("the split holds exactly the events written").isTrue();
      // 8 s of events in 2 s windows: 4 windows, 5 when the stream straddles a window boundary;
      // one commit per window with events.
      assertThat(report.commits()).hasSizeBetween(4, 5);
      for (CommitInfo c : report.commits()) {
        assertThat(c.title() + "\n" + c.message()).contains(PANE_ID_KEY);
      }
      assertThat(buf.toString(StandardCharsets.UTF_8))
          .contains("Append OK")
          .containsPattern("committed \\d+ events in \\d+ file\\(s\\): http://127\\.0\\.0\\.1:");

      // The tail reads what is there (start from the current head) and stops when idle.
      StreamingTail.Options t =
          PipelineOptionsFactory.fromArgs(
                  "--source=dev/events", "--pollSeconds=1", "--idleStopSeconds=3")
              .as(StreamingTail.Options.class);
      t.setHfEndpoint(o.getHfEndpoint());
      t.setHfToken(o.getHfToken());
      Fingerprint.Value tailed = StreamingTail.run(t, hub, out);
      assertThat(tailed).isEqualTo(report.written());
    }
  }

  @Test
  void tailPrintsTheDemoCommitsAsTheyLand() {
    StreamingTail.Options t =
        PipelineOptionsFactory.fromArgs(
                "--pollSeconds=1",
                // the demo commits every 2 s; a batch write takes a few seconds on a loaded machine
                "--idleStopSeconds=15",
                "--demoCommits=1",
                "--demoEventsPerCommit=10")
            .as(StreamingTail.Options.class);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    PrintStream original = System.out;
    Fingerprint.Value tailed;
    // The row printer writes to System.out (a worker's stdout on a cluster): capture it too.
    System.setOut(out);
    try (HubConnection hub = HubConnection.open(t, out)) {
      tailed = StreamingTail.run(t, hub, out);
    } finally {
      System.setOut(original);
    }
    String output = buf.toString(StandardCharsets.UTF_8);
    original.print(output);
    assertThat(tailed.rows()).isEqualTo(20);
    assertThat(output)
        .contains("does not exist on the embedded localhub")
        .contains("[demo writer] committed events 10..19")
        .containsPattern("row \\(commit of [^)]+\\): id=\\d+ event_time=")
        .containsPattern("commit\\(s\\) at [^:]+:\\d\\d:\\d\\d\\.000Z: 10 rows")
        .contains("Tail stopped after 20 rows");
  }

  /** The key of the pane id line every streaming commit carries (see HfIO.Write). */
  static final String PANE_ID_KEY = "HfIO-Pane-Id: ";
}
