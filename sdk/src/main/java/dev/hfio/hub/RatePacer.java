package dev.hfio.hub;

import java.util.concurrent.TimeUnit;

/**
 * The pacing state of one rate-limit bucket of one (endpoint, token): what the Hub last said about
 * the window, and when the next request may go. Pure bookkeeping on explicit {@code
 * System.nanoTime()} values (no sleeping, no clock), so the formula is tested directly.
 * Thread-safe.
 *
 * <p>The formula. Let {@code r} be the requests left in the window (the lowest {@code r} the Hub
 * reported in this window, minus {@code s} for each request of this pacer not answered yet: a turn
 * is counted from its reservation until its answer is observed or it is {@linkplain #abandon
 * abandoned}, whatever the order the answers come in), {@code T} the time until the window resets,
 * {@code q} the quota and {@code w} the window length ({@code RateLimit-Policy}), and {@code s >=
 * 1} this JVM's share factor: how many requests the Hub counted per request of ours since the
 * window's first answer, ours still in flight discounted (1 when this JVM is alone, about N when N
 * workers of one account read together). This JVM's budget is {@code b = r / s - 1}: its share of
 * what is left, less one round kept for requests of other workers in flight.
 *
 * <ul>
 *   <li>Nothing known yet, or the window is over: the request goes at once; its answer tells.
 *   <li>Alone on the account ({@code s} below 1.2 in this window and the previous one) and above
 *       the reserve, {@code (r - s) / q >= 0.1} (after this request, more than 10% of the quota is
 *       left): the request goes at once. A job that fits in what is left of the window is never
 *       slowed down (evenly spreading it would not make a job that needs more than one window
 *       finish sooner: it waits for the reset either way).
 *   <li>Sharing the account ({@code s >= 1.2}) and ahead of an even schedule, {@code (r - s) / q >=
 *       T / w - 0.1}: the request goes at once. A worker that sees others keeps to the schedule,
 *       because another worker may hold turns it reserved but has not sent yet, which no answer
 *       shows; going down to the reserve there met 429s.
 *   <li>Within the reserve, requests are spaced evenly over what is left: request {@code k} goes at
 *       {@code s_k = max(now, s_(k-1) + (reset - s_(k-1)) / b_(k-1))}, so the remainder lasts until
 *       the reset and a steady job never meets a 429.
 *   <li>{@code b < 1} (nothing left for this JVM): wait until the reset plus one second ({@code t}
 *       is whole seconds).
 *   <li>After a 429 the whole bucket waits {@code t + 1} s (as huggingface_hub does), for every
 *       thread sharing it; a later successful answer with {@code r > 0} to a request sent after the
 *       429 lifts the wait early.
 * </ul>
 *
 * Because the Hub counts per user and every answer carries the shared remainder, workers on other
 * machines (each with its own pacer) see each other's use in {@code r} and {@code s} and slow down
 * together without talking.
 */
final class RatePacer {
  /** Waiting for a reset ends one second after it: {@code t} is rounded to whole seconds. */
  static final long MARGIN = TimeUnit.SECONDS.toNanos(1);

  /** Own requests needed before the share factor is measured. */
  private static final long SHARE_SAMPLE = 4;

  private static final double MAX_SHARE = 1000;

  /** Share of the quota kept as a reserve: below it requests are spread until the reset. */
  static final double RESERVE = 0.1;

  /** A share factor from which other workers are taken to use the account too. */
  static final double SHARED = 1.2;

  private long resetAt; // nanoTime the window resets; valid when known
  private boolean known;
  private double remaining; // estimated requests left in the window (own requests count s each)
  private long quota = -1;
  private long windowNanos = -1;
  private long nextSlot; // earliest time the next paced request may go
  private long blockedUntil; // after a 429: nobody goes before
  private long blockSeq; // ownSent when the 429 came
  private boolean blocked;
  private long ownSent; // requests let go, ever: the last one's sequence number
  private long outstanding; // turns reserved and neither answered nor abandoned
  private long baseRemaining; // r of the window's first answer
  private long minRemaining; // lowest r answered in this window
  private long ownAnswered; // our requests answered in this window after its first answer
  private double share = 1;
  private double previousShare = 1; // the share factor at the end of the previous window

  /**
   * A reserved turn: wait {@code waitNanos} (>= 0), then send; {@code seq} goes back with the
   * answer.
   */
  record Turn(long waitNanos, long seq) {}

