package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ColumnChunkInfo;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowGroupInfo;
import dev.hfio.parquet.ParquetReadException;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HfIO.read().withErrorHandler(..)} over real HTTP: a folder with two good files, one whose
 * footer is corrupt and one with a corrupt page in row group 1. With a handler the good rows are
 * read exactly and each bad unit is one bad record naming repo, commit, path and row group; without
 * one the read fails with a typed exception naming the file.
 */
class HfIOReadErrorHandlerTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final long PAGED_FROM = 200;
  static final int PAGED_ROWS = 3000;

  /** A dataset folder {@code data/} with the four files; returns the commit sha. */
  record Fixture(RepoRef repo, String sha, List<Row> goodRows) {}

  static final List<String> PATHS =
      List.of(
          "data/a-good.parquet",
          "data/b-footer.parquet",
          "data/c-page.parquet",
          "data/d-good.parquet",
          "data/e-footer-big.parquet");

  static Fixture fixture() throws Exception {
    RepoRef repo = HUB.newDataset("eh-read");
    Path good1 = TestRows.parquet(TestRows.rows(0, 100));
    Path good2 = TestRows.parquet(TestRows.rows(5000, 50));

    byte[] footerBad = Files.readAllBytes(TestRows.parquet(TestRows.rows(100, 100)));
    // keep the length and the trailing magic: the footer's Thrift bytes become garbage
    Arrays.fill(footerBad, footerBad.length - 40, footerBad.length - 8, (byte) 0xFF);

    // a file above the small-file limit (64 KiB): its footer is first read for its restriction
    byte[] bigFooterBad =
        Files.readAllBytes(
            TestRows.parquet(TestRows.SCHEMA, TestRows.rows(20_000, 8000), 8 * 1024));
    assertThat(bigFooterBad.length).isGreaterThan(64 * 1024);
    Arrays.fill(bigFooterBad, bigFooterBad.length - 40, bigFooterBad.length - 8, (byte) 0xFF);

    Path paged = TestRows.parquet(TestRows.SCHEMA, TestRows.rows(PAGED_FROM, PAGED_ROWS), 8 * 1024);
    List<RowGroupInfo> groups;
    try (LocalFileRangeSource src = new LocalFileRangeSource(paged)) {
      groups = ParquetFooter.read(src).rowGroups();
    }
    assertThat(groups.size()).as("row groups of the paged file").isGreaterThan(2);
    byte[] pageBad = Files.readAllBytes(paged);
    ColumnChunkInfo idChunk = groups.get(1).columns().get(0);
    // the first page header of row group 1's first column chunk becomes garbage
    Arrays.fill(pageBad, (int) idChunk.offset(), (int) idChunk.offset() + 16, (byte) 0xFF);
    long group1From = PAGED_FROM + groups.get(0).rowCount();
    long group1To = group1From + groups.get(1).rowCount();

    String sha =
        HUB.commit(
            repo,
            "main",
            files(
                "data/a-good.parquet", good1,
                "data/b-footer.parquet", footerBad,
                "data/c-page.parquet", pageBad,
                "data/d-good.parquet", good2,
                "data/e-footer-big.parquet", bigFooterBad));
    List<Row> good = new ArrayList<>(TestRows.rows(0, 100));
    good.addAll(TestRows.rows(5000, 50));
    for (Row r : TestRows.rows(PAGED_FROM, PAGED_ROWS)) {
      long id = r.getInt64("id");
      if (id < group1From || id >= group1To) {
        good.add(r);
      }
    }
    return new Fixture(repo, sha, good);
  }

  @Test
  void withAHandlerTheGoodRowsAreReadAndEachBadUnitIsOneRecordWithItsContext() throws Exception {
    Fixture f = fixture();
    Pipeline p = Pipeline.create(HubFixture.direct());
    BadRecordSink sink = new BadRecordSink();
    BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
    PCollection<Row> rows =
        p.apply(
            HUB.read(HubFixture.root(f.repo()) + "/data")
                .withSchema(TestRows.SCHEMA)
                .withErrorHandler(eh));
    eh.close();
    PAssert.that(rows).containsInAnyOrder(f.goodRows());
    p.run().waitUntilFinish();

    checkRecords(f, sink.records());
  }

  @Test
  void readFilesWithAHandlerReportsTheSameUnits() throws Exception {
    Fixture f = fixture();
    Pipeline p = Pipeline.create(HubFixture.direct());
    BadRecordSink sink = new BadRecordSink();
    BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
    List<String> paths = new ArrayList<>();
    for (String path : PATHS) {
      paths.add(HubFixture.root(f.repo()) + "@" + f.sha() + "/" + path);
    }
    PCollection<Row> rows =
        p.apply(org.apache.beam.sdk.transforms.Create.of(paths))
            .apply(
                HfIO.readFiles()
                    .withSchema(TestRows.SCHEMA)
                    .withHubConfig(HUB.config(HUB.readToken()))
                    .withErrorHandler(eh));
    eh.close();
    PAssert.that(rows).containsInAnyOrder(f.goodRows());
    p.run().waitUntilFinish();
    checkRecords(f, sink.records());
  }

  @Test
  void aFileWhoseSchemaDoesNotMatchThePlannedOneIsOneRecord() throws Exception {
    RepoRef repo = HUB.newDataset("eh-read-schema");
    org.apache.beam.sdk.schemas.Schema other =
        org.apache.beam.sdk.schemas.Schema.builder()
            .addInt64Field("id")
            .addStringField("title")
            .build();
    Path otherFile =
        TestRows.parquet(other, List.of(Row.withSchema(other).addValues(1L, "x").build()), 1 << 20);
    String sha =
        HUB.commit(
            repo,
            "main",
            files(
                "data/a.parquet",
                TestRows.parquet(TestRows.rows(0, 40)),
                "data/z.parquet",
                otherFile));
    String root = HubFixture.root(repo) + "@" + sha + "/";
    Pipeline p = Pipeline.create(HubFixture.direct());
    BadRecordSink sink = new BadRecordSink();
    BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
    PCollection<Row> rows =
        p.apply(
                org.apache.beam.sdk.transforms.Create.of(
                    root + "data/a.parquet", root + "data/z.parquet"))
            .apply(
                HfIO.readFiles()
                    .withSchemaFromFile(root + "data/a.parquet")
                    .withHubConfig(HUB.config(HUB.readToken()))
                    .withErrorHandler(eh));
    eh.close();
    PAssert.that(rows).containsInAnyOrder(TestRows.rows(0, 40));
    p.run().waitUntilFinish();
    assertThat(sink.records()).hasSize(1);
    BadRecord r = sink.records().get(0);
    JsonNode n = new ObjectMapper().readTree(r.getRecord().getHumanReadableJsonRecord());
    assertThat(n.get("path").asText()).isEqualTo("data/z.parquet");
    assertThat(n.get("revision").asText()).isEqualTo(sha);
    assertThat(r.getFailure().getException()).startsWith("ParquetSchemaMismatchException");
  }

  /** One record per corrupt footer (2) and one for row group 1 of the corrupt page's file. */
  static void checkRecords(Fixture f, List<BadRecord> bad) throws Exception {
    assertThat(bad).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    JsonNode footer = null;
    JsonNode bigFooter = null;
    JsonNode page = null;
    for (BadRecord r : bad) {
      JsonNode n = json.readTree(r.getRecord().getHumanReadableJsonRecord());
      assertThat(n.get("repo").asText()).isEqualTo(f.repo().id());
      assertThat(n.get("revision").asText()).isEqualTo(f.sha());
      assertThat(r.getFailure().getException()).startsWith("ParquetReadException");
      assertThat(r.getFailure().getDescription())
          .contains(f.sha())
          .contains(n.get("path").asText());
      assertThat(r.getFailure().getExceptionStacktrace()).doesNotContain(HUB.readToken());
      if (n.get("path").asText().equals("data/b-footer.parquet")) {
        footer = n;
      } else if (n.get("path").asText().equals("data/e-footer-big.parquet")) {
        bigFooter = n;
      } else {
        page = n;
      }
    }
    assertThat(footer).as("the corrupt footer's record").isNotNull();
    assertThat(footer.has("rowGroup")).isFalse();
    assertThat(bigFooter).as("the corrupt footer's record of the big file").isNotNull();
    assertThat(bigFooter.has("rowGroup")).isFalse();
    assertThat(page).as("the corrupt page's record").isNotNull();
    assertThat(page.get("path").asText()).isEqualTo("data/c-page.parquet");
    assertThat(page.get("rowGroup").asInt()).isEqualTo(1);
  }

  @Test
  void withoutAHandlerACorruptFooterFailsTheConstructionNamingTheFile() throws Exception {
    Fixture f = fixture();
    Pipeline p = Pipeline.create(HubFixture.direct());
    assertThatThrownBy(
            () ->
                p.apply(HUB.read(HubFixture.root(f.repo()) + "/data").withSchema(TestRows.SCHEMA)))
        .isInstanceOf(ParquetReadException.class)
        .hasMessageContaining("b-footer.parquet");
  }

  @Test
  void withoutAHandlerACorruptRowGroupFailsTheRunNamingFileAndRowGroup() throws Exception {
    Fixture f = fixture();
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(HUB.read(HubFixture.root(f.repo()) + "/data/c-page.parquet"));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasMessageContaining("row group 1")
        .hasMessageContaining("c-page.parquet")
        .satisfies(
            e -> {
              Throwable t = e;
              while (t != null && !(t instanceof ParquetReadException)) {
                t = t.getCause();
              }
              assertThat(t).isInstanceOf(ParquetReadException.class);
            });
  }
}
