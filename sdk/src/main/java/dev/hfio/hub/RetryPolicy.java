package dev.hfio.hub;

import java.io.Serializable;
import java.time.Duration;

/**
 * How failed requests are retried: up to {@link #maxAttempts()} attempts in total, exponential
 * backoff from {@link #initialBackoff()} doubling up to {@link #maxBackoff()} with +/- {@link
 * #jitter()} randomisation, and no new attempt once {@link #maxTotalTime()} has elapsed. A 429
 * waits exactly what the {@code RateLimit} header's {@code t} (or {@code Retry-After}) says plus
 * {@link #rateLimitMargin()}.
 *
 * <p>{@link #callDeadline()} bounds one API call as a whole, every attempt and every wait between
 * attempts included: an attempt still running at the deadline is cancelled (a body trickling 1
 * byte/s cannot hold a call past it), no retry is started once the deadline has passed or its
 * backoff would pass it, and the call fails with {@link DeadlineExceededException}. It applies to
 * API requests (JSON answers, metadata HEADs, LFS batch, verify and complete requests), not to
 * uploads of file content nor to downloads streamed to the caller, which may legitimately take
 * longer and are bounded by the connect and read timeouts of each socket operation.
 *
 * <p>Retried: 408, 429, 500-599, connection resets and refusals, timeouts, and bodies truncated
 * while being read. Commit POSTs are only retried when the connection could not be established at
 * all or on 429 (the server refused them before doing anything); any other commit failure is
 * reported, never blindly re-sent.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    Duration maxTotalTime,
    Duration rateLimitMargin,
    Duration callDeadline)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The default {@link #callDeadline()}: 10 minutes for one API call, retries and rate-limit pacing
   * included (a paced call may first wait up to one Hub window, 5 minutes, for its turn).
   */
  public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofMinutes(10);

  /**
   * 5 attempts, 1s doubling to 8s, 20% jitter, 5 minutes at most, 1s margin after a rate-limit
   * reset, 10 minutes deadline per API call.
   */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          5,
          Duration.ofSeconds(1),
          Duration.ofSeconds(8),
          0.2,
          Duration.ofMinutes(5),
          Duration.ofSeconds(1));

  /** A single attempt, no retries (the default call deadline still applies). */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO);

  /** A policy with the {@link #DEFAULT_CALL_DEADLINE}. */
  public RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      double jitter,
      Duration maxTotalTime,
      Duration rateLimitMargin) {
    this(
        maxAttempts,
        initialBackoff,
        maxBackoff,
        jitter,
        maxTotalTime,
        rateLimitMargin,
        DEFAULT_CALL_DEADLINE);
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within [0, 1], got " + jitter);
    }
    if (callDeadline == null || callDeadline.isNegative() || callDeadline.isZero()) {
      throw new IllegalArgumentException("callDeadline must be positive, got " + callDeadline);
    }
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(
        n, initialBackoff, maxBackoff, jitter, maxTotalTime, rateLimitMargin, callDeadline);
  }

  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(
        maxAttempts, initial, max, jitter, maxTotalTime, rateLimitMargin, callDeadline);
  }

  public RetryPolicy withJitter(double j) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, j, maxTotalTime, rateLimitMargin, callDeadline);
  }

  public RetryPolicy withMaxTotalTime(Duration d) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, jitter, d, rateLimitMargin, callDeadline);
  }

  public RetryPolicy withRateLimitMargin(Duration d) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, jitter, maxTotalTime, d, callDeadline);
  }

  /** The same policy with another {@link #callDeadline()} (positive). */
  public RetryPolicy withCallDeadline(Duration d) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, jitter, maxTotalTime, rateLimitMargin, d);
  }

  /**
   * The wait before attempt {@code retryNumber + 1} (retryNumber starts at 1), {@code random} in
   * [0, 1).
   */
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
