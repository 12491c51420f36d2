package dev.hfio.hub;

import static dev.hfio.hub.LocalHubFixture.counter;
import static dev.hfio.hub.LocalHubFixture.newDataset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.RouteClass;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retry behaviour proven with localhub fault injection: waits, attempt counts and delivered bytes.
 */
class HubRetryTest {
  static LocalHub hub;
  static RepoRef repo;
  static byte[] content;
  RecordingSleeper sleeper;
  HubClient client;

  @BeforeAll
  static void start() throws Exception {
    hub = LocalHub.builder().port(0).start();
    HubClient setup =
        LocalHubFixture.client(hub, hub.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    repo = newDataset("retry");
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

  @AfterAll
  static void stop() throws Exception {
    LocalHubFixture.stop(hub);
  }

  @BeforeEach
  void fresh() {
    sleeper = new RecordingSleeper();
    client =
        LocalHubFixture.client(hub, hub.writeToken(), RetryPolicy.DEFAULT.withJitter(0), sleeper);
    hub.admin().clearFaults();
    hub.admin().resetCounters();
  }

  @AfterEach
  void clear() {
    hub.admin().clearFaults();
  }

  @Test
  void rateLimitWaitsResetTimePlusMargin() {
    hub.admin().inject(Fault.on(RouteClass.API).rateLimited(3).times(1));
    assertThat(client.whoami().name()).isEqualTo("dev");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(4));
    assertThat(counter(hub, "api")).isEqualTo(2);
  }

  @Test
  void serviceUnavailableBacksOffExponentially() {
    hub.admin().inject(Fault.on(RouteClass.API).status(503).times(3));
    assertThat(client.repoInfo(repo, "main").sha()).matches("[0-9a-f]{40}");
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(counter(hub, "api")).isEqualTo(4);
  }

  @Test
  void givesUpAfterMaxAttemptsWithServerException() {
    hub.admin().inject(Fault.on(RouteClass.API).status(502));
    assertThatThrownBy(() -> client.repoInfo(repo, "main"))
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("502")
        .hasMessageContaining(repo.id());
    assertThat(counter(hub, "api")).isEqualTo(5);
    assertThat(sleeper.waits)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
  }

  @Test
  void persistentRateLimitEndsInRateLimitedException() {
    hub.admin().inject(Fault.on(RouteClass.API).rateLimited(1));
    HubClient two =
        LocalHubFixture.client(
            hub, hub.writeToken(), RetryPolicy.DEFAULT.withMaxAttempts(2), sleeper);
    assertThatThrownBy(two::whoami)
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("rate limit");
    assertThat(counter(hub, "api")).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void maxTotalTimeStopsRetrying() {
    hub.admin().inject(Fault.on(RouteClass.API).status(503));
    HubClient capped =
        LocalHubFixture.client(
            hub,
            hub.writeToken(),
            RetryPolicy.DEFAULT.withJitter(0).withMaxTotalTime(Duration.ofSeconds(3)),
            sleeper);
    assertThatThrownBy(() -> capped.repoInfo(repo, null)).isInstanceOf(ServerException.class);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(counter(hub, "api")).isEqualTo(3);
  }

  @Test
  void connectionResetIsRetried() {
    hub.admin().inject(Fault.on(RouteClass.RESOLVE).connectionReset().times(1));
    assertThat(client.readRange(repo, "main", "blob.bin", 100, 200))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 100, 300));
    assertThat(counter(hub, "resolve")).isEqualTo(2);
    assertThat(counter(hub, "cdn"))
        .isEqualTo(1); // blob.bin is LFS: the retried resolve redirects once
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void truncatedRangeBodyIsResumed() {
    // blob.bin is LFS: in CDN mode its bytes come from the CDN origin, where the truncation must
    // hit
    hub.admin().inject(Fault.on(RouteClass.CDN).truncateBody(1000).times(1));
    assertThat(client.readRange(repo, "main", "blob.bin", 5000, 20_000))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 5000, 25_000));
    assertThat(counter(hub, "resolve")).isEqualTo(1); // the resume goes straight to the CDN URL
    assertThat(counter(hub, "cdn")).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void truncatedStreamIsResumedWithRange() throws Exception {
    hub.admin()
        .inject(Fault.on(RouteClass.CDN).truncateBody(7000).times(2)); // LFS bytes: from the CDN
    try (InputStream in = client.openStream(repo, "main", "blob.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(counter(hub, "resolve")).isEqualTo(1); // resumes go straight to the CDN URL
    assertThat(counter(hub, "cdn")).isEqualTo(3);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void commitIsNotRetriedOnServerError() {
    hub.admin().inject(Fault.on(RouteClass.COMMIT).status(500).times(1));
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .add(CommitOperation.add("x.txt", "x".getBytes(StandardCharsets.UTF_8)))
                    .message("c")
                    .call())
        .isInstanceOf(ServerException.class)
        .hasMessageContaining("commit");
    assertThat(counter(hub, "commit")).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void commitIsNotRetriedAfterAConnectionReset() {
    hub.admin().inject(Fault.on(RouteClass.COMMIT).connectionReset().times(1));
    assertThatThrownBy(
            () ->
                client
                    .commit(repo)
                    .add(CommitOperation.add("y.txt", "y".getBytes(StandardCharsets.UTF_8)))
                    .message("c")
                    .call())
        .isInstanceOf(ServerException.class);
    assertThat(counter(hub, "commit")).isEqualTo(1);
  }

  @Test
  void commitIsRetriedOnRateLimit() {
    hub.admin().inject(Fault.on(RouteClass.COMMIT).rateLimited(1).times(1));
    CommitResult r =
        client
            .commit(repo)
            .add(CommitOperation.add("z.txt", "z".getBytes(StandardCharsets.UTF_8)))
            .message("c")
            .call();
    assertThat(r.commitSha()).matches("[0-9a-f]{40}");
    assertThat(counter(hub, "commit")).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void lfsUploadRetriesServerErrors() throws Exception {
    byte[] data = new byte[10_000];
    new Random(3).nextBytes(data);
    hub.admin().inject(Fault.on(RouteClass.LFS).status(503).times(2));
    client.commit(repo).add(CommitOperation.add("retry/lfs.bin", data)).message("lfs").call();
    assertThat(client.readAllBytes(repo, "main", "retry/lfs.bin")).isEqualTo(data);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void readTimeoutIsRetried() {
    hub.admin().inject(Fault.on(RouteClass.RESOLVE).delay(Duration.ofMillis(1500)).times(1));
    HubClient impatient =
        HubClient.builder()
            .endpoint(hub.url())
            .token(hub.writeToken())
            .retryPolicy(RetryPolicy.DEFAULT.withJitter(0))
            .sleeper(sleeper)
            .readTimeout(Duration.ofMillis(400))
            .build();
    assertThat(impatient.readRange(repo, "main", "small.txt", 0, 5))
        .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    assertThat(counter(hub, "resolve")).isEqualTo(2);
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
    HubClient reader = LocalHubFixture.client(hub, hub.readToken(), RetryPolicy.DEFAULT, sleeper);
    assertThat(reader.createRepo(repo).existOk().call()).endsWith(repo.id());
    assertThatThrownBy(() -> reader.createRepo(newDataset("nope")).existOk().call())
        .isInstanceOf(ForbiddenException.class);
    assertThat(counter(hub, "commit")).isZero();
  }
}
