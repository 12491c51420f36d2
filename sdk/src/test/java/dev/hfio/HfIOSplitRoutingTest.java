package dev.hfio;

import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.ConfigEntry;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HfIO.write().withSplitField(..)}: every split of one PCollection in the push_to_hub layout
 * and one commit, against an embedded localhub.
 */
class HfIOSplitRoutingTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /** TestRows' schema plus the split column. */
  static final Schema ROUTED =
      Schema.builder().addFields(TestRows.SCHEMA.getFields()).addStringField("split").build();

  static final List<String> SPLITS = List.of("train", "validation", "test");

  /** Row i of TestRows, in split {@code SPLITS[i % 3]} unless {@code split} is given. */
  static Row routed(long i, String split) {
    List<Object> v = new ArrayList<>(TestRows.values(i));
    v.add(split != null ? split : SPLITS.get((int) (i % 3)));
    return Row.withSchema(ROUTED).attachValues(v);
  }

  static List<Row> routed(long from, long n) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      out.add(routed(i, null));
    }
    return out;
  }

  /** The TestRows values of ids in [from, from + n) with {@code i % 3 == k}. */
  static List<List<Object>> valuesOf(long from, long n, int k) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> v : values(from, n)) {
      if ((Long) v.get(0) % 3 == k) {
        out.add(v);
      }
    }
    return out;
  }

  static HfIO.Write write(RepoRef repo) {
    return HfIO.write()
        .to(HubFixture.root(repo))
        .withSplitField("split")
        .withHubConfig(HUB.config(HUB.writeToken()));
  }

  static List<WriteResult> run(HfIO.Write write, List<Row> rows) {
    return WritePipelines.runFrom(p -> p.apply(Create.of(rows).withRowSchema(ROUTED)), write);
  }

  static DatasetCard card(RepoRef repo) {
    return DatasetCard.parse(
        new String(HUB.client().readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8));
  }

  @Test
  void threeSplitsOfOnePCollectionLandInOneCommitWithoutTheSplitColumn() throws Exception {
    RepoRef repo = HUB.newDataset("routed");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> res = run(write(repo).withNumShards(2), routed(0, 300));

    assertThat(res).hasSize(1);
    assertThat(res.get(0).rows()).isEqualTo(300);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.commits(repo, "main").get(0).id()).isEqualTo(res.get(0).commitSha());
    assertThat(HUB.commits(repo, "main").get(0).title())
        .isEqualTo("Upload splits 'test', 'train', 'validation' with HfIO");
    List<String> expected = new ArrayList<>();
    for (String s : List.of("test", "train", "validation")) {
      expected.add("data/" + s + "-00000-of-00002.parquet");
      expected.add("data/" + s + "-00001-of-00002.parquet");
    }
    assertThat(HUB.listFiles(repo, "main"))
        .filteredOn(f -> f.startsWith("data/"))
        .isEqualTo(expected);
    assertThat(res.get(0).files()).containsExactlyInAnyOrderElementsOf(expected);
    for (int k = 0; k < 3; k++) {
      // the stored rows are TestRows' four columns: the split column is not stored
      assertThat(HUB.readBack(repo, "main", "data/" + SPLITS.get(k) + "-"))
          .isEqualTo(valuesOf(0, 300, k));
    }
    byte[] file = HUB.client().readAllBytes(repo, "main", "data/train-00000-of-00002.parquet");
    java.nio.file.Path tmp = java.nio.file.Files.createTempFile("routed", ".parquet");
    java.nio.file.Files.write(tmp, file);
    try (dev.hfio.internal.parquet.LocalFileRangeSource src =
        new dev.hfio.internal.parquet.LocalFileRangeSource(tmp)) {
      assertThat(ParquetFooter.read(src).beamSchema().getFieldNames())
          .containsExactly("id", "text", "label", "score");
    } finally {
      java.nio.file.Files.delete(tmp);
    }

    DatasetCard card = card(repo);
    ConfigEntry cfg = card.config("default").orElseThrow();
    assertThat(cfg.dataFiles().orElseThrow())
        .isEqualTo(
            Map.of(
                "train", List.of("data/train-*"),
                "validation", List.of("data/validation-*"),
                "test", List.of("data/test-*")));
    for (int k = 0; k < 3; k++) {
      assertThat(
              card.datasetInfo("default")
                  .orElseThrow()
                  .split(SPLITS.get(k))
                  .orElseThrow()
                  .numExamples())
          .isEqualTo(100);
    }

    // each split reads back exactly through HfIO.read().withSplit(..)
    Pipeline p = Pipeline.create(HubFixture.direct());
    for (int k = 0; k < 3; k++) {
      PCollection<Row> read =
          p.apply(
              "Read" + SPLITS.get(k),
              HUB.read(repo.id()).withSplit(SPLITS.get(k)).withSchema(TestRows.SCHEMA));
      List<Row> want = new ArrayList<>();
      for (List<Object> v : valuesOf(0, 300, k)) {
        want.add(Row.withSchema(TestRows.SCHEMA).attachValues(v));
      }
      PAssert.that("split " + SPLITS.get(k), read).containsInAnyOrder(want);
    }
    p.run().waitUntilFinish();
  }

  @Test
  void overwriteReplacesTheWrittenSplitsAndKeepsTheOthers() {
    RepoRef repo = HUB.newDataset("routed-ow");
    run(write(repo).withNumShards(2), routed(0, 30));
    List<Row> second = new ArrayList<>();
    for (long i = 1000; i < 1010; i++) {
      second.add(routed(i, i % 2 == 0 ? "train" : "validation"));
    }
    run(write(repo).withNumShards(1), second);

    assertThat(HUB.listFiles(repo, "main"))
        .filteredOn(f -> f.startsWith("data/"))
        .containsExactly(
            "data/test-00000-of-00002.parquet",
            "data/test-00001-of-00002.parquet",
            "data/train-00000-of-00001.parquet",
            "data/validation-00000-of-00001.parquet");
    assertThat(HUB.readBack(repo, "main", "data/test-")).isEqualTo(valuesOf(0, 30, 2));
    assertThat(HUB.readBack(repo, "main", "data/train-")).hasSize(5);
    assertThat(HUB.readBack(repo, "main", "data/validation-")).hasSize(5);
    assertThat(card(repo).config("default").orElseThrow().dataFiles().orElseThrow())
        .containsOnlyKeys("train", "validation", "test");
  }

  @Test
  void appendAddsToEachSplitAndErrorIfExistsRefusesAWrittenSplitThatExists() {
    RepoRef repo = HUB.newDataset("routed-modes");
    run(write(repo).withNumShards(1), routed(0, 30));
    List<WriteResult> res =
        run(write(repo).withNumShards(1).withMode(WriteMode.APPEND), routed(30, 30));
    String id8 = res.get(0).writeId().substring(0, 8);
    assertThat(res.get(0).files()).contains("data/train-00000-of-00001-" + id8 + ".parquet");
    for (int k = 0; k < 3; k++) {
      assertThat(HUB.readBack(repo, "main", "data/" + SPLITS.get(k) + "-"))
          .isEqualTo(valuesOf(0, 60, k));
    }

    int before = HUB.commits(repo, "main").size();
    List<Row> extra = List.of(routed(100, "extra"), routed(101, "train"));
    assertThatThrownBy(() -> run(write(repo).withMode(WriteMode.ERROR_IF_EXISTS), extra))
        .hasMessageContaining("split 'train'")
        .hasMessageContaining("ERROR_IF_EXISTS");
    assertThat(HUB.commits(repo, "main")).hasSize(before);

    run(write(repo).withMode(WriteMode.ERROR_IF_EXISTS), List.of(routed(100, "extra")));
    assertThat(HUB.listFiles(repo, "main")).contains("data/extra-00000-of-00001.parquet");
  }

  @Test
  void overMaxOperationsPerCommitIsStillOneCommitOnMain() {
    RepoRef repo = HUB.newDataset("routed-staged");
    int before = HUB.commits(repo, "main").size();
    // 3 splits x 2 shards + README = 7 operations, staged on a pull request in chunks of 2
    List<WriteResult> res =
        run(write(repo).withNumShards(2).withMaxOperationsPerCommit(2), routed(0, 60));
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.commits(repo, "main").get(0).id()).isEqualTo(res.get(0).commitSha());
    assertThat(HUB.listFiles(repo, "main")).filteredOn(f -> f.startsWith("data/")).hasSize(6);
    for (int k = 0; k < 3; k++) {
      assertThat(HUB.readBack(repo, "main", "data/" + SPLITS.get(k) + "-"))
          .isEqualTo(valuesOf(0, 60, k));
    }
  }

  @Test
  void aRowWithABadSplitNameFailsTheWriteNamingTheValueAndNothingIsCommitted() {
    RepoRef repo = HUB.newDataset("routed-bad");
    int before = HUB.commits(repo, "main").size();
    List<Row> rows = new ArrayList<>(routed(0, 10));
    rows.add(routed(10, "dev-set"));
    assertThatThrownBy(() -> run(write(repo), rows))
        .hasRootCauseInstanceOf(HfIO.WriteException.class)
        .hasMessageContaining("'dev-set'")
        .hasMessageContaining("field 'split'")
        .hasMessageContaining(repo.id());
    assertThat(HUB.commits(repo, "main")).hasSize(before);
  }

  @Test
  void emptyInputCommitsNothing() {
    RepoRef repo = HUB.newDataset("routed-empty");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> res = run(write(repo), List.of());
    assertThat(res).hasSize(1);
    assertThat(res.get(0).commitSha()).isNull();
    assertThat(res.get(0).files()).isEmpty();
    assertThat(HUB.commits(repo, "main")).hasSize(before);
  }

  @Test
  void splitFnRoutesWholeRows() {
    RepoRef repo = HUB.newDataset("routed-fn");
    List<WriteResult> res =
        WritePipelines.run(
            HfIO.write()
                .to(HubFixture.root(repo))
                .withHubConfig(HUB.config(HUB.writeToken()))
                .withNumShards(1)
                .withSplitFn(r -> r.getInt64("id") < 10 ? "test" : "train"),
            TestRows.rows(0, 30));
    assertThat(res.get(0).files())
        .containsExactlyInAnyOrder(
            "data/test-00000-of-00001.parquet", "data/train-00000-of-00001.parquet");
    assertThat(HUB.readBack(repo, "main", "data/test-")).isEqualTo(values(0, 10));
    assertThat(HUB.readBack(repo, "main", "data/train-")).isEqualTo(values(10, 20));
  }

  @Test
  void badCombinationsAndFieldsAreRefusedAtConstruction() {
    RepoRef repo = HubFixture.datasetId("routed-checks");
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> rows = p.apply(Create.of(routed(0, 3)).withRowSchema(ROUTED));
    assertThatThrownBy(() -> rows.apply("a", write(repo).withSplit("train")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withSplit('train')");
    assertThatThrownBy(() -> rows.apply("b", write(repo).withSplitFn(r -> "train")))
        .hasMessageContaining("withSplitField and withSplitFn");
    assertThatThrownBy(
            () ->
                rows.apply(
                    "c",
                    HfIO.write()
                        .to(HubFixture.root(repo) + "/sub")
                        .withSplitField("split")
                        .withHubConfig(HUB.config(HUB.writeToken()))))
        .hasMessageContaining("repo root");
    assertThatThrownBy(() -> rows.apply("d", write(repo).withSplitField("nope")))
        .hasMessageContaining("no field 'nope'");
    assertThatThrownBy(() -> rows.apply("e", write(repo).withSplitField("label")))
        .hasMessageContaining("not a STRING");
    PCollection<Row> unbounded =
        p.apply(org.apache.beam.sdk.io.GenerateSequence.from(0))
            .apply(
                org.apache.beam.sdk.transforms.MapElements.into(
                        org.apache.beam.sdk.values.TypeDescriptors.rows())
                    .via((Long i) -> routed(i, null)))
            .setRowSchema(ROUTED)
            .apply(
                org.apache.beam.sdk.transforms.windowing.Window.into(
                    org.apache.beam.sdk.transforms.windowing.FixedWindows.of(
                        org.joda.time.Duration.standardMinutes(1))));
    assertThatThrownBy(() -> unbounded.apply("f", write(repo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bounded input only");
    assertThatThrownBy(() -> HfIO.write().withSplitField(" "))
        .hasMessageContaining("withSplitField");
    assertThat(DisplayData.from(write(repo)))
        .matches(d -> d.items().stream().anyMatch(i -> i.getKey().equals("splitField")));
  }
}
