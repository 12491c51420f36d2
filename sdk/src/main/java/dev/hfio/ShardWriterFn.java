package dev.hfio;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The bundle lifecycle both write DoFns share: the write's checks before the first row ({@link
 * WritePreflight#ensure}: no side input, so a runner may fuse the writer with the rows' producer),
 * one {@link ShardWriter} per window of a bundle (bounded writes see only the global window),
 * opened by the window's first element, whose shards are uploaded together and reported only when
 * the bundle finishes, in that window at its end, so a failed bundle reports nothing (its uploaded
 * objects stay unreferenced) and a streaming write can group the shards of each window's pane.
 */
abstract class ShardWriterFn<InputT> extends DoFn<InputT, ShardResult> {
  private final WriteSettings settings;
  private transient Map<KV<BoundedWindow, String>, ShardWriter> writers;

  ShardWriterFn(WriteSettings settings) {
    this.settings = settings;
  }

  /** The bundle's writer for {@code window}, opened on first use. */
  final ShardWriter writer(ProcessContext c, BoundedWindow window) throws IOException {
    return writer(c, window, null);
  }

  /**
   * The bundle's writer for {@code split} in {@code window} (a write that routes rows by split
   * writes each split's rows to its own shards), opened on first use.
   */
  final ShardWriter writer(ProcessContext c, BoundedWindow window, @Nullable String split)
      throws IOException {
    if (writers == null) {
      WritePreflight.ensure(settings, settings.client());
      writers = new LinkedHashMap<>();
    }
    KV<BoundedWindow, String> key = KV.of(window, split);
    ShardWriter w = writers.get(key);
    if (w == null) {
      w = new ShardWriter(settings, settings.client(), split);
      writers.put(key, w);
    }
    return w;
  }

  /** Writes {@code row}, routed to its split's writer when the write routes rows by split. */
  final ShardWriter route(ProcessContext c, BoundedWindow window, Row row) throws IOException {
    SplitRouting routing = settings.routing;
    if (routing == null) {
      ShardWriter w = writer(c, window);
      w.write(row);
      return w;
    }
    ShardWriter w = writer(c, window, routing.splitOf(row));
    w.write(routing.project(row));
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
      for (Map.Entry<KV<BoundedWindow, String>, ShardWriter> e : writers.entrySet()) {
        BoundedWindow window = e.getKey().getKey();
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
