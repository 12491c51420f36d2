package dev.hfio;

import dev.hfio.hub.HubClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Fetches the small files of a pack whole, a few ahead of the one being decoded, so a pack of many
 * small files is not one request round trip per file in sequence. Still one resolver request per
 * file (plus its CDN GET); the Hub calls are paced by the client's governor like any other. Files
 * are handed out in order; {@link #close()} keeps what was fetched ahead and not taken for the
 * residual of a split restriction.
 */
final class SmallFilePrefetcher implements AutoCloseable {
  /** Files in flight per pack being read. */
  static final int AHEAD = 6;

  /** One JVM-wide pool: daemon threads, so a worker's shutdown never waits for it. */
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          16,
          new java.util.concurrent.ThreadFactory() {
            private final AtomicInteger n = new AtomicInteger();

            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "hfio-small-file-fetch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            }
          });

  /** A file's bytes and what fetching it cost. */
  record Fetched(byte[] bytes, String name, long requests, long bytesRead) {}

  private final HubClient client;
  private final List<ShardDescriptor> files;
  private final long end;
  private final Deque<Future<Fetched>> ahead = new ArrayDeque<>();
  private final Deque<String> keys = new ArrayDeque<>();
  private final Deque<Long> sizes = new ArrayDeque<>();
  private long next;

  /** Prefetches {@code files[from, to)} in order. */
  SmallFilePrefetcher(HubClient client, List<ShardDescriptor> files, long from, long to) {
    this.client = client;
    this.files = files;
    this.next = from;
    this.end = Math.min(to, files.size());
    fill();
  }

  /** The next file's bytes (files are taken in order, from {@code from} on). */
  Fetched take() throws IOException {
    Future<Fetched> f = ahead.poll();
    if (f == null) {
      throw new IllegalStateException("no file left to take");
    }
    keys.poll();
    sizes.poll();
    fill();
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching a small file");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(c);
    } catch (CancellationException e) {
      throw new IllegalStateException("a small-file fetch was cancelled before it was taken", e);
    }
  }

  private void fill() {
    while (ahead.size() < AHEAD && next < end) {
      ShardDescriptor d = files.get((int) next++);
      Future<Fetched> parked = unpark(d.cacheKey());
      ahead.add(parked != null ? parked : POOL.submit(() -> fetch(d)));
      keys.add(d.cacheKey());
      sizes.add(Math.max(0, d.size()));
    }
  }

  /**
   * Files fetched ahead and not taken because the restriction was split (the DirectRunner
   * checkpoints an SDF every second, Dataflow and Spark split dynamically): kept, up to {@value
   * #PARKED_MAX} files and {@value #PARKED_MAX_BYTES} bytes by their listed sizes (the oldest go
   * first), for the worker that reads the residual, most often this JVM. Without it each split
   * fetched up to {@link #AHEAD} files twice.
   */
  private static final LinkedHashMap<String, Parked> PARKED = new LinkedHashMap<>();

  private static long parkedBytes;

  private record Parked(Future<Fetched> fetch, long bytes) {}

  static final int PARKED_MAX = 256;

  static final long PARKED_MAX_BYTES = 32L << 20;

  private static @Nullable Future<Fetched> unpark(String key) {
    synchronized (PARKED) {
      Parked p = PARKED.remove(key);
      if (p == null) {
        return null;
      }
      parkedBytes -= p.bytes();
      return p.fetch();
    }
  }

  private static void park(String key, Future<Fetched> f, long bytes) {
    synchronized (PARKED) {
      Parked old = PARKED.put(key, new Parked(f, bytes));
      parkedBytes += bytes - (old == null ? 0 : old.bytes());
      var it = PARKED.values().iterator();
      while ((PARKED.size() > PARKED_MAX || parkedBytes > PARKED_MAX_BYTES) && it.hasNext()) {
        Parked eldest = it.next();
        eldest.fetch().cancel(true);
        parkedBytes -= eldest.bytes();
        it.remove();
      }
    }
  }

  /** Files fetched ahead and kept for a residual now (tests). */
  static int parked() {
    synchronized (PARKED) {
      return PARKED.size();
    }
  }

  private Fetched fetch(ShardDescriptor d) throws IOException {
    HubRangeSource src = new HubRangeSource(client, d.repo(), d.sha(), d.path(), d.size());
    byte[] bytes = ReadShardFn.fetchWhole(src, d.size() >= 0 ? d.size() : src.size());
    return new Fetched(bytes, src.name(), src.requests(), src.bytesRead());
  }

  /** Parks what was fetched ahead and not taken (see {@link #PARKED}). */
  @Override
  public void close() {
    while (!ahead.isEmpty()) {
      park(keys.poll(), ahead.poll(), sizes.poll());
    }
  }
}
