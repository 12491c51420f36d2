package dev.hfio;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ByteRange;
import dev.hfio.internal.parquet.RangeSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RangeSource} over one Hub file at a pinned commit, using the client's ranged GETs (which
 * resolve the file once per JVM and then read from the CDN URL it redirected to, resume truncated
 * bodies and retry per the client's policy). Several coalesced ranges are fetched concurrently.
 * Counts requests and bytes for metrics. The write's APPEND check reads an existing shard's footer
 * with it too.
 */
final class HubRangeSource implements RangeSource {
  /** Shared by all sources of the JVM; daemon threads so an idle pool never blocks exit. */
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          8,
          r -> {
            Thread t = new Thread(r, "hfio-range-read");
            t.setDaemon(true);
            return t;
          });

  private final HubClient client;
  private final RepoRef repo;
  private final String sha;
  private final String path;
  private long size;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** {@code size} from the listing; -1 makes {@link #size()} issue one HEAD. */
  HubRangeSource(HubClient client, RepoRef repo, String sha, String path, long size) {
    this.client = client;
    this.repo = repo;
    this.sha = sha;
    this.path = path;
    this.size = size;
  }

  @Override
  public long size() {
    if (size < 0) {
      requests.incrementAndGet();
      size = client.fileMetadata(repo, sha, path).size();
    }
    return size;
  }

  @Override
  public void readFully(long position, ByteBuffer dst) throws IOException {
    int want = dst.remaining();
    if (want == 0) {
      return;
    }
    requests.incrementAndGet();
    int got;
    if (dst.hasArray()) {
      // straight into the caller's buffer: a row group's bytes are not copied once more
      got = client.readRange(repo, sha, path, position, dst.array(), arrayPosition(dst), want);
      dst.position(dst.position() + got);
    } else {
      byte[] body = client.readRange(repo, sha, path, position, want);
      got = body.length;
      dst.put(body);
    }
    bytes.addAndGet(got);
    if (got < want) {
      throw new EOFException(
          "Unexpected end of "
              + name()
              + ": wanted "
              + want
              + " bytes at offset "
              + position
              + ", got "
              + got
              + " (file truncated or changed?)");
    }
  }

  private static int arrayPosition(ByteBuffer b) {
    return b.arrayOffset() + b.position();
  }

  @Override
  public void readRanges(List<ByteRange> ranges, List<ByteBuffer> dsts) throws IOException {
    if (ranges.size() <= 1) {
      RangeSource.super.readRanges(ranges, dsts);
      return;
    }
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange r = ranges.get(i);
      ByteBuffer dst = dsts.get(i);
      futures.add(
          POOL.submit(
              () -> {
                readFully(r.offset(), dst);
                return null;
              }));
    }
    IOException failure = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new IOException("Interrupted while reading " + name(), e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (failure == null) {
          failure =
              c instanceof IOException io
                  ? io
                  : new IOException("Reading " + name() + " failed: " + c, c);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  long requests() {
    return requests.get();
  }

  long bytesRead() {
    return bytes.get();
  }

  @Override
  public String name() {
    return HfPath.of(repo, sha, path).toString();
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public void close() {}
}
