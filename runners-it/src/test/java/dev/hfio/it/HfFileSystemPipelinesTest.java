package dev.hfio.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.localhub.LocalHubExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Beam's own file IOs (TextIO, FileIO + ParquetIO sink, ParquetIO read) writing and reading {@code
 * hf://} paths through the hf FileSystem, plus HfIO.read of the same Parquet files, on every
 * runner, against one embedded localhub.
 */
public class HfFileSystemPipelinesTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  static final Schema AVRO =
      SchemaBuilder.record("Review").fields().requiredLong("id").requiredString("text").endRecord();

  @ParameterizedTest
  @EnumSource(Runner.class)
  void textAndParquetRoundTripOverHfPaths(Runner runner) {
    String[] args = {"--hfEndpoint=" + HUB.hub().url(), "--hfToken=" + HUB.hub().writeToken()};
    roundTrip(
        HUB.hub().url(),
        HUB.hub().writeToken(),
        "dev/fs-" + runner.name().toLowerCase(Locale.ROOT),
        () -> runner.options(args));
  }

  /**
   * Writes 200 lines with TextIO and 200 records with FileIO + ParquetIO sink under {@code
   * hf://datasets/<repoId>}, checks the files the Hub holds, then reads both back (TextIO,
   * ParquetIO) and asserts the contents. Each pipeline gets fresh options from {@code options}.
   * Shared with the Spark cluster test.
   */
  public static void roundTrip(
      String endpoint, String token, String repoId, Supplier<PipelineOptions> options) {
    HubClient client = HubClient.builder().endpoint(endpoint).token(token).build();
    client.createRepo(RepoRef.dataset(repoId)).existOk().call();
    String base = "hf://datasets/" + repoId;

    List<String> lines = new ArrayList<>();
    List<GenericRecord> records = new ArrayList<>();
    for (long i = 0; i < 200; i++) {
      lines.add("line " + i);
      GenericRecord r = new GenericData.Record(AVRO);
      r.put("id", i);
      r.put("text", "text " + i);
      records.add(r);
    }

    Pipeline write = Pipeline.create(options.get());
    write
        .apply("Lines", Create.of(lines))
        .apply(TextIO.write().to(base + "/text/part").withSuffix(".txt").withNumShards(2));
    write
        .apply("Records", Create.of(records).withCoder(AvroCoder.of(GenericRecord.class, AVRO)))
        .apply(
            FileIO.<GenericRecord>write()
                .via(ParquetIO.sink(AVRO))
                .to(base + "/parquet/")
                .withNumShards(2)
                .withSuffix(".parquet"));
    assertThat(write.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    List<String> files =
        client.listTree(RepoRef.dataset(repoId)).revision("main").recursive().call().stream()
            .filter(e -> e.type().equals("file"))
            .map(TreeEntry::path)
            .sorted()
            .collect(Collectors.toList());
    assertThat(files)
        .filteredOn(f -> f.startsWith("text/"))
        .hasSize(2)
        .allMatch(f -> f.endsWith(".txt"));
    assertThat(files)
        .filteredOn(f -> f.startsWith("parquet/"))
        .hasSize(2)
        .allMatch(f -> f.endsWith(".parquet"));
    assertThat(files)
        .as("Beam's temp files were renamed away")
        .noneMatch(f -> f.contains(".temp-beam"));

    List<String> expected =
        records.stream().map(r -> r.get("id") + ":" + r.get("text")).collect(Collectors.toList());
    Pipeline read = Pipeline.create(options.get());
    PAssert.that(read.apply(TextIO.read().from(base + "/text/part*"))).containsInAnyOrder(lines);
    PCollection<String> texts =
        read.apply(ParquetIO.read(AVRO).from(base + "/parquet/*.parquet"))
            .apply(
                "Avro to text",
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("id") + ":" + r.get("text")));
    PAssert.that(texts).containsInAnyOrder(expected);
    // The same Parquet files through HfIO.read (folder, Dask semantics): Beam Rows decoded by
    // HfIO's own reader.
    PCollection<String> rows =
        read.apply(HfIO.read().from(base + "/parquet"))
            .apply(
                "Row to text",
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.getValue("id") + ":" + r.getValue("text")));
    PAssert.that(rows).containsInAnyOrder(expected);
    assertThat(read.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }
}
