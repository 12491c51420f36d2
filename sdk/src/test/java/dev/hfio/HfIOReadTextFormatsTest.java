package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.MalformedRecordException;
import dev.hfio.dataset.MixedFormatsException;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.text.FileCompression;
import dev.hfio.testing.HubFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HfIO.read()} of JSON Lines, JSON documents, CSV, TSV and text files, plain and gzip, zstd
 * or bzip2 compressed, against an embedded localhub over HTTP (CDN redirects and free-plan rate
 * limits on, the fixture's defaults).
 */
class HfIOReadTextFormatsTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /** What inference gives for {@link #jsonl}: ints and fractions widen to DOUBLE, all nullable. */
  static final Schema META = Schema.builder().addNullableField("lang", FieldType.STRING).build();

  static final Schema JSON_SCHEMA =
      Schema.builder()
          .addNullableField("id", FieldType.INT64)
          .addNullableField("text", FieldType.STRING)
          .addNullableField("score", FieldType.DOUBLE)
          .addNullableField("tags", FieldType.array(FieldType.STRING.withNullable(true)))
          .addNullableField("meta", FieldType.row(META))
          .build();

  static final Schema CSV_SCHEMA =
      Schema.builder()
          .addNullableField("id", FieldType.INT64)
          .addNullableField("name", FieldType.STRING)
          .addNullableField("price", FieldType.DOUBLE)
          .addNullableField("ok", FieldType.BOOLEAN)
          .build();

  static final Schema TEXT_SCHEMA = Schema.builder().addStringField("text").build();

  // ---- data ----

  /** JSON Lines rows from..from+n: even ids have an int score, odd ones a fraction. */
  static String jsonl(int from, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      b.append(jsonLine(i)).append('\n');
    }
    return b.toString();
  }

  static String jsonLine(int i) {
    String score = i % 2 == 0 ? String.valueOf(i) : i + ".5";
    String text = i % 7 == 3 ? "null" : "\"t" + i + " " + "x".repeat(i % 13) + "\"";
    String meta = i % 5 == 4 ? "" : ",\"meta\":{\"lang\":\"" + (i % 2 == 0 ? "en" : "fr") + "\"}";
    return "{\"id\":"
        + i
        + ",\"text\":"
        + text
        + ",\"score\":"
        + score
        + ",\"tags\":"
        + (i % 3 == 0 ? "[]" : "[\"a" + i + "\",\"b\"]")
        + meta
        + "}";
  }

  static Row jsonRow(int i) {
    return Row.withSchema(JSON_SCHEMA)
        .addValues(
            (long) i,
            i % 7 == 3 ? null : "t" + i + " " + "x".repeat(i % 13),
            i % 2 == 0 ? (double) i : i + 0.5,
            i % 3 == 0 ? List.of() : List.of("a" + i, "b"),
            i % 5 == 4 ? null : Row.withSchema(META).addValue(i % 2 == 0 ? "en" : "fr").build())
        .build();
  }

  static List<Row> jsonRows(int from, int n) {
    List<Row> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(jsonRow(i));
    }
    return out;
  }

  /** CSV with a header; names hold the separator and quotes; every 6th price is empty. */
  static String csv(int from, int n, char sep) {
    StringBuilder b = new StringBuilder("id" + sep + "name" + sep + "price" + sep + "ok\n");
    for (int i = from; i < from + n; i++) {
      b.append(i)
          .append(sep)
          .append("\"Smith")
          .append(sep)
          .append(" \"\"J")
          .append(i)
          .append("\"\"\"")
          .append(sep)
          .append(i % 6 == 5 ? "" : i + ".25")
          .append(sep)
          .append(i % 2 == 0 ? "True" : "False")
          .append(i % 4 == 1 ? "\r\n" : "\n");
    }
    return b.toString();
  }

  static Row csvRow(int i, char sep) {
    return Row.withSchema(CSV_SCHEMA)
        .addValues(
            (long) i, "Smith" + sep + " \"J" + i + "\"", i % 6 == 5 ? null : i + 0.25, i % 2 == 0)
        .build();
  }

  static List<Row> csvRows(int from, int n, char sep) {
    List<Row> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(csvRow(i, sep));
    }
    return out;
  }

  /** Text lines; every 10th is empty (a row with ""), some end with \r\n. */
  static String text(int from, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      b.append(textLine(i)).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    return b.toString();
  }

  static String textLine(int i) {
    return i % 10 == 0 ? "" : "line " + i + " " + "é".repeat(i % 11);
  }

  static List<Row> textRows(int from, int n) {
    List<Row> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(Row.withSchema(TEXT_SCHEMA).addValue(textLine(i)).build());
    }
    return out;
  }

  static byte[] compress(FileCompression c, String s) {
    byte[] data = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out =
        switch (c) {
          case NONE -> bytes;
          case GZIP -> new GZIPOutputStream(bytes);
          case ZSTD -> new com.github.luben.zstd.ZstdOutputStream(bytes);
          case BZIP2 -> new BZip2CompressorOutputStream(bytes);
        }) {
      out.write(data);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  static List<Row> concat(List<Row>... lists) {
    List<Row> out = new ArrayList<>();
    Arrays.stream(lists).forEach(out::addAll);
    return out;
  }

  static PipelineResult run(HfIO.Read read, Schema schema, List<Row> expected) {
    assertThat(HfIOReadTest.planOf(read).outputSchema()).isEqualTo(schema);
    Pipeline p = Pipeline.create(HubFixture.direct());
    PCollection<Row> out = p.apply(read);
    assertThat(out.getSchema()).isEqualTo(schema);
    PAssert.that(out).containsInAnyOrder(expected);
    PipelineResult r = p.run();
    r.waitUntilFinish();
    return r;
  }

  /** The MalformedRecordException in {@code e}'s cause chain, or null. */
  static MalformedRecordException malformed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MalformedRecordException m) {
        return m;
      }
    }
    return null;
  }

  // ---- tests ----

  @Test
  void jsonLinesSplitsResolveLikeLoadDataset() {
    RepoRef repo =
        HUB.newDataset(
            "jsonl",
            "train.jsonl",
            jsonl(0, 40),
            "test.jsonl",
            jsonl(100, 12),
            "README.md",
            "# a card without configs\n");
    run(HUB.read(repo.id()).withSplit("train"), JSON_SCHEMA, jsonRows(0, 40));
    run(HUB.read(repo.id()).withSplit("test"), JSON_SCHEMA, jsonRows(100, 12));
    run(HUB.read(repo.id()), JSON_SCHEMA, concat(jsonRows(0, 40), jsonRows(100, 12)));
    // projection
    Schema idText =
        Schema.builder()
            .addNullableField("text", FieldType.STRING)
            .addNullableField("id", FieldType.INT64)
            .build();
    List<Row> projected = new ArrayList<>();
    for (Row r : jsonRows(100, 12)) {
      projected.add(Row.withSchema(idText).addValues(r.getValue("text"), r.getValue("id")).build());
    }
    run(HUB.read(repo.id()).withSplit("test").withColumns("text", "id"), idText, projected);
  }

  @Test
  void jsonDocumentsTopLevelArrayAndField() {
    String array = "[\n" + jsonl(0, 10).trim().replace("\n", ",\n  ") + "\n]\n";
    String nested =
        "{\"version\": \"1.0\", \"data\": [\n"
            + jsonl(10, 8).trim().replace("\n", ",\n")
            + "\n], \"other\": [1, 2]}";
    RepoRef repo = HUB.newDataset("jsonarr", "train.json", array);
    run(HUB.read(repo.id()), JSON_SCHEMA, jsonRows(0, 10));
    RepoRef fielded =
        HUB.newDataset(
            "jsonfield",
            "data/train.json",
            nested,
            "README.md",
            "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n"
                + "    path: data/train.json\n  field: data\n---\n");
    run(HUB.read(fielded.id()).withSplit("train"), JSON_SCHEMA, jsonRows(10, 8));
    // a list of strings is a text column, as datasets reads it
    RepoRef strings = HUB.newDataset("jsonstr", "train.json", "[\"a\", \"b\",\n \"c\"]");
    Schema text = Schema.builder().addNullableField("text", FieldType.STRING).build();
    run(
        HUB.read(strings.id()),
        text,
        List.of(
            Row.withSchema(text).addValue("a").build(),
            Row.withSchema(text).addValue("b").build(),
            Row.withSchema(text).addValue("c").build()));
  }

  @Test
  void everyFormatPlainAndCompressed() {
    FileCompression[] all = FileCompression.values();
    Map<String, Object> jsonFiles = new LinkedHashMap<>();
    Map<String, Object> csvFiles = new LinkedHashMap<>();
    Map<String, Object> tsvFiles = new LinkedHashMap<>();
    Map<String, Object> txtFiles = new LinkedHashMap<>();
    List<Row> json = new ArrayList<>();
    List<Row> csv = new ArrayList<>();
    List<Row> tsv = new ArrayList<>();
    List<Row> txt = new ArrayList<>();
    for (int k = 0; k < all.length; k++) {
      FileCompression c = all[k];
      int from = k * 100;
      jsonFiles.put("train/part" + k + ".jsonl" + c.suffix(), compress(c, jsonl(from, 20 + k)));
      json.addAll(jsonRows(from, 20 + k));
      csvFiles.put("train/part" + k + ".csv" + c.suffix(), compress(c, csv(from, 20 + k, ',')));
      csv.addAll(csvRows(from, 20 + k, ','));
      tsvFiles.put("train/part" + k + ".tsv" + c.suffix(), compress(c, csv(from, 20 + k, '\t')));
      tsv.addAll(csvRows(from, 20 + k, '\t'));
      txtFiles.put("train/part" + k + ".txt" + c.suffix(), compress(c, text(from, 20 + k)));
      txt.addAll(textRows(from, 20 + k));
    }
    RepoRef j = HUB.newDataset("jz");
    HUB.commit(j, "main", jsonFiles);
    RepoRef c = HUB.newDataset("cz");
    HUB.commit(c, "main", csvFiles);
    RepoRef t = HUB.newDataset("tz");
    HUB.commit(t, "main", tsvFiles);
    RepoRef x = HUB.newDataset("xz");
    HUB.commit(x, "main", txtFiles);
    run(HUB.read(j.id()).withSplit("train"), JSON_SCHEMA, json);
    run(HUB.read(c.id()).withSplit("train"), CSV_SCHEMA, csv);
    run(HUB.read(t.id()).withSplit("train"), CSV_SCHEMA, tsv);
    run(HUB.read(x.id()).withSplit("train"), TEXT_SCHEMA, txt);
    // a path (Dask semantics) reads the same files
    run(HUB.read(HubFixture.root(c) + "/train"), CSV_SCHEMA, csv);
    run(HUB.read(HubFixture.root(x) + "/train/part2.txt.zst"), TEXT_SCHEMA, textRows(200, 22));
  }

  @Test
  void cardFeaturesGiveTheSchemaAndConfigSepIsHonoured() {
    Schema withFeatures =
        Schema.builder()
            .addNullableField("code", FieldType.STRING)
            .addNullableField("n", FieldType.INT32)
            .addNullableField("label", FieldType.logicalType(EnumerationType.create("neg", "pos")))
            .build();
    EnumerationType labels = EnumerationType.create("neg", "pos");
    String card =
        "---\n"
            + "dataset_info:\n"
            + "  features:\n"
            + "  - name: code\n    dtype: string\n"
            + "  - name: n\n    dtype: int32\n"
            + "  - name: label\n    dtype:\n      class_label:\n        names:\n"
            + "          '0': neg\n          '1': pos\n"
            + "configs:\n- config_name: default\n  data_files:\n  - split: train\n"
            + "    path: raw/*.csv\n  sep: ';'\n"
            + "---\n";
    RepoRef repo =
        HUB.newDataset(
            "features",
            "README.md",
            card,
            "raw/a.csv",
            "code;n;label\n007;1;0\n010;2;pos\n",
            "raw/b.csv",
            "code;label;n\n3;1;\n");
    run(
        HUB.read(repo.id()),
        withFeatures,
        List.of(
            Row.withSchema(withFeatures).addValues("007", 1, labels.valueOf(0)).build(),
            Row.withSchema(withFeatures).addValues("010", 2, labels.valueOf(1)).build(),
            Row.withSchema(withFeatures).addValues("3", null, labels.valueOf(1)).build()));
    // without features the same files infer: code is an integer column
    RepoRef plain =
        HUB.newDataset(
            "nofeatures",
            "README.md",
            card.substring(card.indexOf("configs:")).replace("configs:", "---\nconfigs:"),
            "raw/a.csv",
            "code;n;label\n007;1;0\n010;2;1\n");
    Schema inferred =
        Schema.builder()
            .addNullableField("code", FieldType.INT64)
            .addNullableField("n", FieldType.INT64)
            .addNullableField("label", FieldType.INT64)
            .build();
    run(
        HUB.read(plain.id()),
        inferred,
        List.of(
            Row.withSchema(inferred).addValues(7L, 1L, 0L).build(),
            Row.withSchema(inferred).addValues(10L, 2L, 1L).build()));
  }

  @Test
  void largeUncompressedFilesAreSplitByByteRangeWithoutLosingOrRepeatingRows() {
    RepoRef repo =
        HUB.newDataset(
            "ranges",
            "json/train.jsonl",
            jsonl(0, 600),
            "csv/train.csv",
            csv(0, 600, ','),
            "txt/train.txt",
            text(0, 600));
    System.setProperty(HubParquetRead.SPLIT_BYTES_PROPERTY, "2000");
    try {
      String root = HubFixture.root(repo);
      PipelineResult j = run(HUB.read(root + "/json"), JSON_SCHEMA, jsonRows(0, 600));
      PipelineResult c = run(HUB.read(root + "/csv"), CSV_SCHEMA, csvRows(0, 600, ','));
      PipelineResult t = run(HUB.read(root + "/txt/train.txt"), TEXT_SCHEMA, textRows(0, 600));
      for (PipelineResult r : List.of(j, c, t)) {
        System.out.println(
            "RANGES initialSplits="
                + HfIOReadTest.counter(r, "initialSplits")
                + " rows="
                + HfIOReadTest.counter(r, "rows")
                + " bytes="
                + HfIOReadTest.counter(r, "bytes"));
      }
      for (PipelineResult r : List.of(j, c, t)) {
        assertThat(HfIOReadTest.counter(r, "initialSplits")).isGreaterThan(5);
        assertThat(HfIOReadTest.counter(r, "rows")).isEqualTo(600);
      }
    } finally {
      System.clearProperty(HubParquetRead.SPLIT_BYTES_PROPERTY);
    }
  }

  @Test
  void csvWithQuotedLineBreaksInItsHeadIsReadAsOneUnit() {
    Schema schema =
        Schema.builder()
            .addNullableField("id", FieldType.INT64)
            .addNullableField("note", FieldType.STRING)
            .build();
    StringBuilder b = new StringBuilder("id,note\n");
    List<Row> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String note = i % 4 == 0 ? "first " + i + "\nsecond, \"q\"" : "plain " + i;
      b.append(i).append(",\"").append(note.replace("\"", "\"\"")).append("\"\n");
      expected.add(Row.withSchema(schema).addValues((long) i, note).build());
    }
    RepoRef repo = HUB.newDataset("multiline", "train.csv", b.toString());
    System.setProperty(HubParquetRead.SPLIT_BYTES_PROPERTY, "2000");
    try {
      PipelineResult r = run(HUB.read(repo.id()), schema, expected);
      assertThat(b.length()).isGreaterThan(2 * 2000);
      assertThat(HfIOReadTest.counter(r, "initialSplits")).isEqualTo(1);
    } finally {
      System.clearProperty(HubParquetRead.SPLIT_BYTES_PROPERTY);
    }
  }

  @Test
  void malformedLinesFailFastNamingFileAndLine() {
    String bad = jsonl(0, 4) + "{\"id\": 4, \"text\": \n" + jsonl(5, 3);
    RepoRef atPlanning = HUB.newDataset("badplan", "train.jsonl", bad);
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(HUB.read(atPlanning.id())))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("train.jsonl line 5")
        .hasMessageContaining(atPlanning.id())
        .satisfies(
            e -> {
              assertThat(((MalformedRecordException) e).line()).isEqualTo(5);
              assertThat(((MalformedRecordException) e).path()).isEqualTo("train.jsonl");
            });
    // a file beyond the planning sample (the first 8 files) fails on the worker
    Map<String, Object> many = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      many.put("data/part" + i + ".jsonl", jsonl(i * 10, 10));
    }
    many.put("data/part8.jsonl", jsonl(80, 2) + "{\"id\": \"eighty-two\"}\n");
    RepoRef atWorker = HUB.newDataset("badworker");
    HUB.commit(atWorker, "main", many);
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(HUB.read(atWorker.id()));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .satisfies(e -> assertThat(malformed(e)).isNotNull())
        .extracting(HfIOReadTextFormatsTest::malformed)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("data/part8.jsonl line 3")
        .hasMessageContaining("field 'id'");
  }

  @Test
  void malformedLinesGoToTheErrorHandlerWithExactLineNumbersAcrossByteRanges() {
    StringBuilder b = new StringBuilder();
    List<Row> good = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      if (i == 300) {
        b.append("{not json}\n");
      } else if (i == 650) {
        b.append("{\"id\": 1.5}\n");
      } else {
        b.append(jsonLine(i)).append('\n');
        good.add(jsonRow(i));
      }
    }
    String csvText = csv(0, 30, ',') + "1,2,3,4,5\n" + csv(31, 3, ',').split("\n", 2)[1];
    RepoRef repo = HUB.newDataset("badranges", "j/train.jsonl", b.toString(), "c/t.csv", csvText);
    System.setProperty(HubParquetRead.SPLIT_BYTES_PROPERTY, "2000");
    try {
      Pipeline p = Pipeline.create(HubFixture.direct());
      BadRecordSink sink = new BadRecordSink();
      BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
      // the schema is given: sampling (tolerant with a handler) would otherwise widen id to DOUBLE
      PCollection<Row> rows =
          p.apply(
              HUB.read(HubFixture.root(repo) + "/j").withSchema(JSON_SCHEMA).withErrorHandler(eh));
      PCollection<Row> csvOut =
          p.apply("csv", HUB.read(HubFixture.root(repo) + "/c").withErrorHandler(eh));
      eh.close();
      PAssert.that(rows).containsInAnyOrder(good);
      List<Row> csvGood = concat(csvRows(0, 30, ','), csvRows(31, 3, ','));
      PAssert.that(csvOut).containsInAnyOrder(csvGood);
      p.run().waitUntilFinish();
      List<String> where = new ArrayList<>();
      for (BadRecord r : sink.records()) {
        String json = r.getRecord().getHumanReadableJsonRecord();
        where.add(json);
        assertThat(r.getFailure().getDescription()).contains(repo.id());
      }
      assertThat(where)
          .hasSize(3)
          .anySatisfy(s -> assertThat(s).contains("j/train.jsonl").contains("\"line\" : 301"))
          .anySatisfy(s -> assertThat(s).contains("j/train.jsonl").contains("\"line\" : 651"))
          .anySatisfy(s -> assertThat(s).contains("c/t.csv").contains("\"line\" : 32"));
    } finally {
      System.clearProperty(HubParquetRead.SPLIT_BYTES_PROPERTY);
    }
  }

  @Test
  void aSplitMixingFormatsIsRefusedNamingTheFormats() {
    RepoRef repo =
        HUB.newDataset(
            "mixed",
            "README.md",
            "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n"
                + "    path: [a.jsonl, b.csv]\n---\n",
            "a.jsonl",
            jsonl(0, 2),
            "b.csv",
            csv(0, 2, ','),
            "more/c.txt",
            text(0, 2),
            "more/d.tsv",
            csv(0, 2, '\t'));
    assertThatThrownBy(() -> Pipeline.create(HubFixture.direct()).apply(HUB.read(repo.id())))
        .isInstanceOf(MixedFormatsException.class)
        .hasMessageContaining("split 'train' of config 'default'")
        .hasMessageContaining("JSON=a.jsonl")
        .hasMessageContaining("CSV=b.csv")
        .hasMessageContaining(repo.id());
    assertThatThrownBy(
            () ->
                Pipeline.create(HubFixture.direct())
                    .apply(HUB.read(HubFixture.root(repo) + "/more/*")))
        .isInstanceOf(MixedFormatsException.class)
        .hasMessageContaining("TEXT=more/c.txt")
        .hasMessageContaining("TSV=more/d.tsv");
  }

  @Test
  void parquetOnlyOptionsAndUndecodableCompressionsAreRefusedAtConstruction() {
    RepoRef repo =
        HUB.newDataset("refused", "train.jsonl", jsonl(0, 3), "other/x.jsonl.xz", "not xz");
    Pipeline p = Pipeline.create(HubFixture.direct());
    assertThatThrownBy(
            () -> p.apply(HUB.read(repo.id()).withFilter(dev.hfio.parquet.RowFilter.eq("id", 1L))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withFilter applies to Parquet");
    assertThatThrownBy(
            () ->
                p.apply(
                    HUB.read(repo.id())
                        .watchForNewCommits(org.joda.time.Duration.standardSeconds(5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("watching reads Parquet files only");
    assertThatThrownBy(
            () ->
                p.apply(
                        org.apache.beam.sdk.transforms.Create.of(
                            HubFixture.root(repo) + "/train.jsonl"))
                    .apply(
                        HfIO.readFiles()
                            .withSchemaFromFile(HubFixture.root(repo) + "/train.jsonl")
                            .withEndpoint(HUB.url())
                            .withToken(HUB.readToken())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readFiles() reads Parquet files only");
    RepoRef txt = HUB.newDataset("txtschema", "a.txt", "x\ny\n");
    assertThatThrownBy(
            () ->
                p.apply(
                    "txt",
                    HUB.read(HubFixture.root(txt) + "/a.txt")
                        .withSchema(
                            Schema.builder().addStringField("a").addStringField("b").build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one STRING field");
    assertThatThrownBy(() -> p.apply("xz", HUB.read(HubFixture.root(repo) + "/other/x.jsonl.xz")))
        .isInstanceOf(dev.hfio.dataset.DatasetLayoutException.class)
        .hasMessageContaining(".xz")
        .hasMessageContaining("other/x.jsonl.xz");
  }

  @Test
  void planningATextDatasetCostsTheSameRequestsAsAParquetOne() throws Exception {
    RepoRef parquet = HUB.newDataset("budgetpq");
    RepoRef text = HUB.newDataset("budgettxt");
    Map<String, Object> pq = new LinkedHashMap<>();
    Map<String, Object> tx = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      String name = "data/train-0000" + i + "-of-00003";
      pq.put(
          name + ".parquet",
          dev.hfio.testing.TestRows.parquet(dev.hfio.testing.TestRows.rows(i * 10, 10)));
      tx.put(name + ".jsonl", jsonl(i * 10, 10));
    }
    pq.put("README.md", "# card\n");
    tx.put("README.md", "# card\n");
    HUB.commit(parquet, "main", pq);
    HUB.commit(text, "main", tx);

    HUB.resetCounters();
    HfIOReadTest.planOf(HUB.read(parquet.id()).withSplit("train"));
    long parquetApi = HUB.counter("api");
    long parquetResolve = HUB.counter("resolve");
    HUB.resetCounters();
    ReadPlan plan = HfIOReadTest.planOf(HUB.read(text.id()).withSplit("train"));
    long textApi = HUB.counter("api");
    long textResolve = HUB.counter("resolve");
    System.out.println(
        "PLAN-BUDGET parquet api="
            + parquetApi
            + " resolve="
            + parquetResolve
            + "; jsonl api="
            + textApi
            + " resolve="
            + textResolve);
    assertThat(plan.fileCount()).isEqualTo(3);
    assertThat(textApi).isEqualTo(parquetApi);
    assertThat(textResolve).isEqualTo(parquetResolve);
  }
}
