package dev.hfio.schematransforms;

import static dev.hfio.testing.HubFixture.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema transforms built from configuration, run on the DirectRunner against localhub. */
class SchemaTransformHubTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A dataset whose train split holds TestRows 0..59 in two files. */
  static RepoRef trainDataset() {
    RepoRef repo = HUB.newDataset("st-read");
    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00002.parquet", TestRows.parquet(TestRows.rows(0, 30)),
            "data/train-00001-of-00002.parquet", TestRows.parquet(TestRows.rows(30, 30))));
    return repo;
  }

  @Test
  void readWithKeepAndFilterFromAConfigRow() {
    RepoRef repo = trainDataset();
    Row config =
        HfSchemaTransforms.configurationRow(
            new HfReadSchemaTransformProvider(),
            map(
                "repo", repo.id(),
                "split", "train",
                "keep", List.of("id", "score"),
                "filter", "score >= 2.5 AND label = 1",
                "endpoint", HUB.url(),
                "token", HUB.readToken()));
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> out =
        PCollectionRowTuple.empty(p)
            .apply(new HfReadSchemaTransformProvider().from(config))
            .get(HfReadSchemaTransformProvider.OUTPUT);
    Schema projected =
        Schema.builder()
            .addInt64Field("id")
            .addNullableField("score", Schema.FieldType.DOUBLE)
            .build();
    assertThat(out.getSchema()).isEqualTo(projected);
    List<Row> expected = new ArrayList<>();
    for (long i = 0; i < 60; i++) {
      Double s = TestRows.score(i);
      if (s != null && s >= 2.5 && TestRows.label(i) == 1) {
        expected.add(Row.withSchema(projected).addValues(i, s).build());
      }
    }
    assertThat(expected).hasSize(9);
    PAssert.that(out).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void readAPathWithDropFromYaml() {
    RepoRef repo = trainDataset();
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> out =
        PCollectionRowTuple.empty(p)
            .apply(
                HfSchemaTransforms.readFromYaml(
                    "path: hf://datasets/"
                        + repo.id()
                        + "/data/train-00001-of-00002.parquet\n"
                        + "drop: [text, score]\n"
                        + "filter: id < 35\n"
                        + "endpoint: "
                        + HUB.url()
                        + "\n"))
            .get("output");
    Schema kept = Schema.builder().addInt64Field("id").addInt32Field("label").build();
    assertThat(out.getSchema()).isEqualTo(kept);
    List<Row> expected = new ArrayList<>();
    for (long i = 30; i < 35; i++) {
      expected.add(Row.withSchema(kept).addValues(i, TestRows.label(i)).build());
    }
    PAssert.that(out).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void aFractionalLiteralAgainstAnIntegerColumnAndAnUnknownDropColumnAreRefused() {
    RepoRef repo = trainDataset();
    Pipeline p = Pipeline.create(HubFixture.direct());
    assertThatThrownBy(
            () ->
                PCollectionRowTuple.empty(p)
                    .apply(
                        HfSchemaTransforms.read(
                            map(
                                "repo",
                                repo.id(),
                                "filter",
                                "label >= 0.5",
                                "endpoint",
                                HUB.url()))))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining(
            "column 'label' holds integers (INT32) and cannot be compared with 0.5")
        .hasMessageContaining("'label >= 1'");
    Pipeline p2 = Pipeline.create(HubFixture.direct());
    assertThatThrownBy(
            () ->
                PCollectionRowTuple.empty(p2)
                    .apply(
                        HfSchemaTransforms.read(
                            map("repo", repo.id(), "drop", "txt", "endpoint", HUB.url()))))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining(
            "drop: column 'txt' is not in the data; its columns are [id, text, label, score]");
  }

  @Test
  void writeMakesOneCommitAndReportsIt() {
    RepoRef repo = HUB.newDataset("st-write");
    int before = HUB.commits(repo, "main").size();
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> rows = p.apply(Create.of(TestRows.rows(0, 40)).withRowSchema(TestRows.SCHEMA));
    PCollectionRowTuple out =
        PCollectionRowTuple.of("input", rows)
            .apply(
                HfSchemaTransforms.write(
                    map(
                        "repo",
                        repo.id(),
                        "split",
                        "test",
                        "num_shards",
                        2,
                        "compression",
                        "zstd",
                        "commit_message",
                        "Add test via hf_write",
                        "endpoint",
                        HUB.url(),
                        "token",
                        HUB.writeToken())));
    PCollection<Row> commits = out.get(HfWriteSchemaTransformProvider.COMMITS);
    assertThat(commits.getSchema()).isEqualTo(HfWriteSchemaTransformProvider.COMMIT_SCHEMA);
    assertThat(out.getAll().keySet()).containsExactly("commits");
    PAssert.that(commits)
        .satisfies(
            it -> {
              List<Row> list = new ArrayList<>();
              it.forEach(list::add);
              assertThat(list).hasSize(1);
              Row c = list.get(0);
              assertThat(c.getString("repo")).isEqualTo(repo.id());
              assertThat(c.getInt64("rows")).isEqualTo(40L);
              assertThat(c.getString("commit_sha")).isNotBlank();
              assertThat(c.<String>getArray("files"))
                  .containsExactlyInAnyOrder(
                      "data/test-00000-of-00002.parquet", "data/test-00001-of-00002.parquet");
              return null;
            });
    p.run().waitUntilFinish();
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.commits(repo, "main").get(0).title()).isEqualTo("Add test via hf_write");
    assertThat(HUB.readBack(repo, "main", "data/test-")).isEqualTo(TestRows.values(0, 40));
  }

  @Test
  void splitFieldWritesEverySplitInOneCommit() {
    RepoRef repo = HUB.newDataset("st-splits");
    int before = HUB.commits(repo, "main").size();
    Schema withSplit =
        Schema.builder().addFields(TestRows.SCHEMA.getFields()).addStringField("split").build();
    List<Row> input = new ArrayList<>();
    String[] splits = {"train", "validation", "test"};
    for (Row r : TestRows.rows(0, 30)) {
      input.add(
          Row.withSchema(withSplit)
              .addValues(r.getValues())
              .addValue(splits[(int) (r.getInt64("id") % 3)])
              .build());
    }
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollectionRowTuple.of("input", p.apply(Create.of(input).withRowSchema(withSplit)))
        .apply(
            HfSchemaTransforms.write(
                map(
                    "repo", repo.id(),
                    "split_field", "split",
                    "num_shards", 1,
                    "endpoint", HUB.url(),
                    "token", HUB.writeToken())));
    p.run().waitUntilFinish();
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    for (int s = 0; s < 3; s++) {
      List<List<Object>> expected = new ArrayList<>();
      for (List<Object> v : TestRows.values(0, 30)) {
        if (((Long) v.get(0)) % 3 == s) {
          expected.add(v);
        }
      }
      assertThat(HUB.readBack(repo, "main", "data/" + splits[s] + "-"))
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  static final Schema AMOUNTS =
      Schema.builder().addInt64Field("id").addDecimalField("amount").build();

  /** Rows 0..9; rows 3 and 7 carry 20 digits after the point, more than DECIMAL(38, 18) keeps. */
  static List<Row> amounts() {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      BigDecimal a =
          i == 3 || i == 7 ? new BigDecimal("1.00000000000000000001") : new BigDecimal(i + ".25");
      rows.add(Row.withSchema(AMOUNTS).addValues(i, a).build());
    }
    return rows;
  }

  @Test
  void rowsTheWriterRefusesGoToTheErrorOutputAndTheRestIsCommitted() {
    RepoRef repo = HUB.newDataset("st-errors");
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> rows = p.apply(Create.of(amounts()).withRowSchema(AMOUNTS));
    PCollectionRowTuple out =
        PCollectionRowTuple.of("input", rows)
            .apply(
                HfSchemaTransforms.write(
                    map(
                        "path", "hf://datasets/" + repo.id() + "/amounts",
                        "error_handling", map("output", "bad_rows"),
                        "endpoint", HUB.url(),
                        "token", HUB.writeToken())));
    assertThat(out.getAll().keySet()).containsExactlyInAnyOrder("commits", "bad_rows");
    PCollection<Row> bad = out.get("bad_rows");
    assertThat(bad.getSchema().getFieldNames()).containsExactly("failed_row", "error_message");
    PAssert.that(bad)
        .satisfies(
            it -> {
              List<Long> ids = new ArrayList<>();
              for (Row r : it) {
                ids.add(r.getRow("failed_row").getInt64("id"));
                assertThat(r.getString("error_message"))
                    .contains("hf_write to hf://datasets/" + repo.id() + "/amounts")
                    .contains("DecimalScaleException")
                    .contains("amount");
              }
              assertThat(ids).containsExactlyInAnyOrder(3L, 7L);
              return null;
            });
    PAssert.thatSingleton(
            out.get("commits")
                .apply(
                    org.apache.beam.sdk.transforms.MapElements.into(
                            org.apache.beam.sdk.values.TypeDescriptors.longs())
                        .via((Row r) -> r.getInt64("rows"))))
        .isEqualTo(8L);
    p.run().waitUntilFinish();
    List<List<Object>> written = HUB.readBack(repo, "main", "amounts/");
    assertThat(written).extracting(r -> r.get(0)).containsExactly(0L, 1L, 2L, 4L, 5L, 6L, 8L, 9L);
  }

  @Test
  void withoutErrorHandlingTheSameRowsFailTheWrite() {
    RepoRef repo = HUB.newDataset("st-noerrors");
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> rows = p.apply(Create.of(amounts()).withRowSchema(AMOUNTS));
    PCollectionRowTuple.of("input", rows)
        .apply(
            HfSchemaTransforms.write(
                map(
                    "path", "hf://datasets/" + repo.id() + "/amounts",
                    "endpoint", HUB.url(),
                    "token", HUB.writeToken())));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("DecimalScaleException");
    assertThat(HUB.listFiles(repo, "main")).noneMatch(f -> f.startsWith("amounts/"));
  }
}
