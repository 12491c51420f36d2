package dev.hfio;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.transforms.Watch.Growth.TerminationCondition;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * When a watched read stops polling: at a deadline ({@code withPollingUntil}), after a time without
 * a new file ({@code withStopAfterIdle}, counted from the start when no file ever came, unlike
 * Beam's {@code afterTimeSinceNewOutput}), whichever comes first, or never. The states are
 * instants, so a checkpointed runner resumes the same condition.
 */
final class WatchTermination {
  private WatchTermination() {}

  /** The condition for the given settings (either may be null). */
  static TerminationCondition<String, ?> of(@Nullable Instant until, @Nullable Duration idle) {
    if (until != null && idle != null) {
      return Watch.Growth.eitherOf(new Until(until), new Idle(idle));
    }
    if (until != null) {
      return new Until(until);
    }
    if (idle != null) {
      return new Idle(idle);
    }
    return Watch.Growth.never();
  }

  /** Stops once the clock reaches a deadline; the state is the deadline. */
  static final class Until implements TerminationCondition<String, Instant> {
    private static final long serialVersionUID = 1L;
    private final Instant deadline;

    Until(Instant deadline) {
      this.deadline = deadline;
    }

    @Override
    public Coder<Instant> getStateCoder() {
      return InstantCoder.of();
    }

    @Override
    public Instant forNewInput(Instant now, String input) {
      return deadline;
    }

    @Override
    public boolean canStopPolling(Instant now, Instant state) {
      return !now.isBefore(state);
    }

    @Override
    public String toString(Instant state) {
      return "until " + state;
    }
  }

  /** Stops after {@code idle} without a new file; the state is the time of the last new file. */
  static final class Idle implements TerminationCondition<String, Instant> {
    private static final long serialVersionUID = 1L;
    private final Duration idle;

    Idle(Duration idle) {
      this.idle = idle;
    }

    @Override
    public Coder<Instant> getStateCoder() {
      return InstantCoder.of();
    }

    @Override
    public Instant forNewInput(Instant now, String input) {
      return now;
    }

    @Override
    public Instant onSeenNewOutput(Instant now, Instant state) {
      return now;
    }

    @Override
    public boolean canStopPolling(Instant now, Instant state) {
      return !new Duration(state, now).isShorterThan(idle);
    }

    @Override
    public String toString(Instant state) {
      return "idle " + idle + " since " + state;
    }
  }
}
