package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.ConfigEntry;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HfIO.write() on the DirectRunner against an embedded localhub: layouts, modes, branches, PRs and
 * bad input.
 */
class HfIOWriteTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  private static HfIO.Write write(RepoRef repo, String dir) {
    return HfIO.write()
        .to("hf://datasets/" + repo.id() + (dir.isEmpty() ? "" : "/" + dir))
        .withHubConfig(HUB.config(HUB.writeToken()));
  }

  @Test
  void splitLayoutRoundTripWithCard() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("split");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> res =
        WritePipelines.run(write(repo, "").withSplit("validation").withNumShards(3), rows(0, 1000));
    assertThat(res).hasSize(1);
    WriteResult r = res.get(0);
    assertThat(r.rows()).isEqualTo(1000);
    assertThat(r.files())
        .containsExactly(
            "data/validation-00000-of-00003.parquet",
            "data/validation-00001-of-00003.parquet",
            "data/validation-00002-of-00003.parquet");
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.commits(repo, "main").get(0).id()).isEqualTo(r.commitSha());
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 1000));
    DatasetCard card =
        DatasetCard.parse(
            new String(c.readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8));
    ConfigEntry cfg = card.config("default").orElseThrow();
    assertThat(cfg.dataFiles().orElseThrow())
        .isEqualTo(Map.of("validation", List.of("data/validation-*")));
    assertThat(
            card.datasetInfo("default")
                .orElseThrow()
                .split("validation")
                .orElseThrow()
                .numExamples())
        .isEqualTo(1000);
  }

  @Test
  void repoRootMeansTrainSplitAndOverwriteReplacesOldShards() throws Exception {
    RepoRef repo = HUB.newDataset("overwrite");
    WritePipelines.run(write(repo, "").withNumShards(4), rows(0, 400));
    assertThat(HUB.listFiles(repo, "main")).filteredOn(f -> f.startsWith("data/")).hasSize(4);
    WritePipelines.run(write(repo, "").withNumShards(2), rows(1000, 50));
    assertThat(HUB.listFiles(repo, "main"))
        .filteredOn(f -> f.startsWith("data/"))
        .containsExactly("data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet");
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(1000, 50));
  }

  @Test
  void directoryLayoutAndAppend() throws Exception {
    RepoRef repo = HUB.newDataset("dir");
    WritePipelines.run(write(repo, "train").withNumShards(2), rows(0, 100));
    assertThat(HUB.listFiles(repo, "main"))
        .contains("train/part-00000-of-00002.parquet", "train/part-00001-of-00002.parquet")
        .doesNotContain("README.md");
    List<WriteResult> res =
        WritePipelines.run(
            write(repo, "train").withMode(WriteMode.APPEND).withNumShards(1), rows(100, 30));
    String id8 = res.get(0).writeId().substring(0, 8);
    assertThat(res.get(0).files()).containsExactly("train/part-00000-of-00001-" + id8 + ".parquet");
    assertThat(HUB.readBack(repo, "main", "train/")).isEqualTo(values(0, 130));
  }

  @Test
  void appendWithAnotherSchemaFailsBeforeUploadListingBothSchemas() {
    RepoRef repo = HUB.newDataset("schema");
    WritePipelines.run(write(repo, "").withSplit("train"), rows(0, 10));
    int before = HUB.commits(repo, "main").size();
    org.apache.beam.sdk.schemas.Schema other =
        org.apache.beam.sdk.schemas.Schema.builder()
            .addInt64Field("id")
            .addStringField("title")
            .build();
    org.apache.beam.sdk.Pipeline p =
        org.apache.beam.sdk.Pipeline.create(
            WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    p.apply(
            org.apache.beam.sdk.transforms.Create.of(
                    org.apache.beam.sdk.values.Row.withSchema(other).addValues(1L, "x").build())
                .withRowSchema(other))
        .apply(write(repo, "").withSplit("train").withMode(WriteMode.APPEND));
    HUB.resetCounters();
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasMessageContaining("Cannot APPEND")
        .hasMessageContaining("title")
        .hasMessageContaining("score");
    assertThat(HUB.counter("lfs")).isZero();
    assertThat(HUB.commits(repo, "main")).hasSize(before);
  }

  @Test
  void errorIfExistsRefusesAnExistingSplitButWritesANewOne() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("exists");
    WritePipelines.run(write(repo, "").withSplit("train"), rows(0, 10));
    int before = HUB.commits(repo, "main").size();
    assertThatThrownBy(
            () ->
                WritePipelines.run(
                    write(repo, "").withSplit("train").withMode(WriteMode.ERROR_IF_EXISTS),
                    rows(0, 10)))
        .hasMessageContaining("ERROR_IF_EXISTS");
    assertThat(HUB.commits(repo, "main")).hasSize(before);
    WritePipelines.run(
        write(repo, "").withSplit("test").withMode(WriteMode.ERROR_IF_EXISTS), rows(5, 5));
    assertThat(HUB.readBack(repo, "main", "data/test-")).isEqualTo(values(5, 5));
    DatasetCard card =
        DatasetCard.parse(
            new String(c.readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8));
    assertThat(card.config("default").orElseThrow().dataFiles().orElseThrow())
        .containsOnlyKeys("train", "test");
  }

  @Test
  void branchIsCreatedAndMainStaysUntouched() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("branch");
    String mainHead = c.resolveRevision(repo, "main");
    List<WriteResult> res =
        WritePipelines.run(write(repo, "").withSplit("train").withRevision("dev"), rows(0, 20));
    assertThat(res.get(0).revision()).isEqualTo("dev");
    assertThat(c.resolveRevision(repo, "main")).isEqualTo(mainHead);
    assertThat(c.resolveRevision(repo, "dev")).isEqualTo(res.get(0).commitSha());
    assertThat(HUB.readBack(repo, "dev", "data/")).isEqualTo(values(0, 20));
  }

  @Test
  void createPrOpensAPullRequestAndLeavesMain() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("pr");
    String mainHead = c.resolveRevision(repo, "main");
    List<WriteResult> res =
        WritePipelines.run(write(repo, "").withSplit("train").withCreatePr(), rows(0, 20));
    assertThat(res.get(0).pullRequestUrl()).contains("/discussions/");
    assertThat(c.resolveRevision(repo, "main")).isEqualTo(mainHead);
    String pr =
        "refs/pr/" + res.get(0).pullRequestUrl().replaceAll(".*/discussions/(\\d+).*", "$1");
    assertThat(HUB.readBack(repo, pr, "data/")).isEqualTo(values(0, 20));
  }

  @Test
  void emptyInputCommitsNothing() {
    RepoRef repo = HUB.newDataset("empty");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> res = WritePipelines.run(write(repo, "").withSplit("train"), List.of());
    assertThat(res).hasSize(1);
    assertThat(res.get(0).commitSha()).isNull();
    assertThat(res.get(0).files()).isEmpty();
    assertThat(HUB.commits(repo, "main")).hasSize(before);
  }

  @Test
  void missingRepoIsAnErrorUnlessCreateRepo() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = RepoRef.dataset("dev/not-there-" + System.nanoTime());
    assertThatThrownBy(() -> WritePipelines.run(write(repo, "").withSplit("train"), rows(0, 3)))
        .hasMessageContaining("does not exist")
        .hasMessageContaining("withCreateRepo");
    assertThat(c.repoExists(repo)).isFalse();
    WritePipelines.run(
        write(repo, "").withSplit("train").withCreateRepo(Visibility.PRIVATE), rows(0, 3));
    assertThat(c.repoInfo(repo, null).isPrivate()).isTrue();
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 3));
  }

  @Test
  void readOnlyTokenFailsBeforeAnyUpload() {
    RepoRef repo = HUB.newDataset("readonly");
    HUB.resetCounters();
    assertThatThrownBy(
            () ->
                WritePipelines.run(
                    HfIO.write()
                        .to(repo.id())
                        .withSplit("train")
                        .withHubConfig(HUB.config(HUB.readToken())),
                    rows(0, 3)))
        .hasMessageContaining("read-only")
        .hasMessageContaining("--hfToken");
    assertThat(HUB.counter("lfs")).isZero();
  }

  @Test
  void noTokenFailsAtConstructionNamingTheOption() {
    org.apache.beam.sdk.Pipeline p =
        org.apache.beam.sdk.Pipeline.create(
            WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    assertThatThrownBy(
            () ->
                p.apply(
                        org.apache.beam.sdk.transforms.Create.of(rows(0, 1))
                            .withRowSchema(TestRows.SCHEMA))
                    .apply(HfIO.write().to("dev/x").withHubConfig(HUB.config(null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--hfToken")
        .hasMessageContaining("HF_TOKEN");
  }

  @Test
  void argumentValidation() {
    assertThatThrownBy(() -> HfIO.write().withSplit("train-2"))
        .hasMessageContaining("invalid split name 'train-2'");
    assertThatThrownBy(() -> HfIO.write().to("hf://models/a/b"))
        .hasMessageContaining("not a dataset");
    assertThatThrownBy(() -> HfIO.write().withNumShards(-1)).hasMessageContaining("withNumShards");
    assertThatThrownBy(() -> HfIO.write().withMaxOperationsPerCommit(0))
        .hasMessageContaining("withMaxOperationsPerCommit");
    assertThatThrownBy(() -> HfIO.write().withConfig("data")).hasMessageContaining("reserved");
    org.apache.beam.sdk.Pipeline p =
        org.apache.beam.sdk.Pipeline.create(
            WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    assertThatThrownBy(
            () ->
                p.apply(
                        org.apache.beam.sdk.transforms.Create.of(rows(0, 1))
                            .withRowSchema(TestRows.SCHEMA))
                    .apply(
                        HfIO.write()
                            .to("hf://datasets/a/b/sub")
                            .withSplit("train")
                            .withToken("hf_x")))
        .hasMessageContaining("repo root");
  }

  @Test
  void displayDataNeverShowsTheToken() {
    HfIO.Write w =
        HfIO.write()
            .to("dev/ds")
            .withSplit("train")
            .withToken("hf_secret_token_value_123")
            .withEndpoint("http://127.0.0.1:1");
    DisplayData dd = DisplayData.from(w);
    assertThat(dd.toString())
        .contains("dev/ds")
        .contains("train")
        .doesNotContain("hf_secret_token_value_123");
  }

  @Test
  void compressionChoiceReachesTheWriterSettings() {
    assertThat(DisplayData.from(HfIO.write().to("dev/ds")).toString()).contains("SNAPPY");
    for (dev.hfio.Compression c : dev.hfio.Compression.values()) {
      HfIO.Write w = HfIO.write().to("dev/ds").withCompression(c);
      assertThat(DisplayData.from(w).items())
          .anySatisfy(
              item -> {
                assertThat(item.getKey()).isEqualTo("compression");
                assertThat(item.getValue()).isEqualTo(c.name());
              });
    }
  }
}
