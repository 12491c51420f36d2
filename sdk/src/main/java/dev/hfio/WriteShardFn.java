package dev.hfio;

import java.io.IOException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * Fixed sharding: writes and uploads the rows of one shard key (one file unless it passes
 * maxShardBytes).
 */
final class WriteShardFn extends DoFn<KV<Integer, Iterable<Row>>, ShardResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;

  WriteShardFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<Row>> shard, ProcessContext c)
      throws IOException {
    try (ShardWriter w = new ShardWriter(settings, settings.client(), c.sideInput(writeId))) {
      for (Row r : shard.getValue()) {
        w.write(r);
      }
      w.finish().forEach(c::output);
    }
  }
}
