package dev.hfio.localhub;

import java.time.Duration;
import java.util.Objects;

/**
 * A scripted failure for one {@link RouteClass}, used by tests to exercise client retry and resume
 * logic. Built fluently: {@code Fault.on(RouteClass.RESOLVE).status(503).after(2).times(1)}.
 * Immutable; each builder call returns a copy.
 */
public final class Fault {
  /** What the fault does to a matching request. */
  public enum Kind {
    STATUS,
    RATE_LIMITED,
    RESET,
    TRUNCATE,
    DELAY
  }

  private final RouteClass routeClass;
  private final Kind kind;
  private final int status;
  private final int resetSeconds;
  private final long afterBytes;
  private final Duration delay;
  private final int times; // -1 = unlimited
  private final int after;
  private final double probability;

  private Fault(
      RouteClass routeClass,
      Kind kind,
      int status,
      int resetSeconds,
      long afterBytes,
      Duration delay,
      int times,
      int after,
      double probability) {
    this.routeClass = Objects.requireNonNull(routeClass, "routeClass");
    this.kind = kind;
    this.status = status;
    this.resetSeconds = resetSeconds;
    this.afterBytes = afterBytes;
    this.delay = delay;
    this.times = times;
    this.after = after;
    this.probability = probability;
  }

  /**
   * Starts a fault for the given route class; pick a kind next. Unlimited times until {@link
   * #times(int)}.
   */
  public static Fault on(RouteClass routeClass) {
    return new Fault(routeClass, Kind.STATUS, 500, 1, 0, Duration.ZERO, -1, 0, 1.0);
  }

  private Fault copy(Kind k, int st, int rs, long ab, Duration d, int t, int a, double p) {
    return new Fault(routeClass, k, st, rs, ab, d, t, a, p);
  }

  /** Answer with this HTTP status (JSON error body, X-Error-Code {@code InjectedFault}). */
  public Fault status(int status) {
    return copy(Kind.STATUS, status, resetSeconds, afterBytes, delay, times, after, probability);
  }

  /** Answer 429 with {@code RateLimit: "api";r=0;t=<resetSeconds>} and {@code Retry-After}. */
  public Fault rateLimited(int resetSeconds) {
    return copy(Kind.RATE_LIMITED, 429, resetSeconds, afterBytes, delay, times, after, probability);
  }

  /** Close the connection abruptly (TCP reset) without answering. */
  public Fault connectionReset() {
    return copy(Kind.RESET, status, resetSeconds, afterBytes, delay, times, after, probability);
  }

  /**
   * Run the route normally but close the connection after this many body bytes (headers announce
   * the full length).
   */
  public Fault truncateBody(long afterBytes) {
    return copy(Kind.TRUNCATE, status, resetSeconds, afterBytes, delay, times, after, probability);
  }

  /** Run the route normally after sleeping this long. */
  public Fault delay(Duration delay) {
    return copy(Kind.DELAY, status, resetSeconds, afterBytes, delay, times, after, probability);
  }

  /** Fire at most this many times, then retire. */
  public Fault times(int times) {
    return copy(kind, status, resetSeconds, afterBytes, delay, times, after, probability);
  }

  /** Let this many matching requests pass untouched before the first firing. */
  public Fault after(int skip) {
    return copy(kind, status, resetSeconds, afterBytes, delay, times, skip, probability);
  }

  /** Fire on each eligible request with this probability (0..1). */
  public Fault withProbability(double probability) {
    return copy(kind, status, resetSeconds, afterBytes, delay, times, after, probability);
  }

  public RouteClass routeClass() {
    return routeClass;
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  public int resetSeconds() {
    return resetSeconds;
  }

  public long afterBytes() {
    return afterBytes;
  }

  public Duration delayDuration() {
    return delay;
  }

  public int times() {
    return times;
  }

  public int after() {
    return after;
  }

  public double probability() {
    return probability;
  }

  @Override
  public String toString() {
    return "Fault{"
        + routeClass.key()
        + " "
        + kind
        + " status="
        + status
        + " times="
        + times
        + " after="
        + after
        + " p="
        + probability
        + "}";
  }
}
