package dev.hfio;

import dev.hfio.internal.parquet.RowGroupSplits;
import java.util.ArrayList;
import java.util.List;
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
    List<ShardDescriptor> elements = packSmallFiles(plan.shards());
    PCollection<ShardDescriptor> files =
        elements.isEmpty()
            ? begin.apply("PlannedFiles", Create.empty(coder))
            : begin.apply("PlannedFiles", Create.of(elements).withCoder(coder));
    return ReadShardFn.applyTo(
        files.apply("Reshuffle", Reshuffle.viaRandomKey()), settings, handler);
  }

  /**
   * The planned files as elements: large files one each; small files ({@link #isPackable}) packed,
   * consecutive in plan order, so each element is worth a bundle. A runner pays per element (the
   * DirectRunner re-translated the DoFn per bundle: 25 ms per file of 2,000), while a small file is
   * one GET. Packs aim at {@link #PACKS} elements (enough to keep every worker busy; a pack's
   * restriction splits between {@linkplain PackGroups groups of files} where the runner splits
   * dynamically), with at most {@link #MAX_PACK_FILES} files each.
   */
  static List<ShardDescriptor> packSmallFiles(List<ShardDescriptor> planned) {
    List<ShardDescriptor> out = new ArrayList<>();
    List<ShardDescriptor> small = new ArrayList<>();
    for (ShardDescriptor d : planned) {
      (isPackable(d) ? small : out).add(d);
    }
    if (small.size() < 2) {
      out.addAll(small);
      return out;
    }
    int perPack = (int) Math.min(MAX_PACK_FILES, Math.max(1, (small.size() + PACKS - 1) / PACKS));
    for (int i = 0; i < small.size(); i += perPack) {
      out.add(ShardDescriptor.pack(small.subList(i, Math.min(small.size(), i + perPack))));
    }
    return out;
  }

  /**
   * Files listed at most this size are packed and fetched whole (footer and data in one GET): 1
   * MiB, the gap {@link dev.hfio.internal.parquet.RowGroupReader#DEFAULT_COALESCE_GAP} that a
   * ranged read bridges anyway rather than pay a second request. (The bench's 2,000 files of 92 KB
   * were 2,000 elements under the 64 KiB bound of a single small file.)
   */
  static final long PACKABLE_FILE_BYTES = 1L << 20;

  static boolean isPackable(ShardDescriptor d) {
    return !d.isPack() && d.size() >= 0 && d.size() <= PACKABLE_FILE_BYTES;
  }

  /** How many packs the small files of a read aim at. */
  static final int PACKS = 16;

  /** The most small files in one pack. */
  static final int MAX_PACK_FILES = 256;

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
