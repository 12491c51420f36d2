package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.SCHEMA;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.ConfigNotFoundException;
import dev.hfio.dataset.SplitNotFoundException;
import dev.hfio.dataset.UnsupportedFormatException;
import dev.hfio.hub.RepoRef;
import dev.hfio.parquet.ParquetSchemaMismatchException;
import dev.hfio.parquet.RowFilter;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HfIO.read() end to end on the DirectRunner against an embedded localhub. */
class HfIOReadTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static HfIO.Read read(String from) {
    return HUB.read(from);
  }

  static List<Row> project(List<Row> rows, Schema out) {
    List<Row> res = new ArrayList<>();
    for (Row r : rows) {
      List<Object> v = new ArrayList<>();
      for (Schema.Field f : out.getFields()) {
        v.add(r.getValue(f.getName()));
      }
      res.add(Row.withSchema(out).attachValues(v));
    }
    return res;
  }

  static List<Row> concat(List<Row>... lists) {
    List<Row> out = new ArrayList<>();
    for (List<Row> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  static long counter(PipelineResult r, String name) {
    MetricQueryResults q =
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(ReadShardFn.NAMESPACE, name))
                    .build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /**
   * The plan {@code read} makes (the same one its expansion makes): the test seam into planning.
   */
  static ReadPlan planOf(HfIO.Read read) {
    return ReadPlanner.plan(read, read.getConnection().resolve(HubFixture.direct()));
  }

  /** Applies the read, asserts every row, runs, returns the result. */
  static PipelineResult runAndAssert(PipelineOptions options, HfIO.Read read, List<Row> expected) {
    Pipeline p = Pipeline.create(options);
    PCollection<Row> out = p.apply(read);
    assertThat(out.getSchema()).isEqualTo(planOf(read).outputSchema());
    PAssert.that(out).containsInAnyOrder(project(expected, out.getSchema()));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    return r;
  }

  @Test
  void wholeDatasetPushToHubLayoutReadsAllSplits() throws Exception {
    RepoRef repo = HUB.newDataset("whole");
    List<Row> t0 = rows(0, 50);
    List<Row> t1 = rows(50, 50);
    List<Row> te = rows(1000, 30);
    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00002.parquet", TestRows.parquet(t0),
            "data/train-00001-of-00002.parquet", TestRows.parquet(t1),
            "data/test-00000-of-00001.parquet", TestRows.parquet(te),
            "README.md", "# no card\n"));
    HfIO.Read read = read(HubFixture.root(repo));
    runAndAssert(HubFixture.direct(), read, concat(t0, t1, te));
    assertThat(planOf(read).outputSchema()).isEqualTo(SCHEMA);
    assertThat(planOf(read).fileCount()).isEqualTo(3);
    // push_to_hub layout: a split by name, with repo id, config, revision and projection
    HfIO.Read train =
        HfIO.read()
            .from(repo.id())
            .withEndpoint(HUB.url())
            .withToken(HUB.readToken())
            .withSplit("train")
            .withConfig("default")
            .withRevision("main")
            .withColumns("text", "label");
    runAndAssert(HubFixture.direct(), train, concat(t0, t1));
    assertThat(planOf(train).outputSchema().getFieldNames()).containsExactly("text", "label");
  }

  @Test
  void splitDirectoriesAndDaskPaths() throws Exception {
    RepoRef repo = HUB.newDataset("dirs");
    List<Row> a = rows(0, 20);
    List<Row> b = rows(20, 20);
    List<Row> c = rows(40, 20);
    HUB.commit(
        repo,
        "main",
        files(
            "train/a.parquet", TestRows.parquet(a),
            "train/sub/b.parquet", TestRows.parquet(b),
            "train/.hidden/x.parquet", TestRows.parquet(rows(900, 3)),
            "train/notes.txt", "not data",
            "test/c.parquet", TestRows.parquet(c)));
    runAndAssert(HubFixture.direct(), read(HubFixture.root(repo) + "/train"), concat(a, b));
    runAndAssert(
        HubFixture.direct(),
        read(HubFixture.root(repo) + "/train/").withSplit("train"),
        concat(a, b));
    runAndAssert(HubFixture.direct(), read(HubFixture.root(repo)).withSplit("test"), c);
    runAndAssert(HubFixture.direct(), read(HubFixture.root(repo) + "/test/c.parquet"), c);
    runAndAssert(HubFixture.direct(), read(HubFixture.root(repo) + "/*/*.parquet"), concat(a, c));
    assertThatThrownBy(
            () -> Pipeline.create(HubFixture.direct()).apply(read(HubFixture.root(repo) + "/nope")))
        .hasMessageContaining("nope")
        .hasMessageContaining(repo.id());
  }

  @Test
  void readmeConfigsAndConstructionErrors() throws Exception {
    RepoRef repo = HUB.newDataset("configs");
    List<Row> en = rows(0, 10);
    List<Row> fr = rows(100, 12);
    List<Row> frTest = rows(200, 5);
    String card =
        """
        ---
        configs:
        - config_name: en
          default: true
          data_files:
          - split: train
            path: english/*.parquet
        - config_name: fr
          data_files:
          - split: train
            path: french/train-*.parquet
          - split: test
            path: french/test-*.parquet
        ---
        # Card
        """;
    HUB.commit(
        repo,
        "main",
        files(
            "README.md",
            card,
            "english/0.parquet",
            TestRows.parquet(en),
            "french/train-0.parquet",
            TestRows.parquet(fr),
            "french/test-0.parquet",
            TestRows.parquet(frTest)));
    runAndAssert(HubFixture.direct(), read(repo.id()), en);
    runAndAssert(HubFixture.direct(), read(repo.id()).withConfig("fr").withSplit("train"), fr);
    runAndAssert(HubFixture.direct(), read(repo.id()).withConfig("fr"), concat(fr, frTest));
    Pipeline p = Pipeline.create(HubFixture.direct());
    assertThatThrownBy(() -> p.apply(read(repo.id()).withConfig("fr").withSplit("validation")))
        .isInstanceOf(SplitNotFoundException.class)
        .hasMessageContaining("validation")
        .hasMessageContaining("test")
        .hasMessageContaining("train");
    assertThatThrownBy(() -> p.apply(read(repo.id()).withConfig("de")))
        .isInstanceOf(ConfigNotFoundException.class)
        .hasMessageContaining("en")
        .hasMessageContaining("fr");
    assertThatThrownBy(() -> p.apply(read(repo.id()).withColumns("nope")))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> p.apply(read(repo.id()).withFilter(RowFilter.eq("missing", 1L))))
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> p.apply(read(HubFixture.root(repo) + "@main").withRevision("other")))
        .hasMessageContaining("conflicts");
  }

  @Test
  void parquetExportBranchAndNonParquetError() throws Exception {
    RepoRef repo = HUB.newDataset("export");
    HUB.commit(repo, "main", files("train.xml", "<rows><row id=\"1\"/></rows>\n"));
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(read(repo.id())))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("xml")
        .hasMessageContaining("~parquet");
    List<Row> tr = rows(0, 15);
    List<Row> te = rows(50, 4);
    HUB.client().createBranch(repo, "refs/convert/parquet", null);
    HUB.commit(
        repo,
        "refs/convert/parquet",
        files(
            "default/train/0000.parquet",
            TestRows.parquet(tr),
            "default/test/0000.parquet",
            TestRows.parquet(te)));
    runAndAssert(
        HubFixture.direct(), read(repo.id()).withRevision("~parquet").withSplit("train"), tr);
    runAndAssert(HubFixture.direct(), read(HubFixture.root(repo) + "@~parquet"), concat(tr, te));
    runAndAssert(HubFixture.direct(), read(HubFixture.root(repo) + "@~parquet/default/test"), te);
  }

  @Test
  void revisionIsPinnedAtConstruction() throws Exception {
    RepoRef repo = HUB.newDataset("pin");
    List<Row> v1 = rows(0, 25);
    String sha1 =
        HUB.commit(repo, "main", files("data/train-00000-of-00001.parquet", TestRows.parquet(v1)));
    Pipeline p = Pipeline.create(HubFixture.direct());
    HfIO.Read read = read(repo.id());
    PCollection<Row> out = p.apply(read);
    PAssert.that(out).containsInAnyOrder(v1);
    assertThat(planOf(read).sha()).isEqualTo(sha1);
    // a commit lands after construction, before the run: replaces the shard and adds another
    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00001.parquet",
            TestRows.parquet(rows(500, 3)),
            "data/train-00001-of-00001.parquet",
            TestRows.parquet(rows(600, 3))));
    p.run().waitUntilFinish();
    // the tagged old revision is still readable later
    HUB.client().createTag(repo, "v1.0", sha1, null);
    runAndAssert(HubFixture.direct(), read(repo.id()).withRevision("v1.0"), v1);
  }

  @Test
  void projectionAndFilterSkipRowGroups() throws Exception {
    RepoRef repo = HUB.newDataset("filter");
    List<Row> all = rows(0, 3000);
    HUB.commit(repo, "main", files("data.parquet", TestRows.parquet(SCHEMA, all, 8 * 1024)));
    HfIO.Read read =
        read(HubFixture.root(repo) + "/data.parquet")
            .withColumns("text", "id")
            .withFilter(RowFilter.and(RowFilter.ge("id", 2500L), RowFilter.eq("label", 1)));
    List<Row> expected =
        all.stream()
            .filter(r -> r.getInt64("id") >= 2500 && r.getInt32("label") == 1)
            .collect(Collectors.toList());
    PipelineResult r = runAndAssert(HubFixture.direct(), read, expected);
    assertThat(planOf(read).outputSchema().getFieldNames()).containsExactly("text", "id");
    assertThat(counter(r, "rows")).isEqualTo(expected.size());
    assertThat(counter(r, "rowGroupsSkipped")).isGreaterThan(0);
  }

  @Test
  void largeFileIsSplitByRowGroups() throws Exception {
    RepoRef repo = HUB.newDataset("large");
    List<Row> all = rows(0, 20_000);
    java.nio.file.Path big = TestRows.parquet(SCHEMA, all, 16 * 1024);
    // files up to SMALL_FILE_BYTES are read whole as one unit, never split
    assertThat(java.nio.file.Files.size(big)).isGreaterThan(FooterCache.SMALL_FILE_BYTES);
    HUB.commit(repo, "main", files("big.parquet", big));
    HfIO.Read read = read(HubFixture.root(repo) + "/big.parquet");
    System.setProperty(HubParquetRead.SPLIT_BYTES_PROPERTY, "40000");
    PipelineResult r;
    try {
      r = runAndAssert(HubFixture.direct(), read, all);
    } finally {
      System.clearProperty(HubParquetRead.SPLIT_BYTES_PROPERTY);
    }
    int groups = planOf(read).shards().get(0).footer().rowGroupCount();
    assertThat(groups).isGreaterThan(4);
    assertThat(counter(r, "initialSplits")).isGreaterThan(1).isLessThanOrEqualTo(groups);
    assertThat(counter(r, "footersFetched")).isZero(); // carried from construction
  }

  @Test
  void incompatibleShardsFailNamingFiles() throws Exception {
    RepoRef repo = HUB.newDataset("mismatch");
    Schema other = Schema.builder().addInt64Field("id").addStringField("text").build();
    HUB.commit(
        repo,
        "main",
        files(
            "data/a.parquet",
            TestRows.parquet(rows(0, 3)),
            "data/b.parquet",
            TestRows.parquet(
                other, List.of(Row.withSchema(other).addValues(1L, "x").build()), 1 << 20)));
    assertThatThrownBy(
            () -> Pipeline.create(HubFixture.direct()).apply(read(HubFixture.root(repo) + "/data")))
        .isInstanceOf(ParquetSchemaMismatchException.class)
        .hasMessageContaining("a.parquet")
        .hasMessageContaining("b.parquet");
    // an explicit schema reads both, by field name (missing nullable fields are null)
    Schema wanted =
        Schema.builder()
            .addInt64Field("id")
            .addNullableField("text", Schema.FieldType.STRING)
            .addNullableField("score", Schema.FieldType.DOUBLE)
            .build();
    List<Row> expected = new ArrayList<>(project(rows(0, 3), wanted));
    expected.add(Row.withSchema(wanted).addValues(1L, "x", null).build());
    Pipeline p = Pipeline.create(HubFixture.direct());
    PAssert.that(p.apply(read(HubFixture.root(repo) + "/data").withSchema(wanted)))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void emptyFileAndEmptyDirectory() throws Exception {
    RepoRef repo = HUB.newDataset("empty");
    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00001.parquet",
            TestRows.parquet(List.of()),
            "other/readme.md",
            "nothing"));
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> out = p.apply(read(repo.id()));
    assertThat(out.getSchema()).isEqualTo(SCHEMA);
    PAssert.that(out).empty();
    PCollection<Row> none =
        p.apply("none", read(HubFixture.root(repo) + "/other").withSchema(SCHEMA));
    PAssert.that(none).empty();
    p.run().waitUntilFinish();
    assertThatThrownBy(
            () ->
                Pipeline.create(HubFixture.direct()).apply(read(HubFixture.root(repo) + "/other")))
        .hasMessageContaining("readme.md");
  }

  @Test
  void corruptFilesFailNamingFileAndRowGroup() throws Exception {
    RepoRef repo = HUB.newDataset("corrupt");
    java.nio.file.Path good = TestRows.parquet(SCHEMA, rows(0, 2000), 8 * 1024);
    byte[] bytes = java.nio.file.Files.readAllBytes(good);
    for (int i = 200; i < 2200; i++) {
      bytes[i] = (byte) 0x5A;
    }
    HUB.commit(
        repo, "main", files("bad.parquet", bytes, "garbage.parquet", "this is not parquet at all"));
    assertThatThrownBy(
            () ->
                Pipeline.create(HubFixture.direct())
                    .apply(read(HubFixture.root(repo) + "/garbage.parquet")))
        .hasMessageContaining("garbage.parquet");
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(read(HubFixture.root(repo) + "/bad.parquet"));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasStackTraceContaining("bad.parquet")
        .hasStackTraceContaining("row group 0");
  }

  @Test
  void readFilesFromPathCollection() throws Exception {
    RepoRef repo = HUB.newDataset("readall");
    List<Row> a = rows(0, 10);
    List<Row> b = rows(10, 10);
    HUB.commit(
        repo, "main", files("a.parquet", TestRows.parquet(a), "b.parquet", TestRows.parquet(b)));
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<String> paths =
        p.apply(
            Create.of(
                HubFixture.root(repo) + "/a.parquet", HubFixture.root(repo) + "@main/b.parquet"));
    HfIO.ReadFiles rf = HfIO.readFiles().withEndpoint(HUB.url()).withToken(HUB.readToken());
    PAssert.that(paths.apply(rf.withSchemaFromFile(HubFixture.root(repo) + "/a.parquet")))
        .containsInAnyOrder(concat(a, b));
    Schema two = Schema.builder().addInt64Field("id").addInt32Field("label").build();
    PAssert.that(paths.apply("explicit", rf.withSchema(SCHEMA).withColumns("id", "label")))
        .containsInAnyOrder(project(concat(a, b), two));
    p.run().waitUntilFinish();
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(Create.of("x")).apply(rf))
        .hasMessageContaining("withSchema");
  }

  @Test
  void transientHubFaultsDuringTheRunAreRetriedWithHubConfig() throws Exception {
    RepoRef repo = HUB.newDataset("faults");
    List<Row> all = rows(0, 6000);
    HUB.commit(
        repo,
        "main",
        files("data/train-00000-of-00001.parquet", TestRows.parquet(SCHEMA, all, 32 * 1024)));
    dev.hfio.hub.HubClientConfig cfg =
        new dev.hfio.hub.HubClientConfig(
            HUB.url(),
            HUB.readToken(),
            dev.hfio.hub.RetryPolicy.DEFAULT.withBackoff(
                java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50)),
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(30));
    Pipeline p = Pipeline.create(HubFixture.direct());
    HfIO.Read read = HfIO.read().from(repo.id()).withHubConfig(cfg).withColumns("id", "text");
    PCollection<Row> out = p.apply(read);
    PAssert.that(out).containsInAnyOrder(project(all, out.getSchema()));
    // CDN mode: the parquet file is LFS, its bytes come from the CDN origin, so that is where
    // truncations hit. Planning (in this JVM) resolved the file and its CDN URL is remembered, so
    // the run sends no /resolve until the CDN refuses the URL (403): then one re-resolve, which
    // gets a 503 first.
    HUB.hub()
        .admin()
        .inject(
            dev.hfio.localhub.Fault.on(dev.hfio.localhub.RouteClass.CDN)
                .truncateBody(100)
                .times(2));
    HUB.hub()
        .admin()
        .inject(dev.hfio.localhub.Fault.on(dev.hfio.localhub.RouteClass.CDN).status(403).times(1));
    HUB.hub()
        .admin()
        .inject(
            dev.hfio.localhub.Fault.on(dev.hfio.localhub.RouteClass.RESOLVE).status(503).times(1));
    HUB.resetCounters();
    PipelineResult r;
    try {
      r = p.run();
      r.waitUntilFinish();
    } finally {
      HUB.hub().admin().clearFaults();
    }
    assertThat(planOf(read).shards().get(0).footer().rowGroupCount()).isGreaterThan(1);
    // Was: every reader request went through /resolve (resolves >= requests + 1). Now: the faulted
    // responses were retried/resumed/re-resolved: the 403 costs one re-resolve (503, then success)
    // and one more CDN GET, the two truncated CDN bodies two resumes.
    assertThat(HUB.counter("resolve")).isEqualTo(2);
    assertThat(HUB.counter("cdn")).isGreaterThanOrEqualTo(counter(r, "requests") + 3);
  }

  @Test
  void validationAndDisplayData() {
    assertThatThrownBy(() -> HfIO.read().from("not a repo")).hasMessageContaining("not a repo");
    assertThatThrownBy(() -> HfIO.read().withColumns("a", "a"))
        .hasMessageContaining("'a' given twice");
    assertThatThrownBy(() -> HfIO.read().withEndpoint("ftp://x")).hasMessageContaining("ftp://x");
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(HfIO.read()))
        .hasMessageContaining("from(...) is required");
    HfIO.Read r =
        read("user/ds").withSplit("train").withColumns("a", "b").withToken("hf_secret_token_value");
    DisplayData dd = DisplayData.from(r);
    assertThat(dd.items())
        .extracting(DisplayData.Item::getKey)
        .contains("from", "split", "columns", "endpoint");
    assertThat(dd.toString()).doesNotContain("hf_secret_token_value");
  }
}
