package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.testing.HubFixture;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ParquetIO over hf:// on a file with many small row groups fetches about the file once. Before,
 * every read under the big-read size went through a read-ahead that grew to 8x, so each split's
 * channel pulled data far past its row groups (about 9x the file at 80 KB row groups).
 */
class HfParquetSmallRowGroupsTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  @TempDir Path tmp;

  @Test
  void smallRowGroupsAreFetchedAboutOnce() throws Exception {
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Narrow").fields();
    for (int c = 0; c < 8; c++) {
      fields = fields.requiredDouble("c" + c);
    }
    Schema schema = fields.endRecord();
    Path file = tmp.resolve("small-groups.parquet");
    Random rnd = new Random(11);
    int rows = 60_000;
    ParquetIO.Sink sink = ParquetIO.sink(schema).withRowGroupSize(80_000);
    try (WritableByteChannel ch = Channels.newChannel(Files.newOutputStream(file))) {
      sink.open(ch);
      for (int i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(schema);
        for (int c = 0; c < 8; c++) {
          r.put("c" + c, rnd.nextDouble());
        }
        sink.write(r);
      }
      sink.flush();
    }
    long fileSize = Files.size(file);
    int rowGroups;
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      rowGroups = ParquetFooter.read(src).rowGroupCount();
    }
    RepoRef repo = HUB.newDataset("small-groups");
    HUB.client()
        .commit(repo)
        .add(new CommitOperation.AddFile("data/f.parquet", file))
        .message("small row groups")
        .call();

    HfOptions o =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--hfEndpoint=" + HUB.url(),
                "--hfToken=" + HUB.writeToken())
            .as(HfOptions.class);
    Pipeline p = Pipeline.create(o);
    PAssert.thatSingleton(
            p.apply(ParquetIO.read(schema).from(HubFixture.root(repo) + "/data/*.parquet"))
                .apply(Count.globally()))
        .isEqualTo((long) rows);
    HUB.resetCounters();
    p.run().waitUntilFinish();
    Thread.sleep(300);
    long served = HUB.counter("bytesServed");
    double ratio = served / (double) fileSize;
    System.out.printf(
        "MEASURE ParquetIO all columns over hf://, %d row groups: file %d B, bytesServed %d B "
            + "(ratio %.2f), %d resolve requests%n",
        rowGroups, fileSize, served, ratio, HUB.counter("resolve"));
    assertThat(rowGroups).isGreaterThan(30);
    assertThat(ratio).isLessThanOrEqualTo(1.2);
  }
}
