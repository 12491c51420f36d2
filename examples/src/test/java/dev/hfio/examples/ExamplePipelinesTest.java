package dev.hfio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.localhub.LocalHubExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TokenizeFilter and CopyDataset against one embedded localhub, results read back with HfIO.read.
 */
class ExamplePipelinesTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static final List<Row> REVIEWS = Reviews.generate(300);

  @BeforeAll
  static void seed() {
    Pipeline p = Pipeline.create(hubArgs());
    p.apply(Create.of(REVIEWS).withRowSchema(Reviews.SCHEMA))
        .apply(HfIO.write().to("dev/reviews").withSplit("train").withCreateRepo(Visibility.PUBLIC));
    assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }

  @Test
  void tokenizeFilterKeepsLongRowsWithTheirTokens() {
    TokenizeFilter.Options o =
        PipelineOptionsFactory.fromArgs(
                args("--source=dev/reviews", "--destination=dev/reviews_tokens", "--minTokens=9"))
            .as(TokenizeFilter.Options.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] counts;
    try (HubConnection hub =
        HubConnection.open(o, new PrintStream(out, true, StandardCharsets.UTF_8))) {
      counts = TokenizeFilter.run(o, hub, new PrintStream(out, true, StandardCharsets.UTF_8));
    }
    long expectedKept =
        REVIEWS.stream()
            .filter(r -> TokenizeFilter.tokenize(r.getString("text")).size() >= 9)
            .count();
    assertThat(expectedKept).as("the threshold must split the sample").isBetween(1L, 299L);
    assertThat(counts).containsExactly(300L, expectedKept);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("SQL: INSERT INTO `destination` SELECT `id`, `text`, `label`, tokens,")
        .contains("Read 300 rows of dev/reviews split 'train', kept " + expectedKept);

    Pipeline p = Pipeline.create(hubArgs());
    PCollection<Row> written = p.apply(HfIO.read().from("dev/reviews_tokens").withSplit("train"));
    // the columns (names, types, nullability) the Java version of the example wrote
    assertThat(written.getSchema())
        .isEqualTo(
            Schema.builder()
                .addFields(Reviews.SCHEMA.getFields())
                .addArrayField("tokens", Schema.FieldType.STRING)
                .addInt32Field("num_tokens")
                .build());
    PAssert.that(written)
        .satisfies(
            rows -> {
              List<Row> all =
                  StreamSupport.stream(rows.spliterator(), false).collect(Collectors.toList());
              assertThat(all).hasSize((int) expectedKept);
              for (Row r : all) {
                List<String> tokens = List.copyOf(r.getArray("tokens"));
                assertThat(tokens).isEqualTo(TokenizeFilter.tokenize(r.getString("text")));
                assertThat(r.getInt32("num_tokens"))
                    .isEqualTo(tokens.size())
                    .isGreaterThanOrEqualTo(9);
              }
              return null;
            });
    assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }

  @Test
  void copyDatasetCopiesOneSplit() {
    CopyDataset.Options o =
        PipelineOptionsFactory.fromArgs(
                args(
                    "--source=hf://datasets/dev/reviews",
                    "--destination=dev/reviews_copy",
                    "--split=train"))
            .as(CopyDataset.Options.class);
    assertThat(CopyDataset.build(o).run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    Pipeline p = Pipeline.create(hubArgs());
    PAssert.that(
            p.apply(HfIO.read().from("dev/reviews_copy").withSplit("train"))
                .apply(MapElements.into(TypeDescriptors.strings()).via(ExamplePipelinesTest::key)))
        .containsInAnyOrder(
            REVIEWS.stream().map(ExamplePipelinesTest::key).collect(Collectors.toList()));
    assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }

  static String key(Row r) {
    return r.getValue("id") + "|" + r.getValue("label") + "|" + r.getValue("text");
  }

  static String[] args(String... extra) {
    String[] base = {"--hfEndpoint=" + HUB.hub().url(), "--hfToken=" + HUB.hub().writeToken()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  static ExampleOptions hubArgs() {
    return PipelineOptionsFactory.fromArgs(args()).as(ExampleOptions.class);
  }
}
