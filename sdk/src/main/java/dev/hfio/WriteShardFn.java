package dev.hfio;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Fixed sharding: writes the rows of each shard key as its own file (more than one only if it
 * passes maxShardBytes). One shard writer serves the whole bundle, so the shards of a bundle are
 * uploaded together behind one LFS batch request; they are reported only when the bundle finishes,
 * so a failed bundle reports nothing (its uploaded objects are unreferenced).
 */
final class WriteShardFn extends DoFn<KV<Integer, Iterable<Row>>, ShardResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;
  private transient ShardWriter writer;

  WriteShardFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  @StartBundle
  public void startBundle() {
    writer = null;
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<Row>> shard, ProcessContext c)
      throws IOException {
    if (writer == null) {
      writer = new ShardWriter(settings, settings.client(), c.sideInput(writeId));
    }
    for (Row r : shard.getValue()) {
      writer.write(r);
    }
    writer.endShard();
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException {
    if (writer == null) {
      return;
    }
    try {
      for (ShardResult r : writer.finish()) {
        c.output(r, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    } finally {
      writer.close();
      writer = null;
    }
  }

  @Teardown
  public void teardown() throws IOException {
    if (writer != null) {
      writer.close();
    }
  }
}
