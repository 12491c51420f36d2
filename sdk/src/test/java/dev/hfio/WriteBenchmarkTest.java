package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write throughput of HfIO (to an embedded localhub) against ParquetIO via FileIO (to local disk),
 * same rows and runner in one JVM, plus the requests and commits one write costs. Run with {@code
 * -Dhfio.bench=true}.
 */
@EnabledIfSystemProperty(named = "hfio.bench", matches = "true")
class WriteBenchmarkTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static final long ROWS = Long.getLong("hfio.bench.rows", 2_000_000L);

  private static PCollection<Row> source(Pipeline p) {
    return p.apply(GenerateSequence.from(0).to(ROWS))
        .apply(MapElements.into(TypeDescriptors.rows()).via((Long i) -> TestRows.row(i)))
        .setRowSchema(TestRows.SCHEMA);
  }

  @Test
  void hfioVersusParquetIo() throws Exception {
    RepoRef repo = HUB.newDataset("bench");
    // warm-up (JIT, classes) on a tiny run
    runHf(repo, 4, 10_000);
    HUB.resetCounters();
    long t0 = System.nanoTime();
    WriteResult r = runHf(repo, 4, ROWS);
    double hfSec = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> counters = HUB.hub().admin().counters();

    Path dir = Files.createTempDirectory("hfio-bench-parquetio");
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(TestRows.SCHEMA);
    Pipeline p = Pipeline.create(WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    source(p)
        .apply(
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via(AvroUtils.getRowToGenericRecordFunction(avro)))
        .setCoder(AvroCoder.of(avro))
        .apply(
            FileIO.<GenericRecord>write()
                .via(ParquetIO.sink(avro))
                .to(dir.toString())
                .withNumShards(4)
                .withSuffix(".parquet"));
    long t1 = System.nanoTime();
    p.run().waitUntilFinish();
    double pqSec = (System.nanoTime() - t1) / 1e9;
    long pqBytes;
    try (Stream<Path> s = Files.list(dir)) {
      pqBytes =
          s.filter(f -> f.toString().endsWith(".parquet"))
              .mapToLong(f -> f.toFile().length())
              .sum();
    }
    System.out.printf(
        "BENCH rows=%d hfio: %.2f s, %d bytes, %.1f MB/s (%d files) | parquetio local: %.2f s, %d bytes,"
            + " %.1f MB/s%n",
        ROWS,
        hfSec,
        r.bytes(),
        r.bytes() / 1e6 / hfSec,
        r.files().size(),
        pqSec,
        pqBytes,
        pqBytes / 1e6 / pqSec);
    System.out.println("BENCH counters per write: " + counters);
    assertThat(r.rows()).isEqualTo(ROWS);
  }

  private static WriteResult runHf(RepoRef repo, int shards, long rows) {
    return WritePipelines.runFrom(
            p ->
                p.apply(GenerateSequence.from(0).to(rows))
                    .apply(
                        MapElements.into(TypeDescriptors.rows()).via((Long i) -> TestRows.row(i)))
                    .setRowSchema(TestRows.SCHEMA),
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withNumShards(shards)
                .withHubConfig(HUB.config(HUB.writeToken())))
        .get(0);
  }

  /**
   * Peak heap while one worker writes one large shard with 16 MB row groups (memory should track
   * the row group).
   */
  @Test
  void peakHeapWritingALargeShard() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("heap");
    WriteSettings s =
        WriteSettings.of(
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withMaxShardBytes(2_000_000_000L)
                .withRowGroupBytes(16L << 20),
            TestRows.SCHEMA,
            HUB.config(HUB.writeToken()));
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long base = mem.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread sampler =
        new Thread(
            () -> {
              while (!stop.get()) {
                peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.start();
    List<ShardResult> res;
    try (ShardWriter w = new ShardWriter(s, c)) {
      for (long i = 0; i < ROWS * 2; i++) {
        w.write(TestRows.row(i));
      }
      res = w.finish();
    } finally {
      stop.set(true);
      sampler.join();
    }
    System.out.printf(
        "BENCH heap: shard %d bytes, %d rows, %d row groups; heap base %d MB, peak %d MB (max %d MB)%n",
        res.get(0).size(),
        res.get(0).rows(),
        res.get(0).rowGroups(),
        base >> 20,
        peak.get() >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }
}