  /**
   * Reserves the next request's turn: how long the caller must wait before sending it. The
   * reservation is taken at once, so concurrent callers are spaced, not released together.
   */
  synchronized Turn reserve(long now) {
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
      return go(start, now);
    }
    double budget = remaining / share - 1; // one round kept for other workers' requests in flight
    if (budget < 1) {
      return go(resetAt + MARGIN, now); // spent: all wait for the reset
    }
    if (quota > 0 && windowNanos > 0 && (remaining - share) / quota >= freeShare(start)) {
      return go(start, now); // above the reserve (alone), or ahead of an even schedule (shared)
    }
    long slot = Math.max(start, nextSlot);
    long leftAtSlot = resetAt - slot;
    if (leftAtSlot <= 0) {
      return go(slot, now); // the window will be over by then
    }
    nextSlot = slot + (long) (leftAtSlot / budget);
    return go(slot, now);
  }

  /**
   * The share of the quota that must stay left after a request for it to go at once: the reserve
   * when this JVM has been alone on the account since the previous window; otherwise what an even
   * schedule to the reset leaves ({@code T / w}, less the reserve), because another worker may hold
   * turns it has not sent yet, which no answer shows.
   */
  private double freeShare(long start) {
    if (Math.max(share, previousShare) < SHARED) {
      return RESERVE;
    }
    return (double) (resetAt - start) / windowNanos - RESERVE;
  }

  private Turn go(long at, long now) {
    ownSent++;
    outstanding++;
    if (known && at - resetAt < 0) {
      remaining -= share; // each of ours comes with about s - 1 of the other workers'
    }
    return new Turn(at - now, ownSent);
  }

  /** This JVM's share factor {@code s} (for tests and measurements). */
  synchronized double share() {
    return share;
  }

  /**
   * Takes in what an answer said. {@code seq}: its request's {@link Turn#seq()} when this answer
   * ends that turn (at most once per turn), 0 for any other answer (one to a request this pacer did
   * not let go, or a further answer of the same redirect chain); {@code now}: when the answer came.
   * A 429 ({@code rateLimited}) closes the bucket for {@code waitNanos}.
   */
  synchronized void observe(
      RateLimitHeaders h, long seq, long now, boolean rateLimited, long waitNanos) {
    if (seq > 0 && outstanding > 0) {
      outstanding--;
    }
    if (h != null) {
      long reset = now + TimeUnit.SECONDS.toNanos(h.resetSeconds());
      if (rateLimited) {
        known = true; // a 429 speaks for the window as it is now
        resetAt = reset;
        remaining = 0;
      } else if (!known || reset - (resetAt + MARGIN) > 0 || now - (resetAt + MARGIN) >= 0) {
        if (known) {
          previousShare = share;
        }
        known = true; // the first answer of a new window
        resetAt = reset;
        nextSlot = now;
        baseRemaining = h.remaining();
        minRemaining = h.remaining();
        ownAnswered = 0;
        remaining = h.remaining() - share * outstanding;
      } else {
        resetAt = Math.max(resetAt, reset);
        // answers arrive in any order: judge by the lowest r, and assume the Hub has counted none
        // of our requests still unanswered (a request reserved early may be sent after one
        // reserved later)
        minRemaining = Math.min(minRemaining, h.remaining());
        if (seq > 0) {
          ownAnswered++;
        }
        long counted = baseRemaining - minRemaining;
        if (ownAnswered >= SHARE_SAMPLE) {
          share = Math.max(1, Math.min(MAX_SHARE, (double) (counted - outstanding) / ownAnswered));
        }
        remaining = minRemaining - share * outstanding;
      }
      if (h.quota() > 0 && h.windowSeconds() > 0) {
        quota = h.quota();
        windowNanos = TimeUnit.SECONDS.toNanos(h.windowSeconds());
      }
      if (!rateLimited && blocked && h.remaining() > 0 && seq > blockSeq) {
        blocked = false; // the Hub let a request through after the 429: the wait is over
      }
    }
    if (rateLimited && waitNanos > 0) {
      long until = now + waitNanos;
      blockedUntil = blocked ? Math.max(blockedUntil, until) : until;
      blockSeq = ownSent;
      blocked = true;
    }
  }

  /**
   * Ends a turn that got no answer to observe (the request failed before one came). Its estimate
   * stays spent: the Hub may have counted it.
   */
  synchronized void abandon(long seq) {
    if (seq > 0 && outstanding > 0) {
      outstanding--;
    }
  }

  /** Turns reserved and not yet ended (for tests). */
  synchronized long outstanding() {
    return outstanding;
  }
}
