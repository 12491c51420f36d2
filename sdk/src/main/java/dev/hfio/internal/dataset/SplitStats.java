package dev.hfio.internal.dataset;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exact facts about a split a writer just pushed, used to update {@code dataset_info}. Only pass
 * this when {@code numExamples} is exact: {@code datasets} verifies it on load.
 *
 * @param features the YAML {@code features} list ({@code [{name: id, dtype: int64}, ...]})
 * @param numExamples exact row count of the split
 * @param numBytes uncompressed size estimate of the split (datasets: Arrow size; not verified)
 * @param uploadedBytes total bytes of the shard files written for the split
 * @param deletedBytes total bytes of the old files of that split deleted by the same commit
 */
public record SplitStats(
    List<Map<String, Object>> features,
    long numExamples,
    long numBytes,
    long uploadedBytes,
    long deletedBytes) {
  public SplitStats {
    Objects.requireNonNull(features, "features");
    if (numExamples < 0 || numBytes < 0 || uploadedBytes < 0 || deletedBytes < 0) {
      throw new IllegalArgumentException("split stats must not be negative");
    }
  }
}
