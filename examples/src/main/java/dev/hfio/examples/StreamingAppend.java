package dev.hfio.examples;

import dev.hfio.HfIO;
import dev.hfio.WriteResult;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;

/**
 * Appends a live event stream to a Hub dataset, one commit per window: a synthetic stream of {@code
 * --eventsPerSecond} events ({@link Events}) is cut into fixed windows of {@code --windowSeconds}
 * and {@code HfIO.write()} publishes each window's events as one commit of new Parquet files in the
 * dataset's {@code --split} (push_to_hub layout, so {@code load_dataset} and {@link StreamingTail}
 * read it). Each commit is printed as it lands.
 *
 * <pre>
 * mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.hfio.examples.StreamingAppend \
 *     -Dexec.args="--eventsPerSecond=50 --windowSeconds=10 --durationSeconds=60"
 * </pre>
 *
 * With a finite {@code --durationSeconds} the job ends after the last window is committed and the
 * dataset is read back and compared with what was written (exits 1 on a difference); with {@code
 * --durationSeconds=0} it runs until stopped.
 */
public final class StreamingAppend {
  static final List<String> FIELDS = List.of("id", "event_time", "user", "action", "value");

  /** Options of {@link StreamingAppend}. */
  public interface Options extends ExampleOptions {
    @Description(
        "Dataset repo to append to (created if missing). Default: <your user name>/events.")
    String getRepoId();

    void setRepoId(String repoId);

    @Description("Split the events are appended to (data/<split>-*.parquet).")
    @Default.String("train")
    String getSplit();

    void setSplit(String split);

    @Description("Events generated per second.")
    @Default.Integer(50)
    int getEventsPerSecond();

    void setEventsPerSecond(int n);

    @Description("Length of the fixed windows; each window with events becomes one commit.")
    @Default.Integer(10)
    int getWindowSeconds();

    void setWindowSeconds(int seconds);

    @Description(
        "Minimum time between two commits (HfIO's withMinCommitInterval); windows ready sooner are"
            + " coalesced into one commit. Keep 60 or more on huggingface.co. 0: one commit per"
            + " window.")
    @Default.Integer(10)
    int getMinCommitIntervalSeconds();

    void setMinCommitIntervalSeconds(int seconds);

    @Description("How long the stream runs; 0: until the job is stopped.")
    @Default.Integer(60)
    int getDurationSeconds();

    void setDurationSeconds(int seconds);
  }

  /** What a finite run wrote and what the dataset held afterwards. */
  public record Report(
      String repoId,
      long eventsWritten,
      Fingerprint.Value written,
      Fingerprint.Value readBack,
      List<CommitInfo> commits) {
    public boolean ok() {
      return written.equals(readBack) && written.rows() == eventsWritten;
    }
  }

