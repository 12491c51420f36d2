package dev.hfio.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The JVM-wide cap on Hub requests in flight ({@code --hfMaxConcurrentRequests}): every client
 * configured with the same cap shares one pool of that many slots. A request holds a slot from just
 * before it is sent until its final answer's headers arrive (redirect hops included); reading the
 * body afterwards does not hold one, so streams left open by a reader can never starve the requests
 * that would let it finish. Internal.
 */
final class RequestSlots {
  /** Default cap of in-flight requests per JVM. */
  static final int DEFAULT_MAX = 16;

  private static final Map<Integer, Semaphore> SHARED = new ConcurrentHashMap<>();

  private RequestSlots() {}

  /** The JVM's pool of {@code max} slots (fair: waiting requests go in arrival order). */
  static Semaphore of(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + max);
    }
    return SHARED.computeIfAbsent(max, n -> new Semaphore(n, true));
  }
}
