package dev.hfio;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
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
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;

/**
 * The commit step of a streaming write, paced by {@code withMinCommitInterval}: a pane that becomes
 * ready when no commit happened for the interval is committed at once; panes that become ready
 * sooner wait in state and are committed together, in one commit listing all their ids, when the
 * interval since the previous commit is over (a processing-time timer). With a zero interval every
 * pane is committed on its own as it arrives. Panes still waiting when the input ends (drain, or a
 * bounded test) are committed then. One constant key, so commits of one write never race each
 * other.
 *
 * <p>Its input is {@code @RequiresStableInput}: a runner hands it a pane only once the pane is
 * durable (Flink: once the checkpoint holding it completed, so Flink needs checkpointing enabled),
 * so a pane replayed after a failure has the same id and the same files, and the pane-id scan of
 * {@link PaneCommitter} turns the replay into a no-op. Without it, a pane recomputed after a
 * failure could hold other rows under the same id (processing-time triggers) and be skipped.
 */
final class PaneCommitFn extends DoFn<KV<Integer, PaneShards>, WriteResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;
  private final Duration minInterval;

  @StateId("pending")
  private final StateSpec<BagState<PaneShards>> pendingSpec = StateSpecs.bag(PaneShardsCoder.of());

  @StateId("cooling")
  private final StateSpec<ValueState<Boolean>> coolingSpec = StateSpecs.value(BooleanCoder.of());

  @StateId("writeId")
  private final StateSpec<ValueState<String>> writeIdSpec = StateSpecs.value(StringUtf8Coder.of());

  @TimerId("interval")
  private final TimerSpec intervalSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  @TimerId("drain")
  private final TimerSpec drainSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  PaneCommitFn(WriteSettings settings, PCollectionView<String> writeId, Duration minInterval) {
    this.settings = settings;
    this.writeId = writeId;
    this.minInterval = minInterval;
  }

  @ProcessElement
  @RequiresStableInput
  public void process(
      ProcessContext c,
      @StateId("pending") BagState<PaneShards> pending,
      @StateId("cooling") ValueState<Boolean> cooling,
      @StateId("writeId") ValueState<String> writeIdState,
      @TimerId("interval") Timer interval,
      @TimerId("drain") Timer drain) {
    String id = c.sideInput(writeId);
    PaneShards pane = c.element().getValue();
    if (minInterval.getMillis() == 0) {
      commit(id, List.of(pane)).forEach(c::output);
      return;
    }
    writeIdState.write(id);
    if (!Boolean.TRUE.equals(cooling.read())) {
      commit(id, List.of(pane)).forEach(c::output);
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
      @StateId("writeId") ValueState<String> writeIdState,
      @TimerId("interval") Timer interval) {
    List<PaneShards> ready = read(pending);
    if (ready.isEmpty()) {
      cooling.clear();
      return;
    }
    commit(writeIdState.read(), ready).forEach(c::output);
    pending.clear();
    interval.offset(minInterval).setRelative();
  }

  @OnTimer("drain")
  public void onDrain(
      OnTimerContext c,
      @StateId("pending") BagState<PaneShards> pending,
      @StateId("cooling") ValueState<Boolean> cooling,
      @StateId("writeId") ValueState<String> writeIdState,
      @TimerId("interval") Timer interval) {
    List<PaneShards> ready = read(pending);
    if (!ready.isEmpty()) {
      commit(writeIdState.read(), ready).forEach(c::output);
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

  private List<WriteResult> commit(String id, List<PaneShards> panes) {
    return new PaneCommitter(settings, settings.client()).commit(id, panes);
  }
}
