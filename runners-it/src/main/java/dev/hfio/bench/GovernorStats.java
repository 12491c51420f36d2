package dev.hfio.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the sdk's JVM-wide rate-limit pacing cost in this JVM: requests that went through it, how
 * many had to wait, the waiting summed over all threads, and the 429 answers it saw. The governor
 * ({@code dev.hfio.hub.RateGovernor}) is internal to the sdk and has no public statistics, so the
 * benchmark reads them reflectively; if the sdk's internals change shape, the report says the
 * numbers are unavailable instead of failing the run.
 */
final class GovernorStats {
  private static final String GOVERNOR = "dev.hfio.hub.RateGovernor";

  private GovernorStats() {}

  /**
   * Sums over every governor of this JVM (one per endpoint and token): {@code requests}, {@code
   * pacedRequests}, {@code waitedMs} (summed over threads: waits of parallel threads overlap) and
   * {@code rateLimited} (429 answers seen); or {@code unavailable} with the reason.
   */
  static Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      Class<?> g = Class.forName(GOVERNOR);
      Field shared = g.getDeclaredField("SHARED");
      shared.setAccessible(true);
      Method stats = g.getDeclaredMethod("stats");
      stats.setAccessible(true);
      long requests = 0;
      long paced = 0;
      long waitedNanos = 0;
      long limited = 0;
      for (Object governor : ((Map<?, ?>) shared.get(null)).values()) {
        Object s = stats.invoke(governor);
        requests += component(s, "requests");
        paced += component(s, "pacedRequests");
        waitedNanos += component(s, "waitedNanos");
        limited += component(s, "rateLimited");
      }
      out.put("requests", requests);
      out.put("pacedRequests", paced);
      out.put("waitedMs", waitedNanos / 1_000_000);
      out.put("rateLimited", limited);
    } catch (ReflectiveOperationException | RuntimeException e) {
      out.put("unavailable", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return out;
  }

  private static long component(Object record, String name) throws ReflectiveOperationException {
    Method m = record.getClass().getDeclaredMethod(name);
    m.setAccessible(true);
    return ((Number) m.invoke(record)).longValue();
  }
}
