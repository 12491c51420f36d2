package dev.hfio.localhub.internal.ratelimit;

import dev.hfio.localhub.RateLimitPlan;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fixed-window request quotas like huggingface.co's: one window per principal and bucket, started
 * by its first request and lasting {@code window}; a user (all of its tokens) is one principal, an
 * anonymous caller is its client address (IPv6: its /64, which one host usually owns whole). Memory
 * is bounded: past {@code maxPrincipals} live windows, expired ones are dropped and further new
 * anonymous addresses share one overflow window (users, a known finite set, always keep their own,
 * so a flood of addresses cannot throttle them). Thread-safe.
 */
public final class RateLimiter {
  /** The outcome for one request: what to put in the headers, and whether it may run. */
  public record Decision(
      RateLimitBucket bucket,
      long quota,
      long remaining,
      long resetSeconds,
      long windowSeconds,
      boolean allowed) {}

  private static final String OVERFLOW = "overflow";

  private final long windowNanos;
  private final long windowSeconds;
  private final RateLimitPlan userPlan;
  private final RateLimitPlan anonymousPlan;
  private final Map<String, RateLimitPlan> plans;
  private final int maxPrincipals;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long lastPurge;

  private static final class Window {
    final long[] start = new long[RateLimitBucket.values().length];
    final int[] used = new int[RateLimitBucket.values().length];
    final boolean[] open = new boolean[RateLimitBucket.values().length];
    volatile long lastUse;
  }

  /**
   * @param window length of a fixed window, whole seconds, at least 1 s
   * @param userPlan quotas of users without their own entry in {@code plans}
   * @param anonymousPlan quotas of each anonymous client address
   * @param plans quotas per user name
   */
  public RateLimiter(
      Duration window,
      RateLimitPlan userPlan,
      RateLimitPlan anonymousPlan,
      Map<String, RateLimitPlan> plans,
      int maxPrincipals) {
    if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "rate limit window must be whole seconds, at least 1 s, got " + window);
    }
    this.windowSeconds = window.toSeconds();
    this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
    this.userPlan = userPlan;
    this.anonymousPlan = anonymousPlan;
    this.plans = Map.copyOf(plans);
    this.maxPrincipals = maxPrincipals;
  }

  public long windowSeconds() {
    return windowSeconds;
  }

  /**
   * The quota of the bucket for signed-in users without a plan of their own (used by the injected
   * fault).
   */
  public long defaultQuota(RateLimitBucket bucket) {
    return bucket.quota(userPlan);
  }

  /**
   * Counts one request of {@code user} (null: anonymous, counted per {@code address}) in {@code
   * bucket} and says whether it is within the quota. A refused request does not count.
   */
  public Decision admit(RateLimitBucket bucket, String user, InetAddress address) {
    RateLimitPlan plan = user != null ? plans.getOrDefault(user, userPlan) : anonymousPlan;
    String key = user != null ? "u:" + user : "a:" + addressKey(address);
    long now = System.nanoTime();
    Window w = windows.get(key);
    if (w == null) {
      if (user == null
          && windows.size()
              >= maxPrincipals) { // users are few and known: they always get their own
        purge(now);
        if (windows.size() >= maxPrincipals) {
          key = OVERFLOW;
          plan = anonymousPlan;
        }
      }
      w = windows.computeIfAbsent(key, k -> new Window());
    }
    int b = bucket.ordinal();
    long quota = bucket.quota(plan);
    synchronized (w) {
      w.lastUse = now;
      if (!w.open[b] || now - w.start[b] >= windowNanos) {
        w.open[b] = true;
        w.start[b] = now;
        w.used[b] = 0;
      }
      long reset = Math.max(1, ceilSeconds(w.start[b] + windowNanos - now));
      if (w.used[b] >= quota) {
        return new Decision(bucket, quota, 0, reset, windowSeconds, false);
      }
      w.used[b]++;
      return new Decision(bucket, quota, quota - w.used[b], reset, windowSeconds, true);
    }
  }

  /** Drops windows that all ended (at most once a second: the map is only scanned when full). */
  private void purge(long now) {
    if (now - lastPurge < TimeUnit.SECONDS.toNanos(1)) {
      return;
    }
    lastPurge = now;
    windows.entrySet().removeIf(e -> now - e.getValue().lastUse >= windowNanos);
  }

  private static long ceilSeconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }

  /**
   * An IPv4 address as is; an IPv6 address by its /64 (one host or site usually owns the whole
   * prefix).
   */
  static String addressKey(InetAddress a) {
    if (a == null) {
      return "unknown";
    }
    if (a instanceof Inet6Address) {
      byte[] b = a.getAddress();
      StringBuilder sb = new StringBuilder("v6:");
      for (int i = 0; i < 8; i++) {
        sb.append(String.format("%02x", b[i]));
      }
      return sb.toString();
    }
    return a.getHostAddress();
  }
}
