package dev.hfio.examples;

import dev.hfio.HfIO;
import dev.hfio.WriteMode;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Tails a Hub dataset: {@code HfIO.read().watchForNewCommits(...)} polls the branch head every
 * {@code --pollSeconds} and reads each Parquet file that a new commit adds, once; the rows are
 * printed as they arrive, stamped with the time of the commit that added them, and counted per
 * commit second (windows that close as the watermark follows the commits).
 *
 * <pre>
 * mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.hfio.examples.StreamingTail \
 *     -Dexec.args="--source=username/events --split=train --pollSeconds=5 --idleStopSeconds=120"
 * </pre>
 *
 * On an embedded localhub (no {@code --hfEndpoint}) with no {@code --source} dataset, it first
 * commits a few events and then appends {@code --demoCommits} more, one every two polls, from a
 * background thread, so there is something to tail. Run {@link StreamingAppend} against the same
 * Hub and dataset to tail a live stream instead.
 */
public final class StreamingTail {
  static final String NAMESPACE = "hfio.examples.tail";

  /** Options of {@link StreamingTail}. */
  public interface Options extends ExampleOptions {
    @Description("Dataset to tail: repo id or hf:// path. Default: <your user name>/events.")
    String getSource();

    void setSource(String source);

    @Description(
        "Split to tail (the dataset card's configs decide its files); empty: the whole"
            + " dataset.")
    @Default.String("train")
    String getSplit();

    void setSplit(String split);

    @Description("Seconds between two polls of the branch head (one API call per poll).")
    @Default.Integer(5)
    int getPollSeconds();

    void setPollSeconds(int seconds);

    @Description("Stop after this many seconds without a new file; 0: tail until stopped.")
    @Default.Integer(60)
    int getIdleStopSeconds();

    void setIdleStopSeconds(int seconds);

    @Description("Skip the files already there and print only rows of later commits.")
    @Default.Boolean(false)
    boolean getStartAtNewCommits();

    void setStartAtNewCommits(boolean b);

    @Description("Rows printed per file at most (all rows are counted).")
    @Default.Integer(3)
    int getPrintRows();

    void setPrintRows(int n);

    @Description("Embedded localhub only: commits the demo writer appends while the tail runs.")
    @Default.Integer(3)
    int getDemoCommits();

    void setDemoCommits(int n);

    @Description("Embedded localhub only: events per demo commit.")
    @Default.Integer(20)
    int getDemoEventsPerCommit();

    void setDemoEventsPerCommit(int n);
  }

