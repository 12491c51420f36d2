package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.testing.HubFixture;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against localhub in CDN mode with the CDN on another loopback address (127.0.0.2),
 * over real HTTP: {@code /resolve} of an LFS file is a 302 to a signed URL there. The metadata HEAD
 * reads commit, size and ETag from the 302 (it does not follow it); downloads follow it without
 * ever sending the token (the hub counts CDN requests carrying an Authorization header); a channel
 * whose cached CDN URL expired resolves again.
 */
class CdnRedirectTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture(b -> b.cdnHost("127.0.0.2"));

  /** A second hub whose signed CDN URLs live one second, for the expiry test. */
  @RegisterExtension
  static final HubFixture SHORT_TTL =
      new HubFixture(b -> b.cdnHost("127.0.0.2").cdnUrlTtl(Duration.ofSeconds(1)));

  static HubClient client;
  static RepoRef repo;
  static byte[] data = new byte[300_000];
  static String sha256;
  static String head;
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    client = HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    tmp = Files.createTempDirectory("cdn-sdk-");
    new Random(11).nextBytes(data);
    repo = HubFixture.datasetId("cdn");
    head = upload(client, repo, data);
    sha256 = LfsUpload.sha256Hex(data);
  }

  static String upload(HubClient c, RepoRef r, byte[] bytes) {
    c.createRepo(r).call();
    LfsUpload up = LfsUpload.spool(new java.io.ByteArrayInputStream(bytes), tmp);
    c.uploadLfs(r).revision("main").add(up).call();
    return c.commit(r)
        .add(CommitOperation.addLfs("big.bin", up.sha256(), up.size()))
        .add(
            CommitOperation.add(
                "small.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .message("lfs + regular")
        .call()
        .commitSha();
  }

  @AfterAll
  static void stop() throws Exception {
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void fileMetadataReadsCommitSizeAndEtagFromTheRedirect() {
    HUB.resetCounters();
    FileMetadata m = client.fileMetadata(repo, "main", "big.bin");
    assertThat(m.commitSha()).isEqualTo(head);
    assertThat(m.size()).isEqualTo(data.length);
    assertThat(m.etag()).isEqualTo(sha256);
    assertThat(m.location()).startsWith(HUB.hub().cdnUrl() + "/");
    assertThat(HUB.counter("resolve")).isEqualTo(1);
    assertThat(HUB.counter("cdn")).isZero(); // the HEAD did not follow the redirect
    FileMetadata small = client.fileMetadata(repo, "main", "small.txt");
    assertThat(small.commitSha()).isEqualTo(head);
    assertThat(small.size()).isEqualTo(5);
    assertThat(small.location()).startsWith(HUB.url() + "/");
  }

  @Test
  void downloadsFollowTheRedirectAndNeverSendTheTokenToTheCdn() throws Exception {
    HUB.resetCounters();
    assertThat(client.readAllBytes(repo, "main", "big.bin")).isEqualTo(data);
    assertThat(client.readRange(repo, "main", "big.bin", 1000, 500))
        .isEqualTo(Arrays.copyOfRange(data, 1000, 1500));
    try (InputStream in = client.openStream(repo, "main", "big.bin", 299_990)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 299_990, data.length));
    }
    try (HubFileChannel ch = client.openChannel(repo, "main", "big.bin", -1, 64 * 1024)) {
      assertThat(ch.size()).isEqualTo(data.length);
      ByteBuffer b = ByteBuffer.allocate(100);
      ch.readFully(200_000, b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, 200_000, 200_100));
    }
    assertThat(HUB.counter("cdn")).isGreaterThanOrEqualTo(4);
    assertThat(HUB.counter("cdnAuthorizationHeaders"))
        .as("requests to the CDN with a token")
        .isZero();
  }

  @Test
  void aChannelWhoseCdnUrlExpiredResolvesAgain() throws Exception {
    HubClient c =
        SHORT_TTL.client(SHORT_TTL.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    RepoRef r = HubFixture.datasetId("cdn-exp");
    upload(c, r, data);
    try (HubFileChannel ch = c.openChannel(r, "main", "big.bin", -1, 1024)) {
      ByteBuffer b = ByteBuffer.allocate(10);
      ch.readFully(0, b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, 0, 10));
      Thread.sleep(2_100); // the signed URL the channel holds expires (lifetime 1 s, whole seconds)
      b.clear();
      ch.readFully(100_000, b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, 100_000, 100_010));
    }
    assertThat(SHORT_TTL.counter("resolve")).isEqualTo(2); // the HEAD and one re-resolve
    assertThat(SHORT_TTL.counter("cdnAuthorizationHeaders")).isZero();
  }
}
