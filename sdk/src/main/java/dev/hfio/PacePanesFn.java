package dev.hfio;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * The pacing step of a streaming write ({@code withMinCommitInterval}): it decides which panes are
 * published together. A pane that becomes ready when nothing was released for the interval goes out
 * at once; panes that become ready sooner wait in state and go out together, as one batch, when the
 * interval since the previous batch is over (a processing-time timer). With a zero interval every
 * pane is its own batch. Panes still waiting when the input ends (drain, or a bounded test) go out
 * then. One constant key, so batches of one write never race each other.
 *
 * <p>It does not commit: {@link CommitPanesFn} does, after it, on stable input. A keyed, stateful
 * step drops elements that reach it after its input watermark is at the end of the global window
 * (on Flink, panes released by a stable-input buffer at drain arrive exactly then), so the step
 * that needs stable input must be a stateless one at the end.
 */
final class PacePanesFn extends DoFn<KV<Integer, PaneShards>, List<PaneShards>> {
  private final Duration minInterval;

  @StateId("pending")
  private final StateSpec<BagState<PaneShards>> pendingSpec = StateSpecs.bag(PaneShardsCoder.of());

  @StateId("cooling")
  private final StateSpec<ValueState<Boolean>> coolingSpec = StateSpecs.value(BooleanCoder.of());

  @TimerId("interval")
  private final TimerSpec intervalSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  @TimerId("drain")
  private final TimerSpec drainSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  PacePanesFn(Duration minInterval) {
    this.minInterval = minInterval;
  }

  @ProcessElement
  public void process(
      ProcessContext c,
      @StateId("pending") BagState<PaneShards> pending,
      @StateId("cooling") ValueState<Boolean> cooling,
      @TimerId("interval") Timer interval,
      @TimerId("drain") Timer drain) {
    PaneShards pane = c.element().getValue();
    if (minInterval.getMillis() == 0) {
      c.output(List.of(pane));
      return;
    }
    if (!Boolean.TRUE.equals(cooling.read())) {
      c.output(List.of(pane));
      cooling.write(true);
      interval.offset(minInterval).setRelative();
    } else {
      pending.add(pane);
      drain.set(GlobalWindow.INSTANCE.maxTimestamp());
    }
  }

  @OnTimer("interval")
  public void onInterval(
      OnTimerContext c,
      @StateId("pending") BagState<PaneShards> pending,
      @StateId("cooling") ValueState<Boolean> cooling,
      @TimerId("interval") Timer interval) {
    List<PaneShards> ready = read(pending);
    if (ready.isEmpty()) {
      cooling.clear();
      return;
    }
    c.output(ready);
    pending.clear();
    interval.offset(minInterval).setRelative();
  }

  @OnTimer("drain")
  public void onDrain(
      OnTimerContext c,
      @StateId("pending") BagState<PaneShards> pending,
      @StateId("cooling") ValueState<Boolean> cooling,
      @TimerId("interval") Timer interval) {
    List<PaneShards> ready = read(pending);
    if (!ready.isEmpty()) {
      c.output(ready);
    }
    pending.clear();
    cooling.clear();
    interval.clear();
  }

  private static List<PaneShards> read(BagState<PaneShards> bag) {
    List<PaneShards> out = new ArrayList<>();
    bag.read().forEach(out::add);
    return out;
  }
}
