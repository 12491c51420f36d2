package dev.hfio.hub;

import static dev.hfio.hub.LocalHubFixture.counter;
import static dev.hfio.hub.LocalHubFixture.newDataset;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.internal.parquet.RowParquetWriter;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
import dev.hfio.localhub.RateLimitPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An end-to-end {@code HfIO.read()} on the DirectRunner whose resolver requests are three times the
 * quota: with pacing it gets every row and meets no 429. CDN redirects and rate limits on; to keep
 * the test under a minute the dev user gets an explicit plan of 40 resolver requests per 5 s window
 * (api and pages as on the free plan).
 */
class PacedReadTest {
  static final int QUOTA = 40;
  static final int FILES = 120;
  static final Schema SCHEMA = Schema.builder().addInt64Field("id").addStringField("text").build();

  @RegisterExtension
  static final LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.rateLimitWindow(Duration.ofSeconds(5))
                  .rateLimitPlan(RateLimitPlan.FREE.withResolvers(QUOTA)));

  @Test
  void aReadOfThreeTimesTheResolverQuotaGetsEveryRowWithoutA429() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient writer =
        LocalHubFixture.client(hub, hub.writeToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    RepoRef repo = newDataset("paced-read");
    writer.createRepo(repo).call();
    Path dir = Files.createTempDirectory("paced-read");
    List<CommitOperation> ops = new ArrayList<>();
    List<Row> expected = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      Path p = dir.resolve("f" + f + ".parquet");
      try (RowParquetWriter w = RowParquetWriter.builder(p, SCHEMA).build()) {
        for (long i = f * 10L; i < f * 10L + 10; i++) {
          Row r = Row.withSchema(SCHEMA).addValues(i, "row " + i).build();
          w.write(r);
          expected.add(r);
        }
        w.finish();
      }
      ops.add(
          CommitOperation.addFile(String.format("data/train-%05d-of-%05d.parquet", f, FILES), p));
    }
    writer.commit(repo).branch("main").addAll(ops).message("data").call();
    Thread.sleep(6_000); // a fresh resolver window for the read
    hub.admin().resetCounters();
    RateGovernor.Stats s0 = RateGovernor.shared(HttpUrl.get(hub.url()), hub.readToken()).stats();

    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline p = Pipeline.create(options);
    PAssert.that(
            p.apply(
                HfIO.read()
                    .from("hf://datasets/" + repo.id())
                    .withEndpoint(hub.url())
                    .withToken(hub.readToken())))
        .containsInAnyOrder(expected);
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    RateGovernor.Stats s = RateGovernor.shared(HttpUrl.get(hub.url()), hub.readToken()).stats();
    long resolves = counter(hub, "resolve");
    System.out.printf(
        "[pacing] HfIO.read of %d files, resolver quota %d/5 s: %d ms; resolve %d (%.1fx the quota), "
            + "cdn %d, api %d, 429 %d; governor: %d requests, %d paced, waited %d ms in total, %d 429s%n",
        FILES,
        QUOTA,
        ms,
        resolves,
        (double) resolves / QUOTA,
        counter(hub, "cdn"),
        counter(hub, "api"),
        counter(hub, "rateLimited:resolvers") + counter(hub, "rateLimited:api"),
        s.requests() - s0.requests(),
        s.pacedRequests() - s0.pacedRequests(),
        TimeUnit.NANOSECONDS.toMillis(s.waitedNanos() - s0.waitedNanos()),
        s.rateLimited() - s0.rateLimited());
    assertThat(resolves).as("the read's resolver requests").isGreaterThanOrEqualTo(3L * QUOTA);
    assertThat(counter(hub, "rateLimited:resolvers")).as("429 answers").isZero();
    assertThat(counter(hub, "rateLimited:api")).as("429 answers").isZero();
    assertThat(s.rateLimited() - s0.rateLimited()).isZero();
    assertThat(s.waitedNanos() - s0.waitedNanos()).as("the read was paced").isPositive();
  }
}
