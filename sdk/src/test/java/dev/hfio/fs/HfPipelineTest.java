package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unchanged Beam IOs (TextIO, FileIO, ParquetIO, AvroIO) over hf:// paths on the DirectRunner,
 * checked row by row.
 */
class HfPipelineTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture(b -> b.pageSize(5));
  static HubClient client;
  @TempDir Path tmp;

  static final Schema AVRO = AvroUtils.toAvroSchema(TestRows.SCHEMA);

  @BeforeAll
  static void start() throws Exception {
    client = HUB.client();
  }

  private static Pipeline pipeline() {
    HfOptions o =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--enforceImmutability=false",
                "--enforceEncodability=false",
                "--hfEndpoint=" + HUB.url(),
                "--hfToken=" + HUB.writeToken(),
                "--hfMaxAttempts=1")
            .as(HfOptions.class);
    return Pipeline.create(o);
  }

  @Test
  void textIoAndFileIoMatchReadHfPaths() {
    List<CommitOperation> ops = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    List<String> expectedMatches = new ArrayList<>();
    RepoRef repo = HUB.newDataset("text");
    for (int f = 0; f < 4; f++) {
      StringBuilder sb = new StringBuilder();
      for (int l = 0; l < 50; l++) {
        String line = "file" + f + "-line" + l;
        sb.append(line).append('\n');
        expected.add(line);
      }
      String path = (f % 2 == 0 ? "a/" : "b/c/") + "part-" + f + ".txt";
      ops.add(
          new CommitOperation.AddBytes(
              path, sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      expectedMatches.add(
          path + " " + sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
    ops.add(
        new CommitOperation.AddBytes(
            "a/skip.csv", "not,me\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    client.commit(repo).addAll(ops).message("text files").call();
    String sha = client.resolveRevision(repo, "main");
    Pipeline p = pipeline();
    PCollection<String> lines = p.apply(TextIO.read().from(HubFixture.root(repo) + "/**/*.txt"));
    PAssert.that(lines).containsInAnyOrder(expected);
    PCollection<String> matched =
        p.apply(FileIO.match().filepattern(HubFixture.root(repo) + "/**/*.txt"))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(m -> m.resourceId() + " " + m.sizeBytes()));
    PAssert.that(matched)
        .containsInAnyOrder(
            expectedMatches.stream()
                .map(m -> HubFixture.root(repo) + "@" + sha + "/" + m)
                .collect(Collectors.toList()));
    org.apache.beam.sdk.PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(
            org.apache.beam.sdk.metrics.Lineage.query(
                result.metrics(), org.apache.beam.sdk.metrics.Lineage.Type.SOURCE))
        .anyMatch(s -> s.startsWith("hf:datasets.") && s.contains(repo.name()));
  }

  @Test
  void parquetIoReadsHfPathsRowByRow() throws Exception {
    RepoRef repo = HUB.newDataset("parquet");
    List<CommitOperation> ops = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      Path file = tmp.resolve("f" + f + ".parquet");
      ParquetIO.Sink sink = ParquetIO.sink(AVRO);
      try (WritableByteChannel ch = Channels.newChannel(Files.newOutputStream(file))) {
        sink.open(ch);
        for (int i = 0; i < 200; i++) {
          long id = f * 1000L + i;
          sink.write(AvroUtils.toGenericRecord(TestRows.row(id), AVRO));
          expected.add(id + "|" + TestRows.text(id) + "|" + TestRows.score(id));
        }
        sink.flush();
      }
      ops.add(new CommitOperation.AddFile("data/train/shard-" + f + ".parquet", file));
    }
    client.commit(repo).addAll(ops).message("parquet").call();
    Pipeline p = pipeline();
    PCollection<String> rows =
        p.apply(ParquetIO.read(AVRO).from(HubFixture.root(repo) + "/data/train/*.parquet"))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("id") + "|" + r.get("text") + "|" + r.get("score")));
    PAssert.that(rows).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void avroIoReadsHfPaths() throws Exception {
    Path file = tmp.resolve("recs.avro");
    List<String> expected = new ArrayList<>();
    try (org.apache.avro.file.DataFileWriter<GenericRecord> w =
        new org.apache.avro.file.DataFileWriter<GenericRecord>(
                new org.apache.avro.generic.GenericDatumWriter<>(AVRO))
            .create(AVRO, file.toFile())) {
      for (long id = 0; id < 300; id++) {
        w.append(AvroUtils.toGenericRecord(TestRows.row(id), AVRO));
        expected.add(id + "|" + TestRows.text(id) + "|" + TestRows.score(id));
      }
    }
    RepoRef repo = HUB.newDataset("avro");
    client
        .commit(repo)
        .add(new CommitOperation.AddFile("data/recs.avro", file))
        .message("avro")
        .call();
    Pipeline p = pipeline();
    PCollection<String> rows =
        p.apply(
                org.apache.beam.sdk.extensions.avro.io.AvroIO.readGenericRecords(AVRO)
                    .from(HubFixture.root(repo) + "/data/*.avro"))
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(r -> r.get("id") + "|" + r.get("text") + "|" + r.get("score")));
    PAssert.that(rows).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void textIoWritesThroughCreateRenameAndDelete() {
    RepoRef repo = HUB.newDataset("write");
    Pipeline p = pipeline();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      lines.add("row " + i);
    }
    p.apply(Create.of(lines))
        .apply(
            TextIO.write()
                .to(HubFixture.root(repo) + "/out/part")
                .withSuffix(".txt")
                .withNumShards(2));
    p.run().waitUntilFinish();
    List<String> files =
        client.listTree(repo).revision("main").recursive().call().stream()
            .filter(TreeEntry::isFile)
            .map(TreeEntry::path)
            .filter(s -> !s.equals(".gitattributes"))
            .sorted()
            .collect(Collectors.toList());
    assertThat(files).containsExactly("out/part-00000-of-00002.txt", "out/part-00001-of-00002.txt");
    List<String> back = new ArrayList<>();
    for (String f : files) {
      back.addAll(List.of(new String(client.readAllBytes(repo, "main", f)).split("\n")));
    }
    assertThat(back).containsExactlyInAnyOrderElementsOf(lines);
  }
}
