package dev.hfio.localhub;

import java.util.Map;

/**
 * In-process operations view of a running {@link LocalHub}: request counters (per {@link
 * RouteClass}, bytes served and per-route detail keys such as {@code "api:GET
 * /api/{type}s/{id}/tree"}) and fault injection. The same controls are exposed over HTTP under
 * {@code /admin/*} with the admin token.
 */
public interface HubAdmin {
  /** Snapshot of counters: keys {@code api, resolve, lfs, commit, bytesServed} plus detail keys. */
  Map<String, Long> counters();

  void resetCounters();

  /** Adds a fault; faults are checked in insertion order and the first eligible one fires. */
  void inject(Fault fault);

  void clearFaults();

  /**
   * Runs the LFS garbage collector now (it also runs on start and periodically) and returns what it
   * removed: {@code tickets} (expired), {@code tempEntries} (stale uploads and part directories),
   * {@code objects} and {@code objectBytes} (LFS objects no repo may use any more).
   */
  default Map<String, Long> gc() {
    throw new UnsupportedOperationException("this HubAdmin has no garbage collector");
  }
}
