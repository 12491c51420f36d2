package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ColumnChunkInfo;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.testing.HubFixture;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request and byte counts of hf:// matching and column-projected Parquet reads, printed and
 * bounded.
 */
class HfFsMeasurementTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static HubClient client;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    client = HUB.client();
  }

  @Test
  void matchingFiveThousandFilesCostsOneListingPerThousand() throws Exception {
    RepoRef repo = HUB.newDataset("many");
    java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 5000; i++) {
      files.put(
          "d" + (i % 3) + "/f-" + i + ".parquet",
          ("x" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    long t0 = System.nanoTime();
    HUB.inlineCommit(repo, files); // one commit of small regular files
    long commitMs = (System.nanoTime() - t0) / 1_000_000;
    HUB.options(HUB.writeToken());
    HUB.resetCounters();
    t0 = System.nanoTime();
    MatchResult m = FileSystems.match(List.of(HubFixture.root(repo) + "/**/*.parquet")).get(0);
    long matchMs = (System.nanoTime() - t0) / 1_000_000;
    assertThat(m.metadata()).hasSize(5000);
    long api = HUB.counter("api");
    long tree = HUB.routeCount("/tree");
    long revision = HUB.routeCount("/revision");
    System.out.printf(
        "MEASURE match **/*.parquet over 5000 files in 3 dirs: %d API calls (%d tree pages + %d "
            + "revision), %d ms; one-commit creation of the 5000 files: %d ms%n",
        api, tree, revision, matchMs, commitMs);
    assertThat(revision).isEqualTo(1);
    assertThat(tree).isBetween(5L, 6L); // ceil(5004 entries / 1000)
    assertThat(api).isEqualTo(tree + revision);
    assertThat(HUB.counter("resolve")).isZero();
  }

  @Test
  void parquetIoProjectionFetchesLittleMoreThanTheProjectedChunks() throws Exception {
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Wide").fields();
    for (int c = 0; c < 10; c++) {
      fields = fields.optionalDouble("c" + c); // nullable: ParquetIO leaves unprojected fields null
    }
    Schema wide = fields.endRecord();
    Path file = tmp.resolve("wide.parquet");
    Random rnd = new Random(42);
    int rows = 100_000;
    double expectedSum = 0;
    ParquetIO.Sink sink = ParquetIO.sink(wide);
    try (WritableByteChannel ch = Channels.newChannel(Files.newOutputStream(file))) {
      sink.open(ch);
      for (int i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(wide);
        for (int c = 0; c < 10; c++) {
          double v = rnd.nextDouble();
          r.put("c" + c, v);
          if (c == 2) {
            expectedSum += v;
          }
        }
        sink.write(r);
      }
      sink.flush();
    }
    long fileSize = Files.size(file);
    ParquetFooter footer;
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      footer = ParquetFooter.read(src);
    }
    Set<String> projected = Set.of("c2", "c7");
    long chunkBytes = 0;
    int rowGroups = footer.rowGroups().size();
    for (var rg : footer.rowGroups()) {
      for (ColumnChunkInfo c : rg.columns()) {
        if (projected.contains(c.topLevelColumn())) {
          chunkBytes += c.compressedSize();
        }
      }
    }
    RepoRef repo = HUB.newDataset("wide");
    client
        .commit(repo)
        .add(new CommitOperation.AddFile("data/wide.parquet", file))
        .message("wide file")
        .call();

    Schema projection =
        SchemaBuilder.record("Wide").fields().optionalDouble("c2").optionalDouble("c7").endRecord();
    HfOptions o =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--enforceImmutability=false",
                "--enforceEncodability=false",
                "--hfEndpoint=" + HUB.url(),
                "--hfToken=" + HUB.writeToken())
            .as(HfOptions.class);
    Pipeline p = Pipeline.create(o);
    PCollection<GenericRecord> read =
        p.apply(
            ParquetIO.read(wide)
                .from(HubFixture.root(repo) + "/data/*.parquet")
                .withProjection(projection, wide));
    PAssert.thatSingleton(read.apply(Count.globally())).isEqualTo((long) rows);
    PCollection<Double> sum =
        read.apply(MapElements.into(TypeDescriptors.doubles()).via(r -> (Double) r.get("c2")))
            .apply(Sum.doublesGlobally());
    double want = expectedSum;
    PAssert.thatSingleton(sum)
        .satisfies(
            s -> {
              assertThat(Math.abs(s - want)).isLessThan(1e-6);
              return null;
            });
    HUB.resetCounters();
    long t0 = System.nanoTime();
    p.run().waitUntilFinish();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Thread.sleep(300); // the server books served bytes when each response completes
    long served = HUB.counter("bytesServed");
    double ratio = served / (double) chunkBytes;
    System.out.printf(
        "MEASURE ParquetIO 2 of 10 columns over hf://: file %d B, %d row group(s), footer %d B, "
            + "projected chunks %d B, bytesServed %d B (ratio %.2f), %d resolve requests, %d API calls, %d ms%n",
        fileSize,
        rowGroups,
        footer.footerLength(),
        chunkBytes,
        served,
        ratio,
        HUB.counter("resolve"),
        HUB.counter("api"),
        ms);
    assertThat(served).isGreaterThanOrEqualTo(chunkBytes);
    assertThat(ratio)
        .isLessThan(1.5); // footer tails (64 KiB per open) + projected chunks, not the whole file
    assertThat(served).isLessThan(fileSize / 3);
  }
}
