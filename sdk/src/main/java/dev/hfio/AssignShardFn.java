package dev.hfio;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * Fixed sharding: deals rows round-robin over {@code numShards} keys, from a random start per
 * bundle.
 */
final class AssignShardFn extends DoFn<Row, KV<Integer, Row>> {
  private final int numShards;
  private transient int next;

  AssignShardFn(int numShards) {
    this.numShards = numShards;
  }

  @StartBundle
  public void startBundle() {
    next = ThreadLocalRandom.current().nextInt(numShards);
  }

  @ProcessElement
  public void process(@Element Row row, OutputReceiver<KV<Integer, Row>> out) {
    out.output(KV.of(next, row));
    next = (next + 1) % numShards;
  }
}
