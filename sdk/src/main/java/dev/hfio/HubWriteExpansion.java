package dev.hfio;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The expansion of {@code HfIO.write()}: preflight (once, before uploads) → shard writers uploading
 * LFS objects from the workers → a global gather → one commit. Kept out of {@code HfIO} so the
 * public class stays a thin, documented builder.
 */
final class HubWriteExpansion {
  private HubWriteExpansion() {}

  /**
   * Writes {@code rows} (any windowing; re-windowed into the global window) as described by {@code
   * settings}.
   */
  static PCollection<WriteResult> expand(PCollection<Row> rows, WriteSettings settings) {
    PCollectionView<String> writeId =
        rows.getPipeline()
            .apply("WriteId", Create.of((Void) null).withCoder(VoidCoder.of()))
            .apply("Preflight", ParDo.of(new PreflightFn(settings)))
            .apply("WriteIdView", View.asSingleton());
    PCollection<Row> global = rows.apply("GlobalWindow", Window.<Row>into(new GlobalWindows()));
    PCollection<ShardResult> shards;
    if (settings.numShards > 0) {
      shards =
          global
              .apply("AssignShards", ParDo.of(new AssignShardFn(settings.numShards)))
              .setCoder(KvCoder.of(VarIntCoder.of(), RowCoder.of(rows.getSchema())))
              .apply("GroupShards", GroupByKey.create())
              .apply("WriteShards", ParDo.of(new WriteShardFn(settings)));
    } else {
      shards = global.apply("WriteShards", ParDo.of(new WriteBundlesFn(settings)));
    }
    return shards
        .setCoder(ShardResultCoder.of())
        .apply("Gather", Combine.globally(new GatherShardsFn()))
        .setCoder(GatherShardsFn.coder())
        .apply("Commit", ParDo.of(new CommitFn(settings, writeId)).withSideInputs(writeId))
        .setCoder(WriteResultCoder.of());
  }
}
