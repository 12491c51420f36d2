package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.RepoRef;
import dev.hfio.parquet.ViewerLimitException;
import dev.hfio.testing.HubFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The write-time check of the viewer's limits (a row group above 300,000,000 bytes before
 * compression, a column name above 500 characters): a warning by default, a {@link
 * ViewerLimitException} naming repo, branch and path with {@code withFailOnViewerLimits()}, and
 * then nothing is committed.
 */
class ViewerLimitsTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final String LONG_NAME = "c".repeat(501);
  static final Schema S = Schema.builder().addInt64Field("id").addStringField(LONG_NAME).build();

  static List<Row> rows() {
    return List.of(
        Row.withSchema(S).addValues(1L, "a").build(), Row.withSchema(S).addValues(2L, "b").build());
  }

  @Test
  void theLimitsAreTheViewersNumbers() {
    Schema ok = Schema.builder().addStringField("c".repeat(500)).build();
    assertThat(ViewerLimits.problem(ok, 300_000_000L)).isNull();
    assertThat(ViewerLimits.problem(ok, 300_000_001L))
        .contains("300000001 bytes before compression")
        .contains("300000000-byte read limit");
    assertThat(ViewerLimits.problem(S, 10)).contains("column names longer than 500 characters");
  }

  @Test
  void byDefaultAFileAboveTheLimitsIsCommittedWithAWarning() {
    RepoRef repo = HUB.newDataset("viewer-warn");
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run(write(repo));
    } finally {
      System.setErr(err);
    }
    assertThat(HUB.listFiles(repo, "main")).contains("data/train-00000-of-00001.parquet");
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains(
            "Parquet file data/train-00000-of-00001.parquet of "
                + repo.id()
                + "@main exceeds what the Hub's dataset viewer reads: column names longer than"
                + " 500 characters");
  }

  @Test
  void withFailOnViewerLimitsTheWriteFailsNamingTheFileAndCommitsNothing() {
    RepoRef repo = HUB.newDataset("viewer-fail");
    int commits = HUB.commits(repo, "main").size();
    assertThatThrownBy(() -> run(write(repo).withFailOnViewerLimits()))
        .satisfies(
            e -> {
              Throwable t = e;
              while (t != null && !(t instanceof ViewerLimitException)) {
                t = t.getCause();
              }
              assertThat(t).isInstanceOf(ViewerLimitException.class);
              assertThat(((ViewerLimitException) t).path())
                  .isEqualTo("data/train-00000-of-00001.parquet");
              assertThat(t.getMessage())
                  .contains(repo.id() + "@main")
                  .contains("nothing was committed");
            });
    assertThat(HUB.commits(repo, "main")).hasSize(commits);
    assertThat(HUB.listFiles(repo, "main")).noneMatch(f -> f.endsWith(".parquet"));
  }

  private static HfIO.Write write(RepoRef repo) {
    return HfIO.write()
        .to(repo.id())
        .withSplit("train")
        .withNumShards(1)
        .withHubConfig(HUB.config(HUB.writeToken()));
  }

  private static void run(HfIO.Write write) {
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(Create.of(rows()).withRowSchema(S)).apply(write);
    p.run().waitUntilFinish();
  }
}
