package dev.hfio.read;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.parquet.RowFilter;
import dev.hfio.parquet.RowGroupSplits;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Expansion of {@code HfIO.read()} and {@code HfIO.readFiles()}: planned (or resolved) files → Reshuffle →
 * splittable row-group reader. Public only for {@code HfIO}; not a user API.
 */
public final class HubParquetRead {
  /**
   * Internal tuning knob: system property overriding the ~64 MB initial split target (uncompressed bytes), read at
   * pipeline construction. Tests use it to split small files; not a user API.
   */
  static final String SPLIT_BYTES_PROPERTY = "hfio.read.splitBytes";

  private HubParquetRead() {}

  static long splitBytes() {
    return Long.getLong(SPLIT_BYTES_PROPERTY, RowGroupSplits.DEFAULT_SPLIT_BYTES);
  }

  /** {@code Create} of the planned file descriptors, a fusion break, then the splittable reader. */
  public static PCollection<Row> expand(PBegin begin, HubClientConfig hub, ReadPlan plan,
      @Nullable List<String> columns, @Nullable RowFilter filter, boolean userSchema) {
    ShardDescriptorCoder coder = ShardDescriptorCoder.of();
    PCollection<ShardDescriptor> files = plan.shards().isEmpty()
        ? begin.apply("PlannedFiles", Create.empty(coder))
        : begin.apply("PlannedFiles", Create.of(plan.shards()).withCoder(coder));
    return files
        .apply("Reshuffle", Reshuffle.viaRandomKey())
        .apply("ReadRowGroups", ParDo.of(new ReadShardFn(hub, columns, filter, plan.outputSchema(),
            userSchema ? null : plan.fileSchema(), plan.referenceFile(), userSchema,
            splitBytes())))
        .setRowSchema(plan.outputSchema());
  }

  /**
   * Reads a {@code PCollection} of hf:// file paths: each is pinned to the commit its revision points to when the
   * worker resolves it (one HEAD), then read like a planned file. {@code fileSchema} is the expected full file
   * schema (from a hint file) or null with {@code userSchema}.
   */
  public static PCollection<Row> expandFiles(PCollection<String> paths, HubClientConfig hub, Schema outputSchema,
      @Nullable Schema fileSchema, @Nullable String referenceFile, @Nullable List<String> columns,
      @Nullable RowFilter filter, boolean userSchema) {
    return paths
        .apply("ResolvePaths", ParDo.of(new ResolvePathFn(hub)))
        .setCoder(ShardDescriptorCoder.of())
        .apply("Reshuffle", Reshuffle.viaRandomKey())
        .apply("ReadRowGroups", ParDo.of(new ReadShardFn(hub, columns, filter, outputSchema, fileSchema,
            referenceFile, userSchema, splitBytes())))
        .setRowSchema(outputSchema);
  }

  /** Plans the footer of one hint file for {@code readFiles()} (schema inference at construction). */
  public static ReadPlan planHint(HubClientConfig hub, String hintPath, @Nullable List<String> columns,
      @Nullable RowFilter filter) {
    return ReadPlanner.plan(hub, new ReadPlanner.Request(hintPath, null, null, null, columns, null, filter));
  }
}
