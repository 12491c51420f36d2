package dev.hfio.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.localhub.LocalHubExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Beam's own file IOs (TextIO, FileIO + ParquetIO sink, ParquetIO read) writing and reading {@code hf://} paths
 * through the hf FileSystem, on every runner, against one embedded localhub.
 */
class HfFileSystemPipelinesTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  static final Schema AVRO = SchemaBuilder.record("Review").fields()
      .requiredLong("id").requiredString("text").endRecord();

  @ParameterizedTest
  @EnumSource(Runner.class)
  void textAndParquetRoundTripOverHfPaths(Runner runner) {
    String repoId = "dev/fs-" + runner.name().toLowerCase(Locale.ROOT);
    HubClient client = HubClient.builder().endpoint(HUB.hub().url()).token(HUB.hub().writeToken()).build();
    client.createRepo(RepoRef.dataset(repoId), false, true);
    String base = "hf://datasets/" + repoId;
    String[] args = {"--hfEndpoint=" + HUB.hub().url(), "--hfToken=" + HUB.hub().writeToken()};

    List<String> lines = new ArrayList<>();
    List<GenericRecord> records = new ArrayList<>();
    for (long i = 0; i < 200; i++) {
      lines.add("line " + i);
      GenericRecord r = new GenericData.Record(AVRO);
      r.put("id", i);
      r.put("text", "text " + i);
      records.add(r);
    }

    Pipeline write = Pipeline.create(runner.options(args));
    write.apply("Lines", Create.of(lines))
        .apply(TextIO.write().to(base + "/text/part").withSuffix(".txt").withNumShards(2));
    write.apply("Records", Create.of(records).withCoder(AvroCoder.of(GenericRecord.class, AVRO)))
        .apply(FileIO.<GenericRecord>write().via(ParquetIO.sink(AVRO)).to(base + "/parquet/")
            .withNumShards(2).withSuffix(".parquet"));
    assertThat(write.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    List<String> files = client.listTree(RepoRef.dataset(repoId), "main", "", true, false).stream()
        .filter(e -> e.type().equals("file")).map(TreeEntry::path).sorted().collect(Collectors.toList());
    assertThat(files).filteredOn(f -> f.startsWith("text/")).hasSize(2).allMatch(f -> f.endsWith(".txt"));
    assertThat(files).filteredOn(f -> f.startsWith("parquet/")).hasSize(2).allMatch(f -> f.endsWith(".parquet"));
    assertThat(files).as("Beam's temp files were renamed away").noneMatch(f -> f.contains(".temp-beam"));

    Pipeline read = Pipeline.create(runner.options(args));
    PAssert.that(read.apply(TextIO.read().from(base + "/text/part*"))).containsInAnyOrder(lines);
    PCollection<String> texts = read.apply(ParquetIO.read(AVRO).from(base + "/parquet/*.parquet"))
        .apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.get("id") + ":" + r.get("text")));
    PAssert.that(texts).containsInAnyOrder(
        records.stream().map(r -> r.get("id") + ":" + r.get("text")).collect(Collectors.toList()));
    assertThat(read.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
  }
}
