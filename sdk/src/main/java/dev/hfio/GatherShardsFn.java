package dev.hfio;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Gathers every shard report into one list. A global combine yields exactly one list even for empty
 * input, so the commit step always runs once (and reports an empty write).
 */
final class GatherShardsFn
    extends Combine.CombineFn<ShardResult, List<ShardResult>, List<ShardResult>> {
  @Override
  public List<ShardResult> createAccumulator() {
    return new ArrayList<>();
  }

  @Override
  public List<ShardResult> addInput(List<ShardResult> acc, ShardResult input) {
    acc.add(input);
    return acc;
  }

  @Override
  public List<ShardResult> mergeAccumulators(Iterable<List<ShardResult>> accs) {
    List<ShardResult> out = new ArrayList<>();
    accs.forEach(out::addAll);
    return out;
  }

  @Override
  public List<ShardResult> extractOutput(List<ShardResult> acc) {
    return acc;
  }

  static Coder<List<ShardResult>> coder() {
    return ListCoder.of(ShardResultCoder.of());
  }

  @Override
  public Coder<List<ShardResult>> getAccumulatorCoder(
      CoderRegistry registry, Coder<ShardResult> inputCoder) {
    return coder();
  }

  @Override
  public Coder<List<ShardResult>> getDefaultOutputCoder(
      CoderRegistry registry, Coder<ShardResult> inputCoder) {
    return coder();
  }
}
