package dev.hfio.examples;

import dev.hfio.HfIO;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The "Dask + Hugging Face" page told with Beam: create a dataset repo, write the whole dataset,
 * write train/validation/test split directories, then read everything and each split back and check
 * that what was read equals what was written. The whole dataset goes to the repo root, which HfIO
 * writes in the push_to_hub layout ({@code data/train-*.parquet} and the README {@code configs}),
 * so reading the root back returns it; each split goes to its own directory of part files, read
 * back like Dask reads a folder.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.hfio.examples.Quickstart
 * </pre>
 *
 * Without {@code --hfEndpoint} (or {@code HF_ENDPOINT}) it starts an embedded localhub; with it, it
 * runs unchanged against that Hub using {@code --hfToken} / {@code HF_TOKEN}. Any Beam runner flags
 * apply ({@code --runner=...}). Exits 1 if any read differs from what was written.
 */
public final class Quickstart {
  static final List<String> FIELDS = List.of("id", "text", "label");

  private Quickstart() {}

  public static void main(String[] args) {
    QuickstartOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(QuickstartOptions.class);
    Report report;
    try (HubConnection hub = HubConnection.open(options, System.out)) {
      report = run(options, hub.client(), System.out);
    }
    if (!report.ok()) {
      System.exit(1);
    }
  }

  /** What a run read compared with what it wrote, per label ({@code all} and each split). */
  public record Report(
      String repoId,
      Map<String, Fingerprint.Value> expected,
      Map<String, Fingerprint.Value> read,
      List<String> commitUrls) {
    public boolean ok() {
      return expected.equals(read);
    }
  }

  /**
   * Runs the quickstart with {@code options} (runner, Hub endpoint and token already set) and
   * prints its story to {@code out}. Four pipelines: write the whole dataset, write the three
   * splits, read everything back.
   */
  public static Report run(QuickstartOptions options, HubClient client, PrintStream out) {
    String repoId =
        options.getRepoId() != null ? options.getRepoId() : client.whoami().name() + "/my_dataset";
    RepoRef repo = RepoRef.dataset(repoId);
    String base = "hf://datasets/" + repoId;
    List<Row> rows = Reviews.generate(options.getRows());
    List<String> commits = new ArrayList<>();

    out.println("1. Create the dataset repository: " + client.createRepo(repo).existOk().call());

    out.println("2. Write the whole dataset (" + rows.size() + " rows) to " + base);
    commits.addAll(runAndListNewCommits(writeWhole(options, rows, base), client, repo, out));

    out.println(
        "3. Write the train/validation/test splits to " + base + "/{train,validation,test}");
    commits.addAll(runAndListNewCommits(writeSplits(options, rows, base), client, repo, out));

    out.println("4. Read everything and each split back");
    Map<String, Fingerprint.Value> expected = new LinkedHashMap<>();
    expected.put("all", Fingerprint.of(rows, FIELDS));
    for (String split : Reviews.SPLITS) {
      expected.put(split, Fingerprint.of(Reviews.split(rows, split), FIELDS));
    }
    PipelineResult result = readBack(options, base).run();
    finish(result);

    Map<String, Fingerprint.Value> got = new LinkedHashMap<>();
    for (String label : expected.keySet()) {
      got.put(label, Fingerprint.from(result, label));
    }
    StringBuilder counts = new StringBuilder("   rows per split:");
    for (String split : Reviews.SPLITS) {
      counts.append(' ').append(split).append('=').append(got.get(split).rows());
    }
    out.println(counts.append(", all=").append(got.get("all").rows()));
    Report report = new Report(repoId, expected, got, commits);
    for (Map.Entry<String, Fingerprint.Value> e : expected.entrySet()) {
      Fingerprint.Value g = got.get(e.getKey());
      out.println(
          "   "
              + (e.getValue().equals(g) ? "ok       " : "MISMATCH ")
              + e.getKey()
              + ": wrote "
              + e.getValue()
              + ", read "
              + g);
    }
    out.println(
        report.ok()
            ? "Round trip OK: every read equals what was written."
            : "Round trip FAILED: some reads differ from what was written.");
    return report;
  }

