package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RateLimitPlan;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rate-limit pacing against localhub with CDN redirects and rate limits on. To keep each test under
 * 30 s the dev user gets an explicit small plan: 30 resolver requests per 5 s window (the free
 * plan's 5,000 per 300 s scaled down; api and pages as on the free plan), so a burst of 90 reads is
 * three times the quota.
 */
class RatePacingTest {
  static final int QUOTA = 30;

  @RegisterExtension
  static final HubFixture HUB =
      new HubFixture(
          b ->
              b.rateLimitWindow(Duration.ofSeconds(5))
                  .rateLimitPlan(RateLimitPlan.FREE.withResolvers(QUOTA)));

  static RepoRef repo;
  static final List<String> PATHS = new ArrayList<>();
  static final List<byte[]> CONTENTS = new ArrayList<>();

  @BeforeAll
  static void data() {
    HubClient setup = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    repo = HubFixture.datasetId("pacing");
    setup.createRepo(repo).call();
    List<CommitOperation> ops = new ArrayList<>();
    Random rnd = new Random(1);
    for (int i = 0; i < 6; i++) {
      byte[] b;
      if (i % 2 == 0) {
        b = new byte[20_000]; // LFS: /resolve answers 302 to the CDN
        rnd.nextBytes(b);
      } else {
        b = ("small file " + i).getBytes(StandardCharsets.UTF_8); // served by /resolve itself
      }
      PATHS.add("f" + i + (i % 2 == 0 ? ".bin" : ".txt"));
      CONTENTS.add(b);
      ops.add(CommitOperation.add(PATHS.get(i), b));
    }
    setup.commit(repo).branch("main").addAll(ops).message("data").call();
  }

  @BeforeEach
  void fresh() throws InterruptedException {
    HUB.hub().admin().clearFaults();
    Thread.sleep(6_000); // let the previous test's window end: each test starts with a fresh quota
    HUB.resetCounters();
  }

  @AfterEach
  void clear() {
    HUB.hub().admin().clearFaults();
  }

  /**
   * Reads {@code reads} files with {@code threads} threads of {@code client}; returns the futures
   * to check.
   */
  private static List<Future<?>> burst(
      ExecutorService pool, HubClient client, int threads, int reads) {
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      fs.add(
          pool.submit(
              () -> {
                for (int i = first; i < reads; i += threads) {
                  int f = i % PATHS.size();
                  assertThat(client.readAllBytes(repo, "main", PATHS.get(f)))
                      .isEqualTo(CONTENTS.get(f));
                }
                return null;
              }));
    }
    return fs;
  }

  private static RateGovernor.Stats stats(String token) {
    return RateGovernor.shared(HttpUrl.get(HUB.url()), token).stats();
  }

  private static RateGovernor.Stats minus(RateGovernor.Stats a, RateGovernor.Stats b) {
    return new RateGovernor.Stats(
        a.requests() - b.requests(),
        a.pacedRequests() - b.pacedRequests(),
        a.waitedNanos() - b.waitedNanos(),
        a.rateLimited() - b.rateLimited());
  }

  private static String describe(RateGovernor.Stats s) {
    return s.requests()
        + " requests, "
        + s.pacedRequests()
        + " paced, waited "
        + TimeUnit.NANOSECONDS.toMillis(s.waitedNanos())
        + " ms in total, "
        + s.rateLimited()
        + " 429s";
  }

  /**
   * Two workers of one account that share nothing but the Hub's counters (two tokens of the dev
   * user: two governors in this JVM, as on two machines), three threads each, 90 reads = 3x the
   * resolver quota.
   */
  @Test
  void twoIndependentWorkersStayWithinOneSharedQuota() throws Exception {
    HubClient a = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    HubClient b = HUB.client(HUB.readToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    assertThat(a.http.pacing.governor()).isNotSameAs(b.http.pacing.governor());
    RateGovernor.Stats a0 = stats(HUB.writeToken());
    RateGovernor.Stats b0 = stats(HUB.readToken());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    long start = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>(burst(pool, a, 3, 3 * QUOTA / 2));
      fs.addAll(burst(pool, b, 3, 3 * QUOTA / 2));
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    RateGovernor.Stats sa = minus(stats(HUB.writeToken()), a0);
    RateGovernor.Stats sb = minus(stats(HUB.readToken()), b0);
    System.out.printf(
        "[pacing] two workers, 90 reads, quota %d/5 s: %d ms; resolve %d, cdn %d, 429 %d; "
            + "worker A: %s; worker B: %s%n",
        QUOTA,
        ms,
        HUB.counter("resolve"),
        HUB.counter("cdn"),
        HUB.counter("rateLimited:resolvers"),
        describe(sa),
        describe(sb));
    assertThat(HUB.counter("rateLimited:resolvers")).as("429 answers").isZero();
    assertThat(HUB.counter("resolve")).isEqualTo(3 * QUOTA);
    assertThat(sa.rateLimited() + sb.rateLimited()).isZero();
    assertThat(sa.waitedNanos() + sb.waitedNanos()).isPositive();
    assertThat(ms)
        .as("three windows' worth of requests need at least two resets")
        .isGreaterThan(9_000);
  }

  /**
   * Two clients with the same token (as two DoFn instances of one worker JVM) share one governor.
   */
  @Test
  void clientsOfOneTokenShareOneGovernor() throws Exception {
    HubClient a = HUB.client(HUB.readToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    HubClient b = HUB.client(HUB.readToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    assertThat(a.http.pacing.governor()).isSameAs(b.http.pacing.governor());
    RateGovernor.Stats s0 = stats(HUB.readToken());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>(burst(pool, a, 4, 3 * QUOTA / 2));
      fs.addAll(burst(pool, b, 4, 3 * QUOTA / 2));
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    RateGovernor.Stats s = minus(stats(HUB.readToken()), s0);
    System.out.printf(
        "[pacing] one governor, 8 threads, 90 reads, quota %d/5 s: %d ms; resolve %d, 429 %d; %s%n",
        QUOTA, ms, HUB.counter("resolve"), HUB.counter("rateLimited:resolvers"), describe(s));
    assertThat(HUB.counter("rateLimited:resolvers")).as("429 answers").isZero();
    assertThat(HUB.counter("resolve")).isEqualTo(3 * QUOTA);
    assertThat(s.requests()).isEqualTo(3 * QUOTA);
  }

  /**
   * A 429 (injected: {@code t = 2}) is waited out for t + 1 = 3 s and retried once, and another
   * thread sharing the bucket waits too instead of running into the same wall.
   */
  @Test
  void a429StopsEveryThreadOfTheBucketForTPlusOne() throws Exception {
    HubClient client = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    RateGovernor.Stats s0 = stats(HUB.writeToken());
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).rateLimited(2).times(1));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      long start = System.nanoTime();
      Future<Long> first =
          pool.submit(
              () -> {
                assertThat(client.readAllBytes(repo, "main", PATHS.get(1)))
                    .isEqualTo(CONTENTS.get(1));
                return System.nanoTime() - start;
              });
      while (stats(HUB.writeToken()).rateLimited() == s0.rateLimited() && !first.isDone()) {
        Thread.sleep(5);
      }
      long otherStart = System.nanoTime();
      Future<Long> other =
          pool.submit(
              () -> {
                assertThat(client.readAllBytes(repo, "main", PATHS.get(3)))
                    .isEqualTo(CONTENTS.get(3));
                return System.nanoTime() - otherStart;
              });
      long firstMs = TimeUnit.NANOSECONDS.toMillis(first.get(30, TimeUnit.SECONDS));
      long otherMs = TimeUnit.NANOSECONDS.toMillis(other.get(30, TimeUnit.SECONDS));
      RateGovernor.Stats s = minus(stats(HUB.writeToken()), s0);
      System.out.printf(
          "[pacing] injected 429 (t=2): retried after %d ms; the other thread waited %d ms; resolve "
              + "%d; %s%n",
          firstMs, otherMs, HUB.counter("resolve"), describe(s));
      assertThat(firstMs).isBetween(3_000L, 6_000L);
      assertThat(otherMs).as("the other thread waits for the same bucket").isGreaterThan(2_500L);
      assertThat(HUB.counter("resolve")).as("429, its one retry, the other read").isEqualTo(3);
      assertThat(s.rateLimited()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Every turn ends, answered or not: after reads whose redirect chains carry two Hub answers and a
   * read whose first attempt dies on a connection reset (retried), the bucket holds no request it
   * still counts as in flight (a leak would starve the pacer a little more with every failure).
   */
  @Test
  void everyTurnEndsWhetherAnsweredOrNot() throws Exception {
    HubClient client = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    RatePacer resolvers = client.http.pacing.governor().pacer("resolvers");
    RateGovernor.Stats s0 = stats(HUB.writeToken());
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).connectionReset().times(2));
    for (int i = 0; i < PATHS.size(); i++) {
      assertThat(client.readAllBytes(repo, "main", PATHS.get(i))).isEqualTo(CONTENTS.get(i));
    }
    assertThat(minus(stats(HUB.writeToken()), s0).requests())
        .as("6 reads, 2 attempts reset and retried")
        .isEqualTo(8);
    assertThat(resolvers.outstanding()).as("turns still counted in flight").isZero();
  }

  /** The cap of in-flight requests holds across clients of this JVM that share it. */
  @Test
  void maxConcurrentRequestsCapsRequestsInFlight() throws Exception {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).delay(Duration.ofMillis(300)).times(8));
    HubClient a =
        HubClient.builder()
            .endpoint(HUB.url())
            .token(HUB.readToken())
            .maxConcurrentRequests(2)
            .build();
    HubClient b =
        HubClient.builder()
            .endpoint(HUB.url())
            .token(HUB.writeToken())
            .maxConcurrentRequests(2)
            .build();
    assertThat(a.config().maxConcurrentRequests()).isEqualTo(2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        HubClient c = i % 2 == 0 ? a : b;
        fs.add(pool.submit(() -> c.repoInfo(repo, "main")));
      }
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.printf("[pacing] 8 delayed calls (300 ms each), 2 in flight at most: %d ms%n", ms);
    assertThat(ms).as("8 calls of 300 ms, 2 at a time").isGreaterThanOrEqualTo(1_150L);
  }
}
