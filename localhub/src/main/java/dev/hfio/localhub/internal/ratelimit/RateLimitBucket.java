package dev.hfio.localhub.internal.ratelimit;

import dev.hfio.localhub.RateLimitPlan;
import java.util.List;

/**
 * The Hub's three rate-limit buckets and which request paths count against each. {@code /admin/*},
 * LFS batch ({@code /{repo}.git/info/lfs/...}) and the LFS upload/verify/download URLs count
 * against none: the Hub meters LFS transfers outside these buckets, and admin is localhub's own.
 */
public enum RateLimitBucket {
  /** Every {@code /api/...} path (matched or not). */
  API("api"),
  /**
   * Every {@code /{prefix}{ns}/{name}/resolve/...} and {@code .../raw/...} path (both serve file
   * contents).
   */
  RESOLVERS("resolvers"),
  /**
   * Everything else a browser would get as an HTML page (localhub serves none: they are counted,
   * then 404).
   */
  PAGES("pages");

  private final String wire;

  RateLimitBucket(String wire) {
    this.wire = wire;
  }

  /** The bucket name as sent in {@code RateLimit} / {@code RateLimit-Policy}. */
  public String wireName() {
    return wire;
  }

  int quota(RateLimitPlan plan) {
    return switch (this) {
      case API -> plan.api();
      case RESOLVERS -> plan.resolvers();
      case PAGES -> plan.pages();
    };
  }

  /**
   * The bucket of a request path given as its raw (still percent-encoded) non-empty segments; null:
   * not limited.
   */
  public static RateLimitBucket of(List<String> raw) {
    if (raw.isEmpty()) {
      return PAGES; // the home page
    }
    String first = raw.get(0);
    switch (first) {
      case "api":
        return API;
      case "admin", "lfs-upload", "lfs-verify", "lfs-download":
        return null;
      default:
        break;
    }
    for (int i = 0; i < raw.size() && i < 3; i++) {
      if (raw.get(i).endsWith(".git")) {
        return null; // git / LFS protocol (batch)
      }
    }
    // {ns}/{name}/resolve/... or {datasets|spaces}/{ns}/{name}/resolve/...
    int at = first.equals("datasets") || first.equals("spaces") ? 3 : 2;
    if (raw.size() > at && (raw.get(at).equals("resolve") || raw.get(at).equals("raw"))) {
      return RESOLVERS;
    }
    return PAGES;
  }
}
