package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.localhub.RateLimitPlan;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.apache.beam.sdk.Pipeline;
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

  @RegisterExtension
  static final HubFixture HUB =
      new HubFixture(
          b ->
              b.rateLimitWindow(Duration.ofSeconds(5))
                  .rateLimitPlan(RateLimitPlan.FREE.withResolvers(QUOTA)));

  @Test
  void aReadOfThreeTimesTheResolverQuotaGetsEveryRowWithoutA429() throws Exception {
    HubClient writer = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    RepoRef repo = HubFixture.datasetId("paced-read");
    writer.createRepo(repo).call();
    List<CommitOperation> ops = new ArrayList<>();
    List<Row> expected = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<Row> rows = TestRows.rows(f * 10L, 10);
      expected.addAll(rows);
      Path p = TestRows.parquet(rows);
      ops.add(
          CommitOperation.addFile(String.format("data/train-%05d-of-%05d.parquet", f, FILES), p));
    }
    writer.commit(repo).branch("main").addAll(ops).message("data").call();
    Thread.sleep(6_000); // a fresh resolver window for the read
    HUB.resetCounters();
    RateGovernor.Stats s0 = RateGovernor.shared(HttpUrl.get(HUB.url()), HUB.readToken()).stats();

    Pipeline p = Pipeline.create(HubFixture.direct());
    PAssert.that(
            p.apply(
                HfIO.read()
                    .from("hf://datasets/" + repo.id())
                    .withEndpoint(HUB.url())
                    .withToken(HUB.readToken())))
        .containsInAnyOrder(expected);
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    RateGovernor.Stats s = RateGovernor.shared(HttpUrl.get(HUB.url()), HUB.readToken()).stats();
    long resolves = HUB.counter("resolve");
    System.out.printf(
        "[pacing] HfIO.read of %d files, resolver quota %d/5 s: %d ms; resolve %d (%.1fx the quota), "
            + "cdn %d, api %d, 429 %d; governor: %d requests, %d paced, waited %d ms in total, %d 429s%n",
        FILES,
        QUOTA,
        ms,
        resolves,
        (double) resolves / QUOTA,
        HUB.counter("cdn"),
        HUB.counter("api"),
        HUB.counter("rateLimited:resolvers") + HUB.counter("rateLimited:api"),
        s.requests() - s0.requests(),
        s.pacedRequests() - s0.pacedRequests(),
        TimeUnit.NANOSECONDS.toMillis(s.waitedNanos() - s0.waitedNanos()),
        s.rateLimited() - s0.rateLimited());
    assertThat(resolves).as("the read's resolver requests").isGreaterThanOrEqualTo(3L * QUOTA);
    assertThat(HUB.counter("rateLimited:resolvers")).as("429 answers").isZero();
    assertThat(HUB.counter("rateLimited:api")).as("429 answers").isZero();
    assertThat(s.rateLimited() - s0.rateLimited()).isZero();
    assertThat(s.waitedNanos() - s0.waitedNanos()).as("the read was paced").isPositive();
  }
}
