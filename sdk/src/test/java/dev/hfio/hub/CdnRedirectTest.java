package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.LocalHub;
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

/**
 * The client against localhub in CDN mode with the CDN on another loopback address (127.0.0.2),
 * over real HTTP: {@code /resolve} of an LFS file is a 302 to a signed URL there. The metadata HEAD
 * reads commit, size and ETag from the 302 (it does not follow it); downloads follow it without
 * ever sending the token (the hub counts CDN requests carrying an Authorization header); a channel
 * whose cached CDN URL expired resolves again.
 */
class CdnRedirectTest {
  static LocalHub hub;
  static HubClient client;
  static RepoRef repo;
  static byte[] data = new byte[300_000];
  static String sha256;
  static String head;
  static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    hub = LocalHub.builder().cdnHost("127.0.0.2").start();
    client =
        LocalHubFixture.client(hub, hub.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
    tmp = Files.createTempDirectory("cdn-sdk-");
    new Random(11).nextBytes(data);
    repo = LocalHubFixture.newDataset("cdn");
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
    LocalHubFixture.stop(hub);
    try (var s = Files.walk(tmp)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void fileMetadataReadsCommitSizeAndEtagFromTheRedirect() {
    hub.admin().resetCounters();
    FileMetadata m = client.fileMetadata(repo, "main", "big.bin");
    assertThat(m.commitSha()).isEqualTo(head);
    assertThat(m.size()).isEqualTo(data.length);
    assertThat(m.etag()).isEqualTo(sha256);
    assertThat(m.location()).startsWith(hub.cdnUrl() + "/");
    assertThat(LocalHubFixture.counter(hub, "resolve")).isEqualTo(1);
    assertThat(LocalHubFixture.counter(hub, "cdn"))
        .isZero(); // the HEAD did not follow the redirect
    FileMetadata small = client.fileMetadata(repo, "main", "small.txt");
    assertThat(small.commitSha()).isEqualTo(head);
    assertThat(small.size()).isEqualTo(5);
    assertThat(small.location()).startsWith(hub.url() + "/");
  }

  @Test
  void downloadsFollowTheRedirectAndNeverSendTheTokenToTheCdn() throws Exception {
    hub.admin().resetCounters();
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
    assertThat(LocalHubFixture.counter(hub, "cdn")).isGreaterThanOrEqualTo(4);
    assertThat(LocalHubFixture.counter(hub, "cdnAuthorizationHeaders"))
        .as("requests to the CDN with a token")
        .isZero();
  }

  @Test
  void aChannelWhoseCdnUrlExpiredResolvesAgain() throws Exception {
    try (LocalHub shortLived =
        LocalHub.builder().cdnHost("127.0.0.2").cdnUrlTtl(Duration.ofSeconds(1)).start()) {
      HubClient c =
          LocalHubFixture.client(
              shortLived, shortLived.writeToken(), RetryPolicy.DEFAULT, new RecordingSleeper());
      RepoRef r = LocalHubFixture.newDataset("cdn-exp");
      upload(c, r, data);
      try (HubFileChannel ch = c.openChannel(r, "main", "big.bin", -1, 1024)) {
        ByteBuffer b = ByteBuffer.allocate(10);
        ch.readFully(0, b);
        assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, 0, 10));
        Thread.sleep(
            2_100); // the signed URL the channel holds expires (lifetime 1 s, whole seconds)
        b.clear();
        ch.readFully(100_000, b);
        assertThat(b.array()).isEqualTo(Arrays.copyOfRange(data, 100_000, 100_010));
      }
      assertThat(LocalHubFixture.counter(shortLived, "resolve"))
          .isEqualTo(2); // the HEAD and one re-resolve
      assertThat(LocalHubFixture.counter(shortLived, "cdnAuthorizationHeaders")).isZero();
    }
  }
}
