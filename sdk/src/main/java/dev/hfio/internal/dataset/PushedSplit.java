package dev.hfio.internal.dataset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one push of one split changes in the card, mirroring {@code Dataset.push_to_hub(config_name,
 * split, data_dir, set_default)}. Build with {@link #of} and the {@code with*} methods.
 *
 * @param configName the config written ("default" unless named)
 * @param split the split written
 * @param dataDir the folder of its shards ({@link PushToHubLayout#dataDir(String)} by default)
 * @param setDefault mark this config {@code default: true} (ignored for the config named "default")
 * @param stats exact stats to record in {@code dataset_info}, or empty to drop stale info
 * @param legacySplits splits found as {@code data/{split}-NNNNN-of-NNNNN*.parquet} in the repo
 *     ({@link PushToHubLayout#legacySplits}); used only when the card has no {@code configs} yet
 */
public record PushedSplit(
    String configName,
    String split,
    String dataDir,
    boolean setDefault,
    Optional<SplitStats> stats,
    List<String> legacySplits) {

  public PushedSplit {
    PushToHubLayout.validateConfigName(configName);
    PushToHubLayout.validateSplitName(split);
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(stats, "stats");
    legacySplits = List.copyOf(legacySplits);
  }

  /** A push of {@code split} into {@code configName} at the default data dir, without stats. */
  public static PushedSplit of(String configName, String split) {
    return new PushedSplit(
        configName, split, PushToHubLayout.dataDir(configName), false, Optional.empty(), List.of());
  }

  public PushedSplit withDataDir(String dir) {
    return new PushedSplit(configName, split, dir, setDefault, stats, legacySplits);
  }

  public PushedSplit withSetDefault(boolean value) {
    return new PushedSplit(configName, split, dataDir, value, stats, legacySplits);
  }

  public PushedSplit withStats(SplitStats s) {
    return new PushedSplit(configName, split, dataDir, setDefault, Optional.of(s), legacySplits);
  }

  public PushedSplit withLegacySplits(List<String> splits) {
    return new PushedSplit(configName, split, dataDir, setDefault, stats, splits);
  }

  /** The {@code data_files} pattern of this split: {@code {dataDir}/{split}-*}. */
  public String pathPattern() {
    return PushToHubLayout.splitPattern(dataDir, split);
  }
}
