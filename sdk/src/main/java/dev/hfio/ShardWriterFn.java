package dev.hfio;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The bundle lifecycle both write DoFns share: one {@link ShardWriter} per window of a bundle
 * (bounded writes see only the global window), opened by the window's first element, whose shards
 * are uploaded together and reported only when the bundle finishes, in that window at its end, so a
 * failed bundle reports nothing (its uploaded objects stay unreferenced) and a streaming write can
 * group the shards of each window's pane.
 */
abstract class ShardWriterFn<InputT> extends DoFn<InputT, ShardResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;
  private transient Map<BoundedWindow, ShardWriter> writers;

  ShardWriterFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  /** The bundle's writer for {@code window}, opened on first use. */
  final ShardWriter writer(ProcessContext c, BoundedWindow window) throws IOException {
    if (writers == null) {
      writers = new LinkedHashMap<>();
    }
    ShardWriter w = writers.get(window);
    if (w == null) {
      w = new ShardWriter(settings, settings.client(), c.sideInput(writeId));
      writers.put(window, w);
    }
    return w;
  }

  @StartBundle
  public void startBundle() {
    writers = null;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException {
    if (writers == null) {
      return;
    }
    try {
      for (Map.Entry<BoundedWindow, ShardWriter> e : writers.entrySet()) {
        BoundedWindow window = e.getKey();
        for (ShardResult r : e.getValue().finish()) {
          c.output(r, window.maxTimestamp(), window);
        }
      }
    } finally {
      closeAll();
    }
  }

  @Teardown
  public void teardown() throws IOException {
    closeAll();
  }

  private void closeAll() throws IOException {
    if (writers == null) {
      return;
    }
    IOException first = null;
    for (ShardWriter w : writers.values()) {
      try {
        w.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    writers = null;
    if (first != null) {
      throw first;
    }
  }
}
