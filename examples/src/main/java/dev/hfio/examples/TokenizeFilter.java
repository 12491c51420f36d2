package dev.hfio.examples;

import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Filter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * A realistic preprocessing job: read one split of a text dataset, lower-case and tokenize its text
 * column, keep rows with at least {@code --minTokens} tokens (a Beam schema {@link Filter}), and
 * write the result, with the new {@code tokens} and {@code num_tokens} columns, as the same split
 * of a new dataset.
 *
 * <pre>
 * mvn -B -q -pl examples exec:java -Dexec.mainClass=dev.hfio.examples.TokenizeFilter \
 *     -Dexec.args="--source=username/my_dataset --split=train --destination=username/my_dataset_tokens"
 * </pre>
 *
 * On an embedded localhub (no {@code --hfEndpoint}) a missing source is first filled with the
 * quickstart's sample reviews, so the job runs with no arguments at all.
 */
public final class TokenizeFilter {
  static final String NAMESPACE = "hfio.examples.tokenize";

  /** Options of {@link TokenizeFilter}. */
  public interface Options extends ExampleOptions {
    @Description("Dataset to read: repo id or hf:// path. Default: <your user name>/my_dataset.")
    String getSource();

    void setSource(String source);

    @Description("Split to read and write.")
    @Default.String("train")
    String getSplit();

    void setSplit(String split);

    @Description("Name of the text column.")
    @Default.String("text")
    String getTextColumn();

    void setTextColumn(String column);

    @Description("Rows with fewer tokens are dropped.")
    @Default.Integer(9)
    int getMinTokens();

    void setMinTokens(int n);

    @Description(
        "Dataset repo to write (created private if missing). Default: <source repo>_tokens.")
    String getDestination();

    void setDestination(String destination);
  }

  private TokenizeFilter() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    try (HubConnection hub = HubConnection.open(options, System.out)) {
      run(options, hub, System.out);
    }
  }

  /** Runs the job to completion; prints and returns rows read and rows kept. */
  public static long[] run(Options options, HubConnection hub, PrintStream out) {
    HubClient client = hub.client();
    String user = client.whoami().name();
    String source = options.getSource() != null ? options.getSource() : user + "/my_dataset";
    String destination =
        options.getDestination() != null ? options.getDestination() : repoIdOf(source) + "_tokens";
    if (hub.isEmbedded() && !client.repoExists(RepoRef.dataset(repoIdOf(source)))) {
      out.println(
          "Source "
              + source
              + " does not exist on the embedded localhub: writing 1000 sample reviews to "
              + "its '"
              + options.getSplit()
              + "' split first.");
      Pipeline seed = Pipeline.create(options);
      seed.apply(Create.of(Reviews.generate(1000)).withRowSchema(Reviews.SCHEMA))
          .apply(
              HfIO.write()
                  .to(source)
                  .withSplit(options.getSplit())
                  .withCreateRepo(Visibility.PRIVATE));
      seed.run().waitUntilFinish();
    }

    Pipeline p = Pipeline.create(options);
    PCollection<Row> in =
        p.apply(
            "Read " + options.getSplit(), HfIO.read().from(source).withSplit(options.getSplit()));
    Schema outSchema =
        Schema.builder()
            .addFields(in.getSchema().getFields())
            .addArrayField("tokens", Schema.FieldType.STRING)
            .addInt32Field("num_tokens")
            .build();
    int minTokens = options.getMinTokens();
    in.apply("Tokenize", ParDo.of(new TokenizeFn(options.getTextColumn(), outSchema)))
        .setRowSchema(outSchema)
        .apply(
            "Keep >= " + minTokens + " tokens",
            Filter.<Row>create().whereFieldName("num_tokens", (Integer n) -> n >= minTokens))
        .apply("Count kept", ParDo.of(new CountFn()))
        .setRowSchema(outSchema)
        .apply(
            "Write",
            HfIO.write()
                .to(destination)
                .withSplit(options.getSplit())
                .withCreateRepo(Visibility.PRIVATE)
                .withCommitMessage(
                    "Tokenize '"
                        + options.getTextColumn()
                        + "', keep rows with >= "
                        + minTokens
                        + " tokens"));
    PipelineResult result = p.run();
    if (result.waitUntilFinish() != PipelineResult.State.DONE) {
      throw new IllegalStateException(
          "TokenizeFilter pipeline ended in state " + result.getState());
    }
    long read = counter(result, "rows.read");
    long kept = counter(result, "rows.kept");
    out.println(
        "Read "
            + read
            + " rows of "
            + source
            + " split '"
            + options.getSplit()
            + "', kept "
            + kept
            + " with >= "
            + minTokens
            + " tokens, wrote them to "
            + client.endpoint()
            + "/datasets/"
            + repoIdOf(destination));
    return new long[] {read, kept};
  }

  /** Lower-cased word tokens: runs of letters, digits and apostrophes. */
  public static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    if (text == null) {
      return tokens;
    }
    for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /** {@code ns/name} of a repo id or hf://datasets/ns/name[@rev][/path]. */
  static String repoIdOf(String sourceOrPath) {
    String s =
        sourceOrPath.startsWith("hf://datasets/")
            ? sourceOrPath.substring("hf://datasets/".length())
            : sourceOrPath;
    String[] parts = s.split("/");
    String name = parts[1].contains("@") ? parts[1].substring(0, parts[1].indexOf('@')) : parts[1];
    return parts[0] + "/" + name;
  }

  private static long counter(PipelineResult result, String name) {
    return result
        .metrics()
        .queryMetrics(
            org.apache.beam.sdk.metrics.MetricsFilter.builder()
                .addNameFilter(org.apache.beam.sdk.metrics.MetricNameFilter.named(NAMESPACE, name))
                .build())
        .getCounters()
        .iterator()
        .next()
        .getAttempted();
  }

  private static final class TokenizeFn extends DoFn<Row, Row> {
    private final String column;
    private final Schema outSchema;
    private final Counter read = Metrics.counter(NAMESPACE, "rows.read");

    TokenizeFn(String column, Schema outSchema) {
      this.column = column;
      this.outSchema = outSchema;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      read.inc();
      List<String> tokens = tokenize(row.getString(column));
      out.output(
          Row.withSchema(outSchema)
              .addValues(row.getValues())
              .addValue(tokens)
              .addValue(tokens.size())
              .build());
    }
  }

  private static final class CountFn extends DoFn<Row, Row> {
    private final Counter kept = Metrics.counter(NAMESPACE, "rows.kept");

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      kept.inc();
      out.output(row);
    }
  }
}
