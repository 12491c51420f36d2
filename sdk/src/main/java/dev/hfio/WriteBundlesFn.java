package dev.hfio;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Runner-determined sharding: one shard writer per bundle (rolling at maxShardBytes); shards are
 * reported only when the bundle finishes, so a failed bundle reports nothing (its uploaded objects
 * are unreferenced).
 */
final class WriteBundlesFn extends DoFn<Row, ShardResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;
  private transient ShardWriter writer;

  WriteBundlesFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  @StartBundle
  public void startBundle() {
    writer = null;
  }

  @ProcessElement
  public void process(@Element Row row, ProcessContext c) throws IOException {
    if (writer == null) {
      writer = new ShardWriter(settings, settings.client(), c.sideInput(writeId));
    }
    writer.write(row);
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
