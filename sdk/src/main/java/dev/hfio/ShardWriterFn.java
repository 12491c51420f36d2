package dev.hfio;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The bundle lifecycle both write DoFns share: one {@link ShardWriter} per bundle, opened by the
 * first element, whose shards are uploaded together and reported only when the bundle finishes, so
 * a failed bundle reports nothing (its uploaded objects stay unreferenced).
 */
abstract class ShardWriterFn<InputT> extends DoFn<InputT, ShardResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;
  private transient ShardWriter writer;

  ShardWriterFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  /** The bundle's writer, opened on first use. */
  final ShardWriter writer(ProcessContext c) throws IOException {
    if (writer == null) {
      writer = new ShardWriter(settings, settings.client(), c.sideInput(writeId));
    }
    return writer;
  }

  @StartBundle
  public void startBundle() {
    writer = null;
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
