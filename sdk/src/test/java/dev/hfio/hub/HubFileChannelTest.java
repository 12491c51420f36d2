package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HubFileChannel request economy and correctness, counted with localhub's resolve and cdn counters:
 * f.bin is an LFS file, so in CDN mode (the default) the first GET of a channel goes through
 * /resolve (a 302) to the CDN and later GETs go straight to the CDN URL; a HEAD reads the 302 and
 * does not follow it.
 */
class HubFileChannelTest {
  static final int KB = 1024;
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static HubClient client;
  static RepoRef repo;
  static byte[] content;
  RecordingSleeper sleeper;

  @BeforeAll
  static void start() throws Exception {
    client =
        HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT.withJitter(0), new RecordingSleeper());
    repo = HubFixture.datasetId("channel");
    client.createRepo(repo).call();
    content = new byte[300 * KB];
    new Random(11).nextBytes(content);
    client.commit(repo).add(CommitOperation.add("f.bin", content)).message("f").call();
  }

  @BeforeEach
  void reset() {
    HUB.hub().admin().clearFaults();
    HUB.resetCounters();
    sleeper = new RecordingSleeper();
  }

  private HubFileChannel open(long knownSize, int readAhead) {
    return HUB.client(HUB.writeToken(), RetryPolicy.DEFAULT.withJitter(0), sleeper)
        .openChannel(repo, "main", "f.bin", knownSize, readAhead);
  }

  private static byte[] readAll(HubFileChannel ch, int chunk) throws Exception {
    ByteBuffer out = ByteBuffer.allocate((int) (ch.size() - ch.position()));
    ByteBuffer b = ByteBuffer.allocate(chunk);
    while (true) {
      b.clear();
      int n = ch.read(b);
      if (n < 0) {
        break;
      }
      b.flip();
      out.put(b);
    }
    return out.array();
  }

  @Test
  void knownSizeSequentialReadGrowsBufferAndNeedsNoHead() throws Exception {
    try (HubFileChannel ch = open(content.length, 64 * KB)) {
      assertThat(readAll(ch, 10_000)).isEqualTo(content);
      // 64K, then 128K, then the remaining 108K: 3 GETs, no HEAD; only the first one resolves
      assertThat(HUB.counter("resolve")).isEqualTo(1);
      assertThat(HUB.counter("cdn")).isEqualTo(3);
      assertThat(ch.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void unknownSizeCostsOneHead() throws Exception {
    try (HubFileChannel ch = open(-1, 512 * KB)) {
      assertThat(ch.size()).isEqualTo(content.length);
      assertThat(ch.size()).isEqualTo(content.length);
      assertThat(readAll(ch, 4096)).isEqualTo(content);
      assertThat(HUB.counter("resolve")).isEqualTo(1); // the HEAD (its 302 names the CDN URL)
      assertThat(HUB.counter("cdn")).isEqualTo(1); // one GET, straight to the CDN URL
    }
  }

  @Test
  void seekWithinBufferCostsNothing() throws Exception {
    try (HubFileChannel ch = open(content.length, 64 * KB)) {
      ByteBuffer b = ByteBuffer.allocate(100);
      ch.position(1000).read(b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, 1000, 1100));
      b.clear();
      ch.position(1500).read(b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, 1500, 1600));
      b.clear();
      ch.position(60_000).read(b);
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, 60_000, 60_100));
      b.clear();
      ch.position(1200).read(b); // backwards, still inside [1000, 1000 + 64K)
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, 1200, 1300));
      assertThat(HUB.counter("resolve")).isEqualTo(1);
      assertThat(HUB.counter("cdn")).isEqualTo(1);
      b.clear();
      ch.position(200_000).read(b); // outside: one more request
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, 200_000, 200_100));
      assertThat(HUB.counter("resolve")).isEqualTo(1);
      assertThat(HUB.counter("cdn")).isEqualTo(2);
    }
  }

  @Test
  void footerStyleTailReadsTakeOneRequest() throws Exception {
    try (HubFileChannel ch = open(content.length, 64 * KB)) {
      ByteBuffer tail = ByteBuffer.allocate(8);
      ch.readFully(content.length - 8, tail);
      assertThat(tail.array())
          .isEqualTo(Arrays.copyOfRange(content, content.length - 8, content.length));
      ByteBuffer footer = ByteBuffer.allocate(30_000);
      ch.position(content.length - 8 - 30_000);
      while (footer.hasRemaining()) {
        ch.read(footer);
      }
      assertThat(footer.array())
          .isEqualTo(Arrays.copyOfRange(content, content.length - 30_008, content.length - 8));
      assertThat(HUB.counter("resolve")).isEqualTo(1);
      assertThat(HUB.counter("cdn")).isEqualTo(2); // positional tail read + one tail buffer fill
    }
  }

  @Test
  void positionalReadsDoNotDisturbTheSequentialBuffer() throws Exception {
    try (HubFileChannel ch = open(content.length, 64 * KB)) {
      ByteBuffer b = ByteBuffer.allocate(1000);
      ch.read(b); // buffer [0, 64K)
      ByteBuffer far = ByteBuffer.allocate(5000);
      ch.readFully(250_000, far);
      assertThat(far.array()).isEqualTo(Arrays.copyOfRange(content, 250_000, 255_000));
      assertThat(ch.position()).isEqualTo(1000);
      b.clear();
      ch.read(b); // still served from the buffer
      assertThat(b.array()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
      assertThat(HUB.counter("resolve")).isEqualTo(1);
      assertThat(HUB.counter("cdn")).isEqualTo(2);
      assertThatThrownBy(() -> ch.readFully(content.length - 10, ByteBuffer.allocate(20)))
          .isInstanceOf(EOFException.class);
      assertThat(ch.read(ByteBuffer.allocate(1), content.length)).isEqualTo(-1);
    }
  }

  @Test
  void truncatedBodyIsResumedAsARetry() throws Exception {
    HUB.hub()
        .admin()
        .inject(
            Fault.on(RouteClass.CDN)
                .truncateBody(10_000)
                .times(1)); // the LFS bytes come from there
    try (HubFileChannel ch = open(content.length, 128 * KB)) {
      assertThat(readAll(ch, 8192)).isEqualTo(content);
    }
    assertThat(sleeper.waits).hasSize(1);
    assertThat(HUB.counter("resolve")).isEqualTo(1);
    assertThat(HUB.counter("cdn")).isEqualTo(3); // truncated + resume + second fill
  }

  @Test
  void readOnlyAndClosable() throws Exception {
    HubFileChannel ch = open(content.length, 64 * KB);
    assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1)))
        .isInstanceOf(NonWritableChannelException.class);
    ch.close();
    assertThat(ch.isOpen()).isFalse();
    assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1)))
        .isInstanceOf(java.nio.channels.ClosedChannelException.class);
  }
}
