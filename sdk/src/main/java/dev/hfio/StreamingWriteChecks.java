package dev.hfio;

import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * The combinations {@code HfIO.write()} refuses, depending on whether its input is bounded, checked
 * in {@code expand} with messages that say what to do instead.
 */
final class StreamingWriteChecks {
  private StreamingWriteChecks() {}

  /** An unbounded input: the write appends one commit per pane. */
  static void check(HfIO.Write w, PCollection<?> input) {
    WindowingStrategy<?, ?> ws = input.getWindowingStrategy();
    if (w.triggeringFrequency() == null
        && ws.getWindowFn() instanceof GlobalWindows
        && ws.getTrigger() instanceof DefaultTrigger) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + w.target()
              + ": the unbounded input is in the global window with the default trigger, so no"
              + " pane would ever be ready to commit; window it (e.g."
              + " Window.into(FixedWindows.of(Duration.standardMinutes(1)))) or call"
              + " withTriggeringFrequency(Duration) to commit at a processing-time interval");
    }
    if (w.modeExplicit() && w.mode() == WriteMode.OVERWRITE) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + w.target()
              + ": withMode(OVERWRITE) cannot be used on an unbounded input, whose panes are"
              + " appended one commit at a time (each pane would replace the previous ones); use"
              + " WriteMode.APPEND (the default on unbounded input) or ERROR_IF_EXISTS, or write"
              + " a bounded input");
    }
    if (w.createPr()) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + w.target()
              + ": withCreatePr() cannot be used on an unbounded input: every pane would open a"
              + " pull request nobody merges, and a replayed pane could not be recognised on the"
              + " branch; write to a branch with withRevision(...) and merge it yourself");
    }
  }

  /** A bounded input: one commit for the whole input; the streaming settings make no sense. */
  static void checkBounded(HfIO.Write w) {
    if (w.triggeringFrequency() != null) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + w.target()
              + ": withTriggeringFrequency("
              + w.triggeringFrequency()
              + ") applies to unbounded input only; a bounded input is written in one commit");
    }
    if (w.minCommitInterval() != null) {
      throw new IllegalArgumentException(
          "HfIO.write() to "
              + w.target()
              + ": withMinCommitInterval("
              + w.minCommitInterval()
              + ") applies to unbounded input only; a bounded input is written in one commit");
    }
  }
}
