package dev.hfio.hub;

import java.time.Duration;
import java.util.Locale;
import okhttp3.Headers;

/**
 * What one response's rate-limit headers say, parsed leniently. The Hub sends {@code RateLimit:
 * "<bucket>";r=<remaining>;t=<seconds to reset>} and {@code RateLimit-Policy: "fixed
 * window";"<bucket>";q=<quota>;w=<window seconds>} (IETF draft v9). A server is not trusted to send
 * sane values: parsing never throws, a malformed header is ignored as if absent, and absurd numbers
 * are clamped ({@code r} and {@code q} to {@value #MAX_COUNT}, {@code t} and {@code w} to {@value
 * #MAX_SECONDS} s), so a hostile or broken server can make a client wait at most an hour, never
 * forever. Internal.
 *
 * @param bucket the bucket named by {@code RateLimit}, lower case
 * @param remaining requests left in the current window
 * @param resetSeconds seconds until the window resets
 * @param quota requests per window from a matching {@code RateLimit-Policy}, -1 when unknown
 * @param windowSeconds window length from a matching {@code RateLimit-Policy}, -1 when unknown
 */
record RateLimitHeaders(
    String bucket, long remaining, long resetSeconds, long quota, long windowSeconds) {
  /** Largest request count taken from a header. */
  static final long MAX_COUNT = 1_000_000_000L;

  /** Longest reset or window taken from a header: one hour. */
  static final long MAX_SECONDS = 3_600L;

  /** The headers of a response, or null when it carries no usable {@code RateLimit}. */
  static RateLimitHeaders parse(Headers headers) {
    return parse(headers.get("RateLimit"), headers.get("RateLimit-Policy"));
  }

  /**
   * Both header values (either may be null); null when {@code rateLimit} is absent or malformed.
   */
  static RateLimitHeaders parse(String rateLimit, String policy) {
    if (rateLimit == null || rateLimit.length() > 1024) {
      return null;
    }
    // a list of items; the first well-formed one counts (the Hub sends exactly one)
    for (String item : rateLimit.split(",")) {
      String bucket = null;
      long r = -1;
      long t = -1;
      String[] parts = item.split(";");
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i].trim();
        if (i == 0) {
          bucket = token(p);
        } else if (p.startsWith("r=")) {
          r = number(p.substring(2), MAX_COUNT);
        } else if (p.startsWith("t=")) {
          t = number(p.substring(2), MAX_SECONDS);
        }
      }
      if (bucket != null && r >= 0 && t >= 0) {
        long[] qw = policy(policy, bucket);
        return new RateLimitHeaders(bucket, r, t, qw[0], qw[1]);
      }
    }
    return null;
  }

  /**
   * {@code q} and {@code w} of the policy naming {@code bucket} (or naming none), else {-1, -1}.
   */
  private static long[] policy(String policy, String bucket) {
    long[] none = {-1, -1};
    if (policy == null || policy.length() > 1024) {
      return none;
    }
    for (String item : policy.split(",")) {
      long q = -1;
      long w = -1;
      boolean named = false;
      boolean other = false;
      String[] parts = item.split(";");
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          q = number(p.substring(2), MAX_COUNT);
        } else if (p.startsWith("w=")) {
          w = number(p.substring(2), MAX_SECONDS);
        } else if (i > 0 && p.startsWith("\"")) {
          String name = token(p);
          named |= bucket.equals(name);
          other |= name != null && !bucket.equals(name);
        }
      }
      if (q >= 1 && w >= 1 && (named || !other)) {
        return new long[] {q, w};
      }
    }
    return none;
  }

  /**
   * A bucket name: a quoted or bare token of letters, digits, '-' and '_', lower-cased; null when
   * malformed.
   */
  private static String token(String s) {
    String v =
        s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
            ? s.substring(1, s.length() - 1)
            : s;
    if (v.isEmpty() || v.length() > 64) {
      return null;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != ' ') {
        return null;
      }
    }
    return v.toLowerCase(Locale.ROOT);
  }

  /** A non-negative decimal integer clamped to {@code max}; -1 when it is not one. */
  static long number(String s, long max) {
    String v = s.trim();
    if (v.isEmpty() || v.length() > 1000) {
      return -1;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return -1;
      }
    }
    int first = 0;
    while (first < v.length() - 1 && v.charAt(first) == '0') {
      first++;
    }
    v = v.substring(first);
    return v.length() > 18 ? max : Math.min(Long.parseLong(v), max);
  }

  /**
   * How long a 429 answer asks to wait, as huggingface_hub reads it: {@code t} of a spent {@code
   * RateLimit} ({@code r=0}), else {@code Retry-After} in seconds, else {@code t} of any {@code
   * RateLimit}; plus {@code margin}. Null when the answer says nothing usable (an HTTP-date
   * Retry-After included): the caller backs off instead.
   */
  static Duration waitAfter429(Headers headers, Duration margin) {
    RateLimitHeaders rl = parse(headers);
    if (rl != null && rl.remaining() == 0) {
      return Duration.ofSeconds(rl.resetSeconds()).plus(margin);
    }
    String ra = headers.get("Retry-After");
    long s = ra == null ? -1 : number(ra, MAX_SECONDS);
    if (s >= 0) {
      return Duration.ofSeconds(s).plus(margin);
    }
    return rl == null ? null : Duration.ofSeconds(rl.resetSeconds()).plus(margin);
  }
}
