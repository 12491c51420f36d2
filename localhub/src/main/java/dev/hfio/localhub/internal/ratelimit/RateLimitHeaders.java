package dev.hfio.localhub.internal.ratelimit;

import org.eclipse.jetty.http.HttpFields;

/**
 * Writes the Hub's rate-limit headers (IETF draft-ietf-httpapi-ratelimit-headers v9, the syntax
 * huggingface_hub parses): {@code RateLimit: "api";r=<remaining>;t=<seconds to reset>} and {@code
 * RateLimit-Policy: "fixed window";"api";q=<quota>;w=<window seconds>}; on a 429 also {@code
 * Retry-After}. The one formatter for real limits and for the injected {@code rateLimited} fault.
 */
public final class RateLimitHeaders {
  private RateLimitHeaders() {}

  public static void apply(
      HttpFields.Mutable h,
      String bucket,
      long remaining,
      long resetSeconds,
      long quota,
      long windowSeconds) {
    h.put("RateLimit", "\"" + bucket + "\";r=" + remaining + ";t=" + resetSeconds);
    h.put(
        "RateLimit-Policy",
        "\"fixed window\";\"" + bucket + "\";q=" + quota + ";w=" + windowSeconds);
  }

  /**
   * Headers of a spent quota: {@code r=0} and {@code Retry-After} in whole seconds (the only form
   * clients read).
   */
  public static void applyExhausted(
      HttpFields.Mutable h, String bucket, long resetSeconds, long quota, long windowSeconds) {
    apply(h, bucket, 0, resetSeconds, quota, windowSeconds);
    h.put("Retry-After", String.valueOf(resetSeconds));
  }
}
