package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.sdk.transforms.Watch.Growth.TerminationCondition;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The termination conditions of a watched read, on explicit clocks (no Hub needed). */
class WatchTerminationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void idleCountsFromTheFirstPollNotFromTheInput() {
    WatchTermination.Idle idle = new WatchTermination.Idle(Duration.standardSeconds(5));
    Instant s = idle.forNewInput(T0, "repo@main");
    // The runner may start polling long after the input arrived: that is not idle time.
    assertThat(idle.canStopPolling(T0.plus(Duration.standardMinutes(10)), s)).isFalse();
    Instant firstPoll = Instant.now();
    s = idle.onPollComplete(s);
    assertThat(s).isBetween(firstPoll, Instant.now());
    assertThat(idle.canStopPolling(s.plus(Duration.standardSeconds(4)), s)).isFalse();
    assertThat(idle.canStopPolling(s.plus(Duration.standardSeconds(5)), s)).isTrue();
    // A new file restarts the idle clock; later polls keep it.
    Instant seen = s.plus(Duration.standardSeconds(3));
    s = idle.onPollComplete(idle.onSeenNewOutput(seen, s));
    assertThat(s).isEqualTo(seen);
    assertThat(idle.canStopPolling(seen.plus(Duration.standardSeconds(4)), s)).isFalse();
    assertThat(idle.canStopPolling(seen.plus(Duration.standardSeconds(5)), s)).isTrue();
  }

  @Test
  void untilStopsAtTheDeadlineAndEitherConditionStops() {
    Instant deadline = T0.plus(Duration.standardSeconds(30));
    TerminationCondition<String, Instant> until = new WatchTermination.Until(deadline);
    Instant s = until.forNewInput(T0, "x");
    assertThat(until.canStopPolling(deadline.minus(Duration.millis(1)), s)).isFalse();
    assertThat(until.canStopPolling(deadline, s)).isTrue();

    @SuppressWarnings("unchecked")
    TerminationCondition<String, Object> both =
        (TerminationCondition<String, Object>)
            WatchTermination.of(deadline, Duration.standardHours(1));
    Object b = both.onPollComplete(both.forNewInput(T0, "x"));
    assertThat(both.canStopPolling(deadline, b)).isTrue();
    assertThat(WatchTermination.of(null, null).toString()).contains("Never");
  }
}
