package dev.hfio;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * Fixed sharding: writes the rows of each shard key as its own file (more than one only if it
 * passes maxShardBytes). One shard writer serves the whole bundle, so the shards of a bundle are
 * uploaded together behind one LFS batch request; they are reported only when the bundle finishes,
 * so a failed bundle reports nothing (its uploaded objects are unreferenced).
 */
final class WriteShardFn extends ShardWriterFn<KV<Integer, Iterable<Row>>> {
  WriteShardFn(WriteSettings settings) {
    super(settings);
  }

  @ProcessElement
  public void process(
      @Element KV<Integer, Iterable<Row>> shard, ProcessContext c, BoundedWindow window)
      throws IOException {
    // one file per shard key (per split of the key's rows when the write routes rows by split)
    Set<ShardWriter> used = new LinkedHashSet<>();
    for (Row r : shard.getValue()) {
      used.add(route(c, window, r));
    }
    for (ShardWriter writer : used) {
      writer.endShard();
    }
  }
}
