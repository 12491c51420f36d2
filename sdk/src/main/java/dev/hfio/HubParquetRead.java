package dev.hfio;

import dev.hfio.internal.parquet.RowGroupSplits;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Expansion of {@code HfIO.read()} and {@code HfIO.readFiles()}: planned (or resolved) files →
 * Reshuffle → splittable row-group reader.
 */
final class HubParquetRead {
  /**
   * Internal tuning knob: system property overriding the ~64 MB initial split target (uncompressed
   * bytes), read at pipeline construction. Tests use it to split small files; not a user API.
   */
  static final String SPLIT_BYTES_PROPERTY = "hfio.read.splitBytes";

  private HubParquetRead() {}

  static long splitBytes() {
    return Long.getLong(SPLIT_BYTES_PROPERTY, RowGroupSplits.DEFAULT_SPLIT_BYTES);
  }

  /** {@code Create} of the planned file descriptors, a fusion break, then the splittable reader. */
  static PCollection<Row> expand(
      PBegin begin,
      ReadSettings settings,
      ReadPlan plan,
      @Nullable ErrorHandler<BadRecord, ?> handler) {
    ShardDescriptorCoder coder = ShardDescriptorCoder.of();
    PCollection<ShardDescriptor> files =
        plan.shards().isEmpty()
            ? begin.apply("PlannedFiles", Create.empty(coder))
            : begin.apply("PlannedFiles", Create.of(plan.shards()).withCoder(coder));
    return ReadShardFn.applyTo(
        files.apply("Reshuffle", Reshuffle.viaRandomKey()), settings, handler);
  }

  /**
   * Reads a {@code PCollection} of hf:// file paths: each is pinned to the commit its revision
   * points to when the worker resolves it (one HEAD), then read like a planned file.
   */
  static PCollection<Row> expandFiles(
      PCollection<String> paths,
      ReadSettings settings,
      @Nullable ErrorHandler<BadRecord, ?> handler) {
    return ReadShardFn.applyTo(
        paths
            .apply("ResolvePaths", ParDo.of(new ResolvePathFn(settings.hub)))
            .setCoder(ShardDescriptorCoder.of())
            .apply("Reshuffle", Reshuffle.viaRandomKey()),
        settings,
        handler);
  }
}