  /**
   * Step 2's pipeline: {@code rows} written to the repo root {@code base} (push_to_hub layout).
   * Public, like the other steps, so a test can translate it on a runner without running it.
   */
  public static Pipeline writeWhole(QuickstartOptions options, List<Row> rows, String base) {
    Pipeline whole = Pipeline.create(options);
    // A repo-root target is the push_to_hub layout: data/train-*.parquet plus the README configs
    // entry.
    whole
        .apply("Rows", Create.of(rows).withRowSchema(Reviews.SCHEMA))
        .apply("Write whole dataset", HfIO.write().to(base));
    return whole;
  }

  /** Step 3's pipeline: each split of {@code rows} written to its directory under {@code base}. */
  public static Pipeline writeSplits(QuickstartOptions options, List<Row> rows, String base) {
    Pipeline splits = Pipeline.create(options);
    for (String split : Reviews.SPLITS) {
      // A directory target gets part-NNNNN-of-NNNNN.parquet files; the three writes commit
      // concurrently.
      splits
          .apply(
              "Rows " + split, Create.of(Reviews.split(rows, split)).withRowSchema(Reviews.SCHEMA))
          .apply("Write " + split, HfIO.write().to(base + "/" + split));
    }
    return splits;
  }

  /**
   * Step 4's pipeline: the whole dataset and each split read back and fingerprinted (Beam metrics
   * named by label), three train rows printed. Reads the Hub at construction (schemas, files).
   */
  public static Pipeline readBack(QuickstartOptions options, String base) {
    Pipeline read = Pipeline.create(options);
    // The repo root resolves like datasets.load_dataset (README configs written in step 2): the
    // whole dataset.
    read.apply("Read all", HfIO.read().from(base))
        .apply("Fingerprint all", Fingerprint.record("all", FIELDS));
    // A directory is read like Dask: every Parquet file under it. Every step is named: Dataflow
    // matches steps by name when a job is updated.
    for (String split : Reviews.SPLITS) {
      PCollection<Row> r =
          read.apply("Read " + split, HfIO.read().from(base + "/" + split))
              .apply("Fingerprint " + split, Fingerprint.record(split, FIELDS));
      if (split.equals("train")) {
        r.apply("Sample", Sample.any(3)).apply("Print", ParDo.of(new PrintRow()));
      }
    }
    return read;
  }

  private static void finish(PipelineResult result) {
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("pipeline ended in state " + state);
    }
  }

  /**
   * Runs {@code p} to completion and prints the URLs of the commits it added to {@code main},
   * oldest first.
   */
  private static List<String> runAndListNewCommits(
      Pipeline p, HubClient client, RepoRef repo, PrintStream out) {
    Set<String> before = new HashSet<>();
    client.listCommits(repo, "main").forEach(c -> before.add(c.id()));
    finish(p.run());
    List<CommitInfo> added = new ArrayList<>();
    for (CommitInfo c : client.listCommits(repo, "main")) {
      if (!before.contains(c.id())) {
        added.add(0, c);
      }
    }
    List<String> urls = new ArrayList<>();
    for (CommitInfo c : added) {
      urls.add(client.endpoint() + "/datasets/" + repo.id() + "/commit/" + c.id());
      out.println("   commit: " + urls.get(urls.size() - 1) + " (" + c.title() + ")");
    }
    return urls;
  }

  /** Prints a sampled row; on a cluster this lands in the worker's stdout. */
  static final class PrintRow extends DoFn<Row, Void> {
    @ProcessElement
    public void process(@Element Row row) {
      System.out.println(
          "   row: id="
              + row.getValue("id")
              + " label="
              + row.getValue("label")
              + " text="
              + row.getValue("text"));
    }
  }
}
