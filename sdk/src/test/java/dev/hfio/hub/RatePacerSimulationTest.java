package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RatePacer} against a model of the Hub's fixed-window limiter (the window opens at the
 * first request after the last one ended; {@code t} is rounded up to whole seconds), driven by
 * simulated worker threads with random, sometimes long, delays between reserving a turn, the
 * request reaching the Hub, and its answer being observed (a loaded 2-core CI machine). Every run
 * is a discrete-event simulation on explicit times, so it is exact and fast; the claim under test
 * is the pacer's: a JVM alone on its account never meets a 429.
 */
class RatePacerSimulationTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  /** The Hub's fixed window, as localhub's RateLimiter keeps it. */
  private static final class Hub {
    final long quota;
    final long window;
    boolean open;
    long start;
    long used;
    long refused;

    Hub(long quota, long window) {
      this.quota = quota;
      this.window = window;
    }

    /** Admits (or refuses) a request arriving at {@code now}; returns the answer's headers. */
    RateLimitHeaders admit(long now, boolean[] limited) {
      if (!open || now - start >= window) {
        open = true;
        start = now;
        used = 0;
      }
      long reset = Math.max(1, (start + window - now + S - 1) / S);
      if (used >= quota) {
        refused++;
        limited[0] = true;
        return new RateLimitHeaders("resolvers", 0, reset, quota, window / S);
      }
      used++;
      limited[0] = false;
      return new RateLimitHeaders("resolvers", quota - used, reset, quota, window / S);
    }
  }

  /** One step of one simulated thread: what happens at {@code at}. */
  private record Event(
      long at, int thread, int kind, long seq, RateLimitHeaders answer, boolean limited)
      implements Comparable<Event> {
    static final int RESERVE = 0;
    static final int ARRIVE = 1;
    static final int OBSERVE = 2;

    @Override
    public int compareTo(Event o) {
      return Long.compare(at, o.at);
    }
  }

  /**
   * Ten fixed cases (the CI failure's shape: 19 threads, 40 per 5 s, delays up to 1.5 s, failed 7
   * of them before turns were counted until answered) and thirty drawn ones.
   */
  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    all.add(Arguments.of(3, 40, 5, 20, 1L));
    all.add(Arguments.of(19, 40, 5, 20, 2L));
    all.add(Arguments.of(19, 40, 5, 400, 3L));
    all.add(Arguments.of(19, 40, 5, 1500, 4L));
    all.add(Arguments.of(24, 40, 5, 1500, 5L));
    all.add(Arguments.of(8, 40, 5, 2500, 6L));
    all.add(Arguments.of(32, 100, 10, 800, 7L));
    all.add(Arguments.of(19, 40, 5, 1500, 8L));
    all.add(Arguments.of(19, 40, 5, 1500, 9L));
    all.add(Arguments.of(16, 40, 5, 3000, 10L));
    Random r = new Random(17);
    for (int i = 0; i < 30; i++) {
      int quota = 20 + r.nextInt(200);
      all.add(
          Arguments.of(
              1 + r.nextInt(quota / 2), quota, 2 + r.nextInt(20), 10 + r.nextInt(3000), 100L + i));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} threads, quota {1}/{2} s, delays up to {3} ms, seed {4}")
  @MethodSource("cases")
  void aJvmAloneOnItsAccountNeverMeetsA429(
      int threads, long quota, long windowSeconds, long maxDelayMs, long seed) {
    Random rnd = new Random(seed);
    Hub hub = new Hub(quota, windowSeconds * S);
    RatePacer pacer = new RatePacer();
    PriorityQueue<Event> q = new PriorityQueue<>();
    long t0 = 1_000_000 * S;
    long requests = 0;
    long total = quota * 12; // about twelve windows' worth
    for (int i = 0; i < threads; i++) {
      q.add(new Event(t0 + rnd.nextInt(50) * MS, i, Event.RESERVE, 0, null, false));
    }
    while (!q.isEmpty()) {
      Event e = q.poll();
      switch (e.kind()) {
        case Event.RESERVE -> {
          if (requests >= total) {
            continue;
          }
          requests++;
          RatePacer.Turn turn = pacer.reserve(e.at());
          // sleeping overshoots, the send is delayed: the request reaches the Hub later
          long arrive = e.at() + turn.waitNanos() + delay(rnd, maxDelayMs);
          q.add(new Event(arrive, e.thread(), Event.ARRIVE, turn.seq(), null, false));
        }
        case Event.ARRIVE -> {
          boolean[] limited = new boolean[1];
          RateLimitHeaders h = hub.admit(e.at(), limited);
          long seen = e.at() + delay(rnd, maxDelayMs);
          q.add(new Event(seen, e.thread(), Event.OBSERVE, e.seq(), h, limited[0]));
        }
        default -> {
          long wait = e.limited() ? (e.answer().resetSeconds() + 1) * S : 0;
          pacer.observe(e.answer(), e.seq(), e.at(), e.limited(), wait);
          q.add(new Event(e.at() + delay(rnd, 5), e.thread(), Event.RESERVE, 0, null, false));
        }
      }
    }
    assertThat(hub.refused).as("429 answers in %s requests", requests).isZero();
  }

  /** Mostly short, now and then up to {@code maxMs}: a descheduled thread or a GC pause. */
  private static long delay(Random rnd, long maxMs) {
    if (rnd.nextInt(10) == 0) {
      return (long) (rnd.nextDouble() * maxMs * MS);
    }
    return (long) (rnd.nextDouble() * Math.min(maxMs, 20) * MS);
  }
}
