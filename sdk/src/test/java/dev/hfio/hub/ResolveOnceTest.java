package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The range-read primitive resolves a file at a commit once per JVM: the redirect target (a signed
 * CDN URL) or the content of a small file the Hub serves itself is remembered and shared by every
 * client and channel of the JVM, the token never reaches the CDN, and a URL the CDN refuses is
 * resolved again once. Against localhub with its defaults (CDN on, free-plan quotas on).
 */
class ResolveOnceTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture(b -> b.cdnHost("127.0.0.2"));

  static HubClient client;
  static Path tmp;
  static final byte[] data = new byte[400_000];

  @BeforeAll
  static void start() throws Exception {
    client = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    tmp = Files.createTempDirectory("resolve-once-");
    new Random(5).nextBytes(data);
  }

  /**
   * Closes the client side's pooled keep-alive connections before the fixture stops the hub:
   * localhub's graceful stop can time out while a client still holds connections after fault
   * injection.
   */
  @AfterAll
  static void evictPooledConnections() {
    HubClient.builder()
        .endpoint(HUB.url())
        .token(null)
        .build()
        .http
        .client
        .connectionPool()
        .evictAll();
  }

  /** A new repo with big.bin (LFS, behind the CDN) and small.txt (served by the Hub); its sha. */
  static String newRepo(RepoRef repo) {
    client.createRepo(repo).call();
    LfsUpload up = LfsUpload.spool(new java.io.ByteArrayInputStream(data), tmp);
    client.uploadLfs(repo).revision("main").add(up).call();
    return client
        .commit(repo)
        .add(CommitOperation.addLfs("big.bin", up.sha256(), up.size()))
        .add(CommitOperation.add("small.txt", "0123456789abcdef".getBytes(StandardCharsets.UTF_8)))
        .message("files")
        .call()
        .commitSha();
  }

  static long counter(String key) {
    return HUB.counter(key);
  }

  @Test
  void aChannelWithManySeeksResolvesOnceAndChannelsShareTheLocation() throws Exception {
    RepoRef repo = HubFixture.datasetId("ch");
    String sha = newRepo(repo);
    HUB.resetCounters();
    Random rnd = new Random(1);
    try (HubFileChannel ch = client.openChannel(repo, sha, "big.bin", -1, 4096)) {
      assertThat(ch.size()).isEqualTo(data.length);
      for (int i = 0; i < 60; i++) {
        int pos = rnd.nextInt(data.length - 100);
        ByteBuffer b = ByteBuffer.allocate(100);
        ch.readFully(pos, b);
        assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, pos, pos + 100));
        ch.position(rnd.nextInt(data.length - 10));
        ch.read(ByteBuffer.allocate(10));
      }
    }
    assertThat(counter("resolve")).as("resolves for 120 reads at random offsets").isEqualTo(1);
    long cdn = counter("cdn");
    assertThat(cdn).isGreaterThan(60);
    // another channel and the client's readRange on the same file, in the same JVM: no resolve
    try (HubFileChannel ch = client.openChannel(repo, sha, "big.bin", data.length, 4096)) {
      ByteBuffer b = ByteBuffer.allocate(50);
      ch.readFully(1234, b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, 1234, 1284));
    }
    assertThat(client.readRange(repo, sha, "big.bin", 5, 5))
        .isEqualTo(Arrays.copyOfRange(data, 5, 10));
    assertThat(counter("resolve")).isEqualTo(1);
    assertThat(counter("cdn")).isEqualTo(cdn + 2);
    assertThat(counter("cdnAuthorizationHeaders")).as("requests to the CDN with a token").isZero();
  }

  @Test
  void rangeReadsAtACommitResolveOnceAndNeverSendTheTokenToTheCdn() {
    RepoRef repo = HubFixture.datasetId("rr");
    String sha = newRepo(repo);
    HUB.resetCounters();
    for (int i = 0; i < 20; i++) {
      assertThat(client.readRange(repo, sha, "big.bin", i * 1000L, 700))
          .isEqualTo(Arrays.copyOfRange(data, i * 1000, i * 1000 + 700));
    }
    assertThat(client.readRange(repo, sha, "big.bin", data.length - 3, 10))
        .isEqualTo(Arrays.copyOfRange(data, data.length - 3, data.length));
    assertThat(counter("resolve")).isEqualTo(1);
    assertThat(counter("cdn")).isEqualTo(21);
    assertThat(counter("cdnAuthorizationHeaders")).isZero();
    // a client with another token does not use the URL signed for this one
    HubClient other = HUB.client(HUB.readToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    assertThat(other.readRange(repo, sha, "big.bin", 0, 10))
        .isEqualTo(Arrays.copyOfRange(data, 0, 10));
    assertThat(counter("resolve")).isEqualTo(2);
    assertThat(counter("cdnAuthorizationHeaders")).isZero();
  }

  @Test
  void aUrlTheCdnRefusesIsResolvedAgainOnce() {
    RepoRef repo = HubFixture.datasetId("refused");
    String sha = newRepo(repo);
    assertThat(client.readRange(repo, sha, "big.bin", 0, 10))
        .isEqualTo(Arrays.copyOfRange(data, 0, 10));
    HUB.resetCounters();
    HUB.hub().admin().inject(Fault.on(RouteClass.CDN).status(403).times(1));
    try {
      assertThat(client.readRange(repo, sha, "big.bin", 100, 10))
          .isEqualTo(Arrays.copyOfRange(data, 100, 110));
    } finally {
      HUB.hub().admin().clearFaults();
    }
    assertThat(counter("resolve")).as("one re-resolve after the 403").isEqualTo(1);
    assertThat(counter("cdn")).isEqualTo(2);
    assertThat(client.readRange(repo, sha, "big.bin", 200, 10))
        .isEqualTo(Arrays.copyOfRange(data, 200, 210));
    assertThat(counter("resolve")).isEqualTo(1);
  }

  @Test
  void aSmallFileTheHubServesItselfIsFetchedOnceAndReadFromMemory() throws Exception {
    RepoRef repo = HubFixture.datasetId("small");
    String sha = newRepo(repo);
    HUB.resetCounters();
    assertThat(new String(client.readRange(repo, sha, "small.txt", 3, 4), StandardCharsets.UTF_8))
        .isEqualTo("3456");
    assertThat(new String(client.readRange(repo, sha, "small.txt", 14, 9), StandardCharsets.UTF_8))
        .isEqualTo("ef");
    assertThat(client.readRange(repo, sha, "small.txt", 16, 4)).isEmpty();
    try (HubFileChannel ch = client.openChannel(repo, sha, "small.txt", -1, 4)) {
      assertThat(ch.size()).isEqualTo(16);
      ByteBuffer b = ByteBuffer.allocate(6);
      ch.readFully(10, b);
      assertThat(new String(b.array(), StandardCharsets.UTF_8)).isEqualTo("abcdef");
    }
    assertThat(counter("resolve")).isEqualTo(1);
    assertThat(counter("cdn")).isZero();
  }

  @Test
  void atABranchEveryReadResolves() {
    RepoRef repo = HubFixture.datasetId("branch");
    newRepo(repo);
    HUB.resetCounters();
    client.readRange(repo, "main", "big.bin", 0, 10);
    client.readRange(repo, "main", "big.bin", 10, 10);
    // a branch may move: its locations are not shared between reads
    assertThat(counter("resolve")).isEqualTo(2);
  }

  @Test
  void signedUrlExpiryIsReadFromCloudFrontAndS3Urls() {
    assertThat(
            SignedUrlExpiry.of(HttpUrl.get("https://cdn.example/x?Expires=1700000000&Signature=s")))
        .isEqualTo(1_700_000_000_000L);
    assertThat(
            SignedUrlExpiry.of(
                HttpUrl.get(
                    "https://s3.example/x?X-Amz-Date=20260101T000000Z&X-Amz-Expires=900&X-Amz-Signature=s")))
        .isEqualTo(java.time.Instant.parse("2026-01-01T00:15:00Z").toEpochMilli());
    assertThat(SignedUrlExpiry.of(HttpUrl.get("https://cdn.example/x?sig=abc")))
        .isEqualTo(SignedUrlExpiry.UNKNOWN);
    assertThat(SignedUrlExpiry.of(HttpUrl.get("https://cdn.example/x?Expires=soon")))
        .isEqualTo(SignedUrlExpiry.UNKNOWN);
  }

  @Test
  void aSlotIsRenewedBeforeItsUrlExpires() {
    ResolvedLocations.Slot s = new ResolvedLocations.Slot();
    s.target = HttpUrl.get("https://cdn.example/x");
    s.resolvedAt = 0;
    s.expiresAt = 2_000; // lifetime 2 s: renewed in its last quarter (0.5 s)
    assertThat(s.usable(1_000)).isTrue();
    assertThat(s.usable(1_600)).isFalse();
    s.expiresAt = 900_000; // 15 min: renewed in its last 5 s
    assertThat(s.usable(894_000)).isTrue();
    assertThat(s.usable(896_000)).isFalse();
  }
}
