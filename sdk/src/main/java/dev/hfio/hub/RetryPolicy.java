package dev.hfio.hub;

import java.io.Serializable;
import java.time.Duration;

/**
 * How failed requests are retried: up to {@link #maxAttempts()} attempts in total, exponential backoff from
 * {@link #initialBackoff()} doubling up to {@link #maxBackoff()} with +/- {@link #jitter()} randomisation, and no new
 * attempt once {@link #maxTotalTime()} has elapsed. A 429 waits exactly what the {@code RateLimit} header's
 * {@code t} (or {@code Retry-After}) says plus {@link #rateLimitMargin()}.
 *
 * <p>Retried: 408, 429, 500-599, connection resets and refusals, timeouts, and bodies truncated while being read.
 * Commit POSTs are only retried when the connection could not be established at all or on 429 (the server refused
 * them before doing anything); any other commit failure is reported, never blindly re-sent.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter, Duration maxTotalTime,
    Duration rateLimitMargin) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 5 attempts, 1s doubling to 8s, 20% jitter, 5 minutes at most, 1s margin after a rate-limit reset. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.2, Duration.ofMinutes(5),
          Duration.ofSeconds(1));

  /** A single attempt, no retries. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within [0, 1], got " + jitter);
    }
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, initialBackoff, maxBackoff, jitter, maxTotalTime, rateLimitMargin);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, jitter, maxTotalTime, rateLimitMargin);
  }

  public RetryPolicy withJitter(double j) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, j, maxTotalTime, rateLimitMargin);
  }

  public RetryPolicy withMaxTotalTime(Duration d) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, jitter, d, rateLimitMargin);
  }

  public RetryPolicy withRateLimitMargin(Duration d) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, jitter, maxTotalTime, d);
  }

  /** The wait before attempt {@code retryNumber + 1} (retryNumber starts at 1), {@code random} in [0, 1). */
  public Duration backoff(int retryNumber, double random) {
    long base = initialBackoff.toMillis();
    for (int i = 1; i < retryNumber && base < maxBackoff.toMillis(); i++) {
      base *= 2;
    }
    base = Math.min(base, maxBackoff.toMillis());
    double factor = 1 + jitter * (2 * random - 1);
    return Duration.ofMillis(Math.max(0, Math.round(base * factor)));
  }
}
