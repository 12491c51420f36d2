package dev.hfio;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The expansion of {@code HfIO.write()} on an unbounded input: preflight (once) → shard writers
 * that keep windows (one writer per shard key and pane: {@code withNumShards}, default {@link
 * HfIO.Write#DEFAULT_STREAMING_SHARDS_PER_PANE}) → the shard reports of each pane grouped under one
 * key, so a pane's set is fixed once it fires → a pane id per (write id, window, pane index) →
 * pacing into batches ({@link PacePanesFn}) → one replay-safe commit per batch on stable input
 * ({@link CommitPanesFn}, {@link PaneCommitter}). Panes are those of the input's windowing and
 * triggers, or, with a triggering frequency, the firings of a repeated processing-time trigger in
 * the global window.
 */
final class HubStreamingWrite {
  private HubStreamingWrite() {}

  /** Shard keys per pane: {@code withNumShards}, or the streaming default when it is 0. */
  static int shardsPerPane(WriteSettings settings) {
    return settings.numShards > 0
        ? settings.numShards
        : HfIO.Write.DEFAULT_STREAMING_SHARDS_PER_PANE;
  }

  static PCollection<WriteResult> expand(
      PCollection<Row> rows,
      WriteSettings settings,
      @Nullable Duration triggeringFrequency,
      Duration minCommitInterval) {
    PCollectionView<String> writeId =
        rows.getPipeline()
            .apply("WriteId", Create.of((Void) null).withCoder(VoidCoder.of()))
            .apply("Preflight", ParDo.of(new PreflightFn(settings)))
            .apply("WriteIdView", View.asSingleton());
    PCollection<Row> windowed = rows;
    if (triggeringFrequency != null) {
      windowed =
          rows.apply(
              "TriggeringFrequency",
              Window.<Row>into(new GlobalWindows())
                  .triggering(
                      Repeatedly.forever(
                          AfterProcessingTime.pastFirstElementInPane()
                              .plusDelayOf(triggeringFrequency)))
                  .discardingFiredPanes()
                  .withAllowedLateness(Duration.ZERO));
    }
    // Always fixed sharding per pane: runner-determined sharding makes one file per bundle and
    // window, and a runner's streaming bundles are small (Flink closes one every
    // maxBundleTimeMills), so a pane would have as many files as bundles.
    PCollection<ShardResult> shards =
        windowed
            .apply("AssignShards", ParDo.of(new AssignShardFn(shardsPerPane(settings))))
            .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(settings.schema)))
            .apply("GroupShards", GroupByKey.create())
            .apply("WriteShards", ParDo.of(new WriteShardFn(settings)));
    PCollection<KV<Integer, Iterable<ShardResult>>> perPane =
        shards
            .setCoder(ShardResultCoder.of())
            .apply(
                "OneKey",
                WithKeys.<Integer, ShardResult>of(0).withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), ShardResultCoder.of()))
            .apply("GroupPane", GroupByKey.create());
    return perPane
        .apply(
            "PaneIds",
            ParDo.of(
                    new PaneIdFn(
                        writeId, perPane.getWindowingStrategy().getWindowFn().windowCoder()))
                .withSideInputs(writeId))
        .setCoder(PaneShardsCoder.of())
        .apply(
            "CommitKey",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.integers(), new TypeDescriptor<PaneShards>() {}))
                .via((PaneShards p) -> KV.of(0, p)))
        .setCoder(KvCoder.of(VarIntCoder.of(), PaneShardsCoder.of()))
        .apply("CommitWindow", Window.<KV<Integer, PaneShards>>into(new GlobalWindows()))
        .apply("Pace", ParDo.of(new PacePanesFn(minCommitInterval)))
        .setCoder(ListCoder.of(PaneShardsCoder.of()))
        .apply("Commit", ParDo.of(new CommitPanesFn(settings, writeId)).withSideInputs(writeId))
        .setCoder(WriteResultCoder.of());
  }
}
