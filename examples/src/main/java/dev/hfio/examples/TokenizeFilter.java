package dev.hfio.examples;

import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.sql.BeamSqlUdf;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;

/**
 * A realistic preprocessing job in Beam SQL: read one split of a text dataset, lower-case and
 * tokenize its text column, keep rows with at least {@code --minTokens} tokens, and write the
 * result, with the new {@code tokens} and {@code num_tokens} columns, as the same split of a new
 * dataset. Both datasets are tables of HfIO's SQL provider ({@code TYPE huggingface}, module {@code
 * hfio-sql}); the tokenizer is a Java UDF ({@code tokenize}), the filter a {@code WHERE} clause,
 * and the write one {@code INSERT INTO} (one commit):
 *
 * <pre>
 * INSERT INTO `destination`
 * SELECT `id`, `text`, `label`, tokens, CARDINALITY(tokens) AS num_tokens
 * FROM (SELECT `id`, `text`, `label`, tokenize(`text`) AS tokens FROM `source`)
 * WHERE CARDINALITY(tokens) &gt;= 9
 * </pre>
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

  /** HfIO's read metrics (README: Metrics under hfio.read); its {@code rows} are the rows read. */
  static final String READ_NAMESPACE = "hfio.read";

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

    // The source's columns, as HfIO resolves them (planning only: nothing is read here).
    Schema sourceSchema =
        Pipeline.create(options)
            .apply(HfIO.read().from(source).withSplit(options.getSplit()))
            .getSchema();
    String sql = sql(options, sourceSchema);
    String ddl =
        SqlTables.createExternalTable(
            "source", sourceSchema, source, Map.of("split", options.getSplit()));
    Schema destinationSchema =
        Schema.builder()
            .addFields(sourceSchema.getFields())
            .addArrayField("tokens", Schema.FieldType.STRING)
            .addInt32Field("num_tokens")
            .build();
    String destinationDdl =
        SqlTables.createExternalTable(
            "destination",
            destinationSchema,
            destination,
            Map.of(
                "split",
                options.getSplit(),
                "create_repo",
                "private",
                "commit_message",
                "Tokenize '"
                    + options.getTextColumn()
                    + "', keep rows with >= "
                    + options.getMinTokens()
                    + " tokens"));
    out.println("SQL: " + sql);

    Pipeline p = Pipeline.create(options);
    p.apply(
            "Tokenize and filter in SQL",
            SqlTransform.query(sql)
                .withDdlString(ddl)
                .withDdlString(destinationDdl)
                .registerUdf("tokenize", TokenizeUdf.class))
        // INSERT INTO returns the rows it wrote
        .apply("Count kept", ParDo.of(new CountFn()));
    PipelineResult result = p.run();
    if (result.waitUntilFinish() != PipelineResult.State.DONE) {
      throw new IllegalStateException(
          "TokenizeFilter pipeline ended in state " + result.getState());
    }
    long read = counter(result, READ_NAMESPACE, "rows");
    long kept = counter(result, NAMESPACE, "rows.kept");
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
            + options.getMinTokens()
            + " tokens, wrote them to "
            + client.endpoint()
            + "/datasets/"
            + repoIdOf(destination));
    return new long[] {read, kept};
  }

  /**
   * The statement: {@code INSERT INTO destination} the source's columns plus {@code tokens} and
   * {@code num_tokens}, for rows with at least {@code --minTokens} tokens.
   */
  static String sql(Options options, Schema sourceSchema) {
    if (!sourceSchema.hasField(options.getTextColumn())
        || sourceSchema.getField(options.getTextColumn()).getType().getTypeName()
            != Schema.TypeName.STRING) {
      throw new IllegalArgumentException(
          "--textColumn="
              + options.getTextColumn()
              + ": the source has no text column of that name; its columns are "
              + sourceSchema.getFieldNames());
    }
    String columns =
        sourceSchema.getFieldNames().stream()
            .map(SqlTables::quote)
            .collect(Collectors.joining(", "));
    return "INSERT INTO `destination` SELECT "
        + columns
        + ", tokens, CARDINALITY(tokens) AS num_tokens FROM (SELECT "
        + columns
        + ", tokenize("
        + SqlTables.quote(options.getTextColumn())
        + ") AS tokens FROM `source`) WHERE CARDINALITY(tokens) >= "
        + options.getMinTokens();
  }

  /** The SQL function {@code tokenize(text)}: {@link #tokenize(String)} as a Beam SQL UDF. */
  public static final class TokenizeUdf implements BeamSqlUdf {
    private static final long serialVersionUID = 1L;

    /** Called by Beam SQL once per row. */
    public static List<String> eval(String text) {
      return tokenize(text);
    }
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

  private static long counter(PipelineResult result, String namespace, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(namespace, name))
                    .build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  /** Counts the rows {@code INSERT INTO} wrote. */
  private static final class CountFn extends DoFn<Row, Void> {
    private final Counter kept = Metrics.counter(NAMESPACE, "rows.kept");

    @ProcessElement
    public void process(@Element Row row) {
      kept.inc();
    }
  }
}
