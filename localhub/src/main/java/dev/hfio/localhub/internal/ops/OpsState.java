package dev.hfio.localhub.internal.ops;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.HubAdmin;
import dev.hfio.localhub.RouteClass;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Counters and the active fault list behind {@link HubAdmin}; thread-safe. */
public final class OpsState implements HubAdmin {
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final List<ActiveFault> faults = new ArrayList<>();
  private volatile Supplier<Map<String, Long>> gc;

  private static final class ActiveFault {
    final Fault fault;
    int toSkip;
    int remaining;

    ActiveFault(Fault f) {
      this.fault = f;
      this.toSkip = f.after();
      this.remaining = f.times();
    }
  }

  public OpsState() {
    resetCounters();
  }

  /** Counts one request of this class under its detail key. */
  public void count(RouteClass cls, String detail) {
    counters.computeIfAbsent(cls.key(), k -> new AtomicLong()).incrementAndGet();
    counters.computeIfAbsent(cls.key() + ":" + detail, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * Counts one request refused with 429 because its rate-limit bucket was spent (key {@code
   * rateLimited:<bucket>}).
   */
  public void countRateLimited(String bucket) {
    counters.computeIfAbsent("rateLimited:" + bucket, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * Counts one occurrence of a plain event key (no route class), e.g. {@code
   * cdnAuthorizationHeaders}.
   */
  public void countEvent(String key) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  public void addBytesServed(long n) {
    counters.computeIfAbsent("bytesServed", k -> new AtomicLong()).addAndGet(n);
  }

  /** Returns the fault that fires for this request, consuming one use, or null. */
  public synchronized Fault nextFault(RouteClass cls) {
    Iterator<ActiveFault> it = faults.iterator();
    while (it.hasNext()) {
      ActiveFault af = it.next();
      if (af.fault.routeClass() != cls) {
        continue;
      }
      if (af.toSkip > 0) {
        af.toSkip--;
        continue;
      }
      if (af.fault.probability() < 1.0
          && ThreadLocalRandom.current().nextDouble() >= af.fault.probability()) {
        continue;
      }
      if (af.remaining > 0) {
        af.remaining--;
        if (af.remaining == 0) {
          it.remove();
        }
      }
      return af.fault;
    }
    return null;
  }

  @Override
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  @Override
  public void resetCounters() {
    counters.clear();
    for (RouteClass c : RouteClass.values()) {
      counters.put(c.key(), new AtomicLong());
    }
    counters.put("bytesServed", new AtomicLong());
    counters.put(CDN_AUTHORIZATION_HEADERS, new AtomicLong());
  }

  /**
   * Counter of CDN requests that carried an Authorization header: a client that sends its Hub token
   * to another origin (the CDN never needs it, and on the Hub it is a third party) leaks it. Should
   * stay 0.
   */
  public static final String CDN_AUTHORIZATION_HEADERS = "cdnAuthorizationHeaders";

  @Override
  public synchronized void inject(Fault fault) {
    if (fault.times() == 0) {
      return;
    }
    faults.add(new ActiveFault(fault));
  }

  @Override
  public synchronized void clearFaults() {
    faults.clear();
  }

  /** Connects {@link #gc()} to the hub's LFS garbage collector. */
  public void setGc(Supplier<Map<String, Long>> gc) {
    this.gc = gc;
  }

  @Override
  public Map<String, Long> gc() {
    Supplier<Map<String, Long>> g = gc;
    if (g == null) {
      throw new IllegalStateException("no garbage collector is connected");
    }
    return g.get();
  }
}
