package dev.hfio;

import java.io.IOException;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.Row;

/**
 * Runner-determined sharding: one shard writer per bundle, rolling to a new shard at maxShardBytes.
 */
final class WriteBundlesFn extends ShardWriterFn<Row> {
  WriteBundlesFn(WriteSettings settings) {
    super(settings);
  }

  @ProcessElement
  public void process(@Element Row row, ProcessContext c, BoundedWindow window) throws IOException {
    route(c, window, row);
  }
}