  private StreamingAppend() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Report report;
    try (HubConnection hub = HubConnection.open(options, System.out)) {
      report = run(options, hub.client(), System.out);
    }
    if (report != null && !report.ok()) {
      System.exit(1);
    }
  }

  /**
   * Builds the streaming write: a live {@link EventStream}, fixed windows, {@code HfIO.write()}
   * appending one commit per window.
   */
  public static Pipeline build(Options options, String repoId) {
    Pipeline p = Pipeline.create(options);
    long count = options.getDurationSeconds() > 0 ? eventCount(options) : Long.MAX_VALUE;
    PCollection<Row> events =
        p.apply("Event stream", EventStream.of(count, options.getEventsPerSecond()))
            .setRowSchema(Events.SCHEMA)
            .apply(
                "Windows of " + options.getWindowSeconds() + " s",
                Window.into(FixedWindows.of(Duration.standardSeconds(options.getWindowSeconds()))));
    HfIO.Write.Result result =
        events
            .apply(Fingerprint.record("written", FIELDS))
            .apply(
                "Append to " + repoId,
                HfIO.write()
                    .to(repoId)
                    .withSplit(options.getSplit())
                    .withMinCommitInterval(
                        Duration.standardSeconds(options.getMinCommitIntervalSeconds())));
    result.getWriteResults().apply("Print commits", ParDo.of(new PrintCommitFn()));
    return p;
  }

  /**
   * Creates the repo if needed, runs the stream and, when it is finite, reads the dataset back and
   * compares it with what was written. Returns null for an endless run (it never returns).
   */
  public static Report run(Options options, HubClient client, PrintStream out) {
    String repoId =
        options.getRepoId() != null ? options.getRepoId() : client.whoami().name() + "/events";
    RepoRef repo = RepoRef.dataset(repoId);
    out.println("1. Create the dataset repository: " + client.createRepo(repo).existOk().call());
    Set<String> before = new HashSet<>();
    client.listCommits(repo, "main").forEach(c -> before.add(c.id()));
    Fingerprint.Value existing =
        options.getDurationSeconds() > 0 ? readBack(options, client, repoId) : null;

    out.println(
        "2. Append "
            + options.getEventsPerSecond()
            + " events/s in windows of "
            + options.getWindowSeconds()
            + " s to hf://datasets/"
            + repoId
            + " (split "
            + options.getSplit()
            + "), "
            + (options.getDurationSeconds() > 0
                ? "for " + options.getDurationSeconds() + " s"
                : "until stopped"));
    PipelineResult result = build(options, repoId).run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("streaming write ended in state " + state);
    }
    List<CommitInfo> added = new ArrayList<>();
    for (CommitInfo c : client.listCommits(repo, "main")) {
      if (!before.contains(c.id())) {
        added.add(0, c);
      }
    }
    out.println("3. " + added.size() + " commits added to main:");
    for (CommitInfo c : added) {
      out.println(
          "   commit: "
              + client.endpoint()
              + "/datasets/"
              + repoId
              + "/commit/"
              + c.id()
              + " ("
              + c.title()
              + ")");
    }
    Fingerprint.Value written = Fingerprint.from(result, "written");
    Fingerprint.Value after = readBack(options, client, repoId);
    Fingerprint.Value appended =
        new Fingerprint.Value(
            after.rows() - existing.rows(), after.checksum() - existing.checksum());
    Report report = new Report(repoId, eventCount(options), written, appended, added);
    out.println(
        "4. Read the split back: wrote "
            + written
            + ", the dataset gained "
            + appended
            + " ("
            + after.rows()
            + " rows in all)");
    out.println(
        report.ok()
            ? "Append OK: every event written is in the dataset exactly once."
            : "Append FAILED: the dataset differs from what was written.");
    return report;
  }

  static long eventCount(Options options) {
    return (long) options.getEventsPerSecond() * options.getDurationSeconds();
  }

  /**
   * The fingerprint of the split as it is now (a batch read on the DirectRunner, whatever runner
   * the stream uses); zero while the repo holds no Parquet file.
   */
  static Fingerprint.Value readBack(Options options, HubClient client, String repoId) {
    boolean hasData =
        client.listTree(RepoRef.dataset(repoId)).revision("main").recursive().call().stream()
            .anyMatch(e -> e.isFile() && e.path().endsWith(".parquet"));
    if (!hasData) {
      return new Fingerprint.Value(0, 0);
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(
            "Read back",
            HfIO.read()
                .from(repoId)
                .withSplit(options.getSplit())
                .withHubConfig(HfOptions.hubConfig(options)))
        .apply(Fingerprint.record("read", FIELDS));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    return Fingerprint.from(r, "read");
  }

  /** Prints each commit as the write publishes it (on a cluster, in the worker's stdout). */
  static final class PrintCommitFn extends DoFn<WriteResult, Void> {
    @ProcessElement
    public void process(@Element WriteResult r) {
      System.out.println(
          "   committed "
              + r.rows()
              + " events in "
              + r.files().size()
              + " file(s): "
              + r.commitUrl());
    }
  }
}
