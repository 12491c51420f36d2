package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retry behaviour proven with localhub fault injection: waits, attempt counts and delivered bytes.
 */
class HubRetryTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static RepoRef repo;
  static byte[] content;
  RecordingSleeper sleeper;
  HubClient client;

  @BeforeAll
  static void start() throws Exception {
    HubClient setup = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    repo = HubFixture.datasetId("retry");
    setup.createRepo(repo).call();
    content = new byte[50_000];
    new Random(7).nextBytes(content);
    setup
        .commit(repo)
        .add(CommitOperation.add("blob.bin", content))
        .add(CommitOperation.add("small.txt", "hello".getBytes(StandardCharsets.UTF_8)))
        .message("data")
        .call();
  }

  @BeforeEach
  void fresh() {
    sleeper = new RecordingSleeper();
    client = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT.withJitter(0), sleeper);
    HUB.hub().admin().clearFaults();
    HUB.resetCounters();
  }

  @AfterEach
  void clear() {
    HUB.hub().admin().clearFaults();
  }

  @Test
  void rateLimitWaitsResetTimePlusMargin() {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).rateLimited(3).times(1));
    assertThat(client.whoami().name()).isEqualTo("dev");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(4));
    assertThat(HUB.counter("api")).isEqualTo(2);
  }

  @Test
  void serviceUnavailableBacksOffExponentially() {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).status(503).times(3));
    assertThat(client.repoInfo(repo, "main").sha()).matches("[0-9a-f]{40}");
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(HUB.counter("api")).isEqualTo(4);
  }

  @Test
  void givesUpAfterMaxAttemptsWithServerException() {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).status(502));
    assertThatThrownBy(() -> client.repoInfo(repo, "main"))
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("502")
        .hasMessageContaining(repo.id());
    assertThat(HUB.counter("api")).isEqualTo(5);
    assertThat(sleeper.waits)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
  }

  @Test
  void persistentRateLimitEndsInRateLimitedException() {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).rateLimited(1));
    HubClient two = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT.withMaxAttempts(2), sleeper);
    assertThatThrownBy(two::whoami)
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("rate limit");
    assertThat(HUB.counter("api")).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void maxTotalTimeStopsRetrying() {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).status(503));
    HubClient capped =
        HUB.client(
            HUB.writeToken(),
            RetryPolicy.DEFAULT.withJitter(0).withMaxTotalTime(Duration.ofSeconds(3)),
            sleeper);
    assertThatThrownBy(() -> capped.repoInfo(repo, null)).isInstanceOf(ServerException.class);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(HUB.counter("api")).isEqualTo(3);
  }

  @Test
  void connectionResetIsRetried() {
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).connectionReset().times(1));
    assertThat(client.readRange(repo, "main", "blob.bin", 100, 200))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 100, 300));
    assertThat(HUB.counter("resolve")).isEqualTo(2);
    assertThat(HUB.counter("cdn"))
        .isEqualTo(1); // blob.bin is LFS: the retried resolve redirects once
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void truncatedRangeBodyIsResumed() {
    // blob.bin is LFS: in CDN mode its bytes come from the CDN origin, where the truncation must
    // hit
    HUB.hub().admin().inject(Fault.on(RouteClass.CDN).truncateBody(1000).times(1));
    assertThat(client.readRange(repo, "main", "blob.bin", 5000, 20_000))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 5000, 25_000));
    assertThat(HUB.counter("resolve")).isEqualTo(1); // the resume goes straight to the CDN URL
    assertThat(HUB.counter("cdn")).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void truncatedStreamIsResumedWithRange() throws Exception {
    HUB.hub()
        .admin()
        .inject(Fault.on(RouteClass.CDN).truncateBody(7000).times(2)); // LFS bytes: from the CDN
    try (InputStream in = client.openStream(repo, "main", "blob.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(HUB.counter("resolve")).isEqualTo(1); // resumes go straight to the CDN URL
    assertThat(HUB.counter("cdn")).isEqualTo(3);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void commitIsNotRetriedOnServerError() {
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).status(500).times(1));
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .add(CommitOperation.add("x.txt", "x".getBytes(StandardCharsets.UTF_8)))
                    .message("c")
                    .call())
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("commit");
    assertThat(HUB.counter("commit")).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void commitIsNotRetriedAfterAConnectionReset() {
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).connectionReset().times(1));
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .add(CommitOperation.add("y.txt", "y".getBytes(StandardCharsets.UTF_8)))
                    .message("c")
                    .call())
        .isInstanceOf(ServerException.class);
    assertThat(HUB.counter("commit")).isEqualTo(1);
  }

  @Test
  void commitIsRetriedOnRateLimit() {
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).rateLimited(1).times(1));
    CommitResult r =
        client
            .commit(repo)
            .add(CommitOperation.add("z.txt", "z".getBytes(StandardCharsets.UTF_8)))
            .message("c")
            .call();
    assertThat(r.commitSha()).matches("[0-9a-f]{40}");
    assertThat(HUB.counter("commit")).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void lfsUploadRetriesServerErrors() throws Exception {
    byte[] data = new byte[10_000];
    new Random(3).nextBytes(data);
    HUB.hub().admin().inject(Fault.on(RouteClass.LFS).status(503).times(2));
    client.commit(repo).add(CommitOperation.add("retry/lfs.bin", data)).message("lfs").call();
    assertThat(client.readAllBytes(repo, "main", "retry/lfs.bin")).isEqualTo(data);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void readTimeoutIsRetried() {
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).delay(Duration.ofMillis(1500)).times(1));
    HubClient impatient =
        HubClient.builder()
            .endpoint(HUB.url())
            .token(HUB.writeToken())
            .retryPolicy(RetryPolicy.DEFAULT.withJitter(0))
            .sleeper(sleeper)
            .readTimeout(Duration.ofMillis(400))
            .build();
    assertThat(impatient.readRange(repo, "main", "small.txt", 0, 5))
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    assertThat(HUB.counter("resolve")).isEqualTo(2);
  }

  @Test
  void commitIsRetriedWhenTheConnectionCannotBeOpened() throws Exception {
    int deadPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      deadPort = s.getLocalPort();
    }
    HubClient nowhere =
        HubClient.builder()
            .endpoint("http://127.0.0.1:" + deadPort)
            .token("hf_x_token_abcdef")
            .retryPolicy(RetryPolicy.DEFAULT.withJitter(0).withMaxAttempts(3))
            .sleeper(sleeper)
            .build();
    assertThatThrownBy(
            () -> nowhere.commit(repo).add(CommitOperation.delete("a.txt")).message("c").call())
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("network")
        .hasMessageContaining("HF_ENDPOINT")
        .satisfies(e -> assertThat(((HubException) e).status()).isZero());
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void createRepoExistOkFallsBackToExistenceWhenForbidden() {
    HubClient reader = HUB.client(HUB.readToken(), RetryPolicy.DEFAULT, sleeper);
    assertThat(reader.createRepo(repo).existOk().call()).endsWith(repo.id());
    assertThatThrownBy(() -> reader.createRepo(HubFixture.datasetId("nope")).existOk().call())
        .isInstanceOf(ForbiddenException.class);
    assertThat(HUB.counter("commit")).isZero();
  }
}
