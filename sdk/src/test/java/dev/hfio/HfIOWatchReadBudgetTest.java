package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.parquet;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The request budget of a watched read, from localhub's counters (free-plan rate limits on): a poll
 * of an unchanged head is one API request and no listing; a moved head adds one paged listing of
 * the watched folder (tree pages of 2 entries here, so pages are visible).
 */
class HfIOWatchReadBudgetTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture(b -> b.pageSize(2));

  private static long apiRequests() {
    return HUB.counter("api");
  }

  @Test
  void anUnchangedHeadCostsOneRequestAMovedHeadOnePagedListing() throws Exception {
    RepoRef repo = HUB.newDataset("budget");
    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00002.parquet", parquet(rows(0, 3)),
            "data/train-00001-of-00002.parquet", parquet(rows(3, 3)),
            "data/test-00000-of-00001.parquet", parquet(rows(100, 3))));
    HfIO.Read read =
        HUB.read(repo.id()).withSplit("train").watchForNewCommits(Duration.standardSeconds(1));
    HubClientConfig hub = read.getConnection().resolve(HubFixture.direct());
    HubWatchRead w = HubWatchRead.of(read, hub);
    CommitPollFn poll = new CommitPollFn(hub, repo, "main", w.files(), w.skipped());

    HUB.resetCounters();
    Watch.Growth.PollResult<KV<String, ShardDescriptor>> first = poll.apply("x", null);
    // First poll: 1 head request, then the listing of data/ (3 entries: 2 pages of 2).
    assertThat(HUB.routeCount("/revision")).isEqualTo(1);
    assertThat(HUB.routeCount("/tree")).isEqualTo(2);
    assertThat(apiRequests()).isEqualTo(3);
    assertThat(HUB.counter("resolve")).isZero();
    assertThat(HUB.counter("cdn")).isZero();
    assertThat(first.toString()).contains("train-00000-of-00002", "train-00001-of-00002");
    assertThat(first.toString()).doesNotContain("test-00000");

    HUB.resetCounters();
    for (int i = 0; i < 5; i++) {
      poll.apply("x", null);
    }
    // Unchanged head: N polls, N requests, no listing.
    assertThat(HUB.routeCount("/revision")).isEqualTo(5);
    assertThat(HUB.routeCount("/tree")).isZero();
    assertThat(apiRequests()).isEqualTo(5);

    HUB.commit(
        repo,
        "main",
        files(
            "data/train-00000-of-00002-aaaaaaaa.parquet", parquet(rows(6, 2)),
            "data/train-00001-of-00002-aaaaaaaa.parquet", parquet(rows(8, 2))));
    HUB.resetCounters();
    Watch.Growth.PollResult<KV<String, ShardDescriptor>> moved = poll.apply("x", null);
    // Moved head: 1 request + the listing of data/ at the new commit (5 entries: 3 pages).
    assertThat(HUB.routeCount("/revision")).isEqualTo(1);
    assertThat(HUB.routeCount("/tree")).isEqualTo(3);
    assertThat(apiRequests()).isEqualTo(4);
    assertThat(HUB.counter("resolve")).isZero();
    assertThat(moved.toString()).contains("aaaaaaaa");
  }

  @Test
  void inAPipelineEveryPollIsOneHeadRequest() throws Exception {
    RepoRef repo = HUB.newDataset("pipeline");
    HUB.commit(repo, "main", files("data/train-00000-of-00001.parquet", parquet(rows(0, 3))));
    PipelineOptions o = HubFixture.direct();
    o.as(StreamingOptions.class).setStreaming(true);
    o.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline p = Pipeline.create(o);
    p.apply(
        HUB.read(repo.id())
            .watchForNewCommits(Duration.standardSeconds(1))
            .withStopAfterIdle(Duration.standardSeconds(5)));
    HUB.resetCounters(); // construction (planning) is done; count the run only
    PipelineResult r = p.run();
    assertThat(r.waitUntilFinish(Duration.standardSeconds(60)))
        .isEqualTo(PipelineResult.State.DONE);
    long polls = counter(r, "polls");
    long listings = counter(r, "listings");
    System.out.println("watched read: " + polls + " polls, " + listings + " listings");
    assertThat(polls).isGreaterThanOrEqualTo(3);
    assertThat(listings).isEqualTo(1);
    assertThat(HUB.routeCount("/revision")).isEqualTo(polls);
    assertThat(HUB.routeCount("/tree")).isEqualTo(1); // data/ holds 1 entry: one page
    // The rest of the run reads the one small file: at most one resolve (none when planning in
    // this JVM already resolved it), then its CDN location.
    assertThat(HUB.counter("api")).isEqualTo(polls + 1);
    assertThat(HUB.counter("resolve")).isLessThanOrEqualTo(1);
  }

  private static long counter(PipelineResult r, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(ReadShardFn.NAMESPACE, name))
                    .build())
            .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }
}