  private StreamingTail() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    try (HubConnection hub = HubConnection.open(options, System.out)) {
      run(options, hub, System.out);
    }
  }

  /** The tail pipeline: the watched read, a printer and per-commit counts. */
  public static Pipeline build(Options options, String source) {
    Pipeline p = Pipeline.create(options);
    HfIO.Read read = HfIO.read().from(source);
    if (!options.getSplit().isEmpty()) {
      read = read.withSplit(options.getSplit());
    }
    read = read.watchForNewCommits(Duration.standardSeconds(options.getPollSeconds()));
    if (options.getIdleStopSeconds() > 0) {
      read = read.withStopAfterIdle(Duration.standardSeconds(options.getIdleStopSeconds()));
    }
    if (options.getStartAtNewCommits()) {
      read = read.withStartAtNewCommits();
    }
    PCollection<Row> rows = p.apply("Tail " + source, read);
    rows.apply(Fingerprint.record("tailed", rows.getSchema().getFieldNames()))
        .apply("Print rows", ParDo.of(new PrintRowFn(options.getPrintRows())));
    rows.apply("Per commit second", Window.into(FixedWindows.of(Duration.standardSeconds(1))))
        .apply("Count", Combine.globally(Count.<Row>combineFn()).withoutDefaults())
        .apply("Print counts", ParDo.of(new PrintCountFn()));
    return p;
  }

  /**
   * Tails {@code --source} until the idle stop (never returns without one); returns the fingerprint
   * of every row read.
   */
  public static Fingerprint.Value run(Options options, HubConnection hub, PrintStream out) {
    HubClient client = hub.client();
    String source =
        options.getSource() != null ? options.getSource() : client.whoami().name() + "/events";
    Thread demo = null;
    if (hub.isEmbedded() && !client.repoExists(RepoRef.dataset(TokenizeFilter.repoIdOf(source)))) {
      out.println(
          "Source "
              + source
              + " does not exist on the embedded localhub: committing "
              + options.getDemoEventsPerCommit()
              + " events, then "
              + options.getDemoCommits()
              + " more commits while the tail runs.");
      client.createRepo(RepoRef.dataset(TokenizeFilter.repoIdOf(source))).existOk().call();
      appendEvents(options, source, 0, options.getDemoEventsPerCommit());
      demo = startDemoWriter(options, source, out);
    }
    out.println(
        "Tailing "
            + source
            + (options.getSplit().isEmpty() ? "" : " split " + options.getSplit())
            + ": one head request every "
            + options.getPollSeconds()
            + " s"
            + (options.getIdleStopSeconds() > 0
                ? ", stopping after " + options.getIdleStopSeconds() + " s without a new file"
                : ", until stopped")
            + ".");
    PipelineResult result = build(options, source).run();
    PipelineResult.State state = result.waitUntilFinish();
    if (demo != null) {
      try {
        demo.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("tail ended in state " + state);
    }
    Fingerprint.Value tailed = Fingerprint.from(result, "tailed");
    out.println("Tail stopped after " + tailed.rows() + " rows (" + tailed + ").");
    return tailed;
  }

  /**
   * The demo writer: every two polls, appends the next {@code --demoEventsPerCommit} events as one
   * commit (a batch {@code HfIO.write()} in APPEND mode on the DirectRunner).
   */
  private static Thread startDemoWriter(Options options, String source, PrintStream out) {
    Thread t =
        new Thread(
            () -> {
              int n = options.getDemoEventsPerCommit();
              for (int i = 1; i <= options.getDemoCommits(); i++) {
                try {
                  Thread.sleep(2000L * options.getPollSeconds());
                } catch (InterruptedException e) {
                  return;
                }
                appendEvents(options, source, (long) i * n, n);
                out.println(
                    "   [demo writer] committed events "
                        + (long) i * n
                        + ".."
                        + ((long) (i + 1) * n - 1));
              }
            },
            "demo-writer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Appends events {@code from .. from+count-1} to the split as one commit. */
  static void appendEvents(Options options, String source, long from, int count) {
    List<Row> rows = new ArrayList<>();
    Instant now = Instant.now();
    for (long id = from; id < from + count; id++) {
      rows.add(Events.event(id, now));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    HfIO.Write write =
        HfIO.write()
            .to(TokenizeFilter.repoIdOf(source))
            .withMode(WriteMode.APPEND)
            .withCommitMessage("Append events " + from + ".." + (from + count - 1))
            .withHubConfig(HfOptions.hubConfig(options));
    if (!options.getSplit().isEmpty()) {
      write = write.withSplit(options.getSplit());
    }
    p.apply(Create.of(rows).withRowSchema(Events.SCHEMA)).apply(write);
    p.run().waitUntilFinish();
  }

  /** Prints the first rows of each bundle as they arrive, with the commit time they carry. */
  static final class PrintRowFn extends DoFn<Row, Void> {
    private final int max;
    private transient int printed;

    PrintRowFn(int max) {
      this.max = max;
    }

    @StartBundle
    public void start() {
      printed = 0;
    }

    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant commitTime) {
      if (printed++ < max) {
        StringBuilder b = new StringBuilder("   row (commit of ").append(commitTime).append("):");
        List<String> names = row.getSchema().getFieldNames();
        for (int i = 0; i < Math.min(names.size(), 5); i++) {
          b.append(' ')
              .append(names.get(i))
              .append('=')
              .append(String.valueOf((Object) row.getValue(i)));
        }
        System.out.println(b);
      }
    }
  }

  /** Prints how many rows the commits of one second added, when the watermark passes it. */
  static final class PrintCountFn extends DoFn<Long, Void> {
    @ProcessElement
    public void process(@Element Long count, BoundedWindow window) {
      System.out.println(
          "   commit(s) at " + ((IntervalWindow) window).start() + ": " + count + " rows");
    }
  }
}
