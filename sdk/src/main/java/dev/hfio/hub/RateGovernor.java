package dev.hfio.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;

/**
 * The JVM-wide rate-limit pacing of one (endpoint, token): one {@link RatePacer} per Hub bucket
 * ({@code api}, {@code resolvers}, {@code pages}, or whatever a {@code RateLimit} header names),
 * shared by every {@link HubClient} of this JVM that talks to the same endpoint with the same
 * token, because the Hub counts per account, not per client object. The token itself is never kept:
 * the key holds a SHA-256 prefix of it. Also counts what pacing cost (requests, waits, 429 answers
 * seen) for tests and measurements. Internal.
 */
final class RateGovernor {
  private static final Map<String, RateGovernor> SHARED = new ConcurrentHashMap<>();

  /** Counters of one governor, cumulative since it was created. */
  record Stats(long requests, long pacedRequests, long waitedNanos, long rateLimited) {}

  private final Map<String, RatePacer> buckets = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder paced = new LongAdder();
  private final LongAdder waitedNanos = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final AtomicLong lastNotice = new AtomicLong(System.nanoTime() - NOTICE_EVERY);
  private static final long NOTICE_EVERY = TimeUnit.SECONDS.toNanos(30);

  /** The governor of this endpoint and token (null: anonymous) in this JVM. */
  static RateGovernor shared(HttpUrl endpoint, String token) {
    return SHARED.computeIfAbsent(key(endpoint, token), k -> new RateGovernor());
  }

  /** Endpoint origin and path, plus a short SHA-256 of the token: never the token. */
  static String key(HttpUrl endpoint, String token) {
    String who;
    if (token == null || token.isEmpty()) {
      who = "anonymous";
    } else {
      try {
        byte[] d =
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        who = HexFormat.of().formatHex(d, 0, 12);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
    return endpoint.scheme()
        + "://"
        + endpoint.host()
        + ":"
        + endpoint.port()
        + endpoint.encodedPath()
        + " "
        + who;
  }

  RatePacer pacer(String bucket) {
    return buckets.computeIfAbsent(bucket, b -> new RatePacer());
  }

  void counted(long waitNanos) {
    requests.increment();
    if (waitNanos > 0) {
      paced.increment();
      waitedNanos.add(waitNanos);
    }
  }

  void sawRateLimited() {
    rateLimited.increment();
  }

  /**
   * True at most once per 30 s: whether a long wait should be logged (all threads wait together at
   * a reset).
   */
  boolean notice(long now) {
    long last = lastNotice.get();
    return now - last >= NOTICE_EVERY && lastNotice.compareAndSet(last, now);
  }

  Stats stats() {
    return new Stats(requests.sum(), paced.sum(), waitedNanos.sum(), rateLimited.sum());
  }
}
