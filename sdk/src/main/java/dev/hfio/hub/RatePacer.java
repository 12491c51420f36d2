package dev.hfio.hub;

import java.util.concurrent.TimeUnit;

/**
 * The pacing state of one rate-limit bucket of one (endpoint, token): what the Hub last said about the window, and
 * when the next request may go. Pure bookkeeping on explicit {@code System.nanoTime()} values (no sleeping, no
 * clock), so the formula is tested directly. Thread-safe.
 *
 * <p>The formula. Let {@code r} be the requests left in the window (the lowest {@code r} the Hub reported in this
 * window, minus the requests sent since), {@code T} the time until the window resets, {@code q} the quota and
 * {@code w} the window length ({@code RateLimit-Policy}).
 * <ul>
 *   <li>Nothing known yet, or the window is over ({@code T <= -1 s}): the request goes at once; its answer tells.
 *   <li>Ahead of schedule, {@code (r - 1) / q >= T / w} (after this request, the share of the quota left is at least
 *       the share of the window left): the request goes at once. A fresh window is never ahead of schedule by this
 *       rule, so a burst starts paced, and a job that slowed down may catch up.
 *   <li>Otherwise requests are spaced: request {@code k} may go at {@code s_k = max(now, s_(k-1) + (reset - s_(k-1)) /
 *       r_(k-1))}, i.e. the time left is divided evenly among the requests left, so the remainder lasts until the
 *       reset and a steady job never meets a 429.
 *   <li>{@code r = 0}: wait until the reset plus one second (the Hub's {@code t} is whole seconds).
 *   <li>After a 429 the whole bucket waits {@code t + 1} s (as huggingface_hub does), for every thread sharing it;
 *       a later successful answer with {@code r > 0} to a request sent after the 429 lifts the wait early.
 * </ul>
 * Because the Hub counts per user and every answer carries the shared remainder, workers on other machines (each
 * with its own pacer) see each other's use in {@code r} and slow down together without talking to each other.
 */
final class RatePacer {
  /** Waiting for a reset ends one second after it: {@code t} is rounded to whole seconds. */
  static final long MARGIN = TimeUnit.SECONDS.toNanos(1);

  private long resetAt; // nanoTime the window resets; valid when known
  private boolean known;
  private long remaining; // estimated requests left in the window
  private long quota = -1;
  private long windowNanos = -1;
  private long nextSlot; // earliest time the next paced request may go
  private long blockedUntil; // after a 429: nobody goes before
  private long blockSetAt;
  private boolean blocked;

  /**
   * Reserves the next request's turn and returns how long (nanos, >= 0) the caller must wait before sending it. The
   * reservation is taken at once, so concurrent callers are spaced, not released together.
   */
  synchronized long reserve(long now) {
    long start = now;
    if (blocked) {
      if (blockedUntil - now > 0) {
        start = blockedUntil;
      } else {
        blocked = false;
      }
    }
    if (!known || start - (resetAt + MARGIN) >= 0) {
      known = false; // a new window: nothing known until its first answer
      return start - now;
    }
    if (remaining <= 0) {
      return resetAt + MARGIN - now; // spent: all wait for the reset
    }
    long left = resetAt - start;
    if (quota > 0 && windowNanos > 0 && (double) (remaining - 1) / quota >= (double) left / windowNanos) {
      remaining--;
      return start - now; // ahead of schedule
    }
    long slot = Math.max(start, nextSlot);
    long leftAtSlot = resetAt - slot;
    if (leftAtSlot <= 0) {
      return slot - now; // the window will be over by then
    }
    nextSlot = slot + leftAtSlot / remaining;
    remaining--;
    return slot - now;
  }

  /**
   * Takes in what an answer said. {@code sentAt}: when its request was let go; {@code now}: when the answer came.
   * A 429 ({@code rateLimited}) closes the bucket for {@code waitNanos}.
   */
  synchronized void observe(RateLimitHeaders h, long sentAt, long now, boolean rateLimited, long waitNanos) {
    if (h != null) {
      long reset = now + TimeUnit.SECONDS.toNanos(h.resetSeconds());
      if (rateLimited) {
        known = true; // a 429 speaks for the window as it is now
        resetAt = reset;
        remaining = 0;
      } else if (!known || reset - (resetAt + MARGIN) > 0 || now - (resetAt + MARGIN) >= 0) {
        known = true; // the first answer of a new window
        resetAt = reset;
        remaining = h.remaining();
        nextSlot = now;
      } else {
        resetAt = Math.max(resetAt, reset);
        remaining = Math.min(remaining, h.remaining());
      }
      if (h.quota() > 0 && h.windowSeconds() > 0) {
        quota = h.quota();
        windowNanos = TimeUnit.SECONDS.toNanos(h.windowSeconds());
      }
      if (!rateLimited && blocked && h.remaining() > 0 && sentAt - blockSetAt >= 0) {
        blocked = false; // the Hub let a request through after the 429: the wait is over
      }
    }
    if (rateLimited && waitNanos > 0) {
      long until = now + waitNanos;
      blockedUntil = blocked ? Math.max(blockedUntil, until) : until;
      blockSetAt = now;
      blocked = true;
    }
  }
}
