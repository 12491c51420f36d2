package dev.hfio.hub;

import dev.hfio.localhub.LocalHub;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers shared by tests that talk to an embedded localhub over real HTTP. */
final class LocalHubFixture {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private LocalHubFixture() {}

  /** A fresh dataset repo id in the dev user's namespace. */
  static RepoRef newDataset(String prefix) {
    return RepoRef.dataset(
        "dev/" + prefix + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000);
  }

  static HubClient client(LocalHub hub, String token, RetryPolicy retry, Sleeper sleeper) {
    return HubClient.builder()
        .endpoint(hub.url())
        .token(token)
        .retryPolicy(retry)
        .sleeper(sleeper)
        .build();
  }

  static long counter(LocalHub hub, String key) {
    Long v = hub.admin().counters().get(key);
    return v == null ? 0 : v;
  }

  /**
   * Closes the client side's pooled keep-alive connections, then the hub. localhub's graceful stop
   * can time out while a client still holds connections after fault injection (reported to the
   * localhub owner).
   */
  static void stop(LocalHub hub) {
    HubClient.builder()
        .endpoint(hub.url())
        .token(null)
        .build()
        .http
        .client
        .connectionPool()
        .evictAll();
    hub.close();
  }
}
