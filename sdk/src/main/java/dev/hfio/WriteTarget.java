package dev.hfio;

import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.PushToHubLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a write lands and how its files are named, in one of two layouts:
 *
 * <ul>
 *   <li><b>split</b> (push_to_hub layout): {@code {dataDir}/{split}-00000-of-0000N.parquet} plus
 *       the README card {@code configs} entry; {@code dataDir} is {@code data} for config {@code
 *       default}, else the config name;
 *   <li><b>directory</b> (Dask-like): {@code {dir}/part-00000-of-0000N.parquet}, no card change.
 * </ul>
 *
 * APPEND names carry a suffix unique to the write ({@code ...-of-0000N-<id8>.parquet}, the form
 * older {@code datasets} versions wrote), so they never collide with existing shards and still
 * match {@code {split}-*}.
 */
record WriteTarget(RepoRef repo, String revision, String directory, String split, String configName)
    implements Serializable {

  WriteTarget {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(directory, "directory");
    if (split != null) {
      PushToHubLayout.validateSplitName(split);
      PushToHubLayout.validateConfigName(configName);
    }
  }

  static WriteTarget ofSplit(RepoRef repo, String revision, String configName, String split) {
    return new WriteTarget(repo, revision, PushToHubLayout.dataDir(configName), split, configName);
  }

  static WriteTarget ofDirectory(RepoRef repo, String revision, String directory) {
    return new WriteTarget(repo, revision, directory, null, null);
  }

  boolean isSplit() {
    return split != null;
  }

  /** The branch commits go to ({@code main} when none was given). */
  String branch() {
    return revision == null ? "main" : revision;
  }

  boolean isDefaultBranch() {
    return "main".equals(branch());
  }

  /**
   * Final repo paths of {@code n} shards, index order; {@code uniqueSuffix} (APPEND) may be null.
   */
  List<String> shardPaths(int n, String uniqueSuffix) {
    if (n > 99_999) {
      throw new IllegalArgumentException(
          "at most 99999 shards per write, got " + n + "; raise maxShardBytes");
    }
    List<String> out = new ArrayList<>(n);
    String prefix = directory.isEmpty() ? "" : directory + "/";
    String stem = isSplit() ? split : "part";
    for (int i = 0; i < n; i++) {
      out.add(
          String.format(
              "%s%s-%05d-of-%05d%s.parquet",
              prefix, stem, i, n, uniqueSuffix == null ? "" : "-" + uniqueSuffix));
    }
    return out;
  }

  /**
   * Existing data files of this target: {@code {dataDir}/{split}-*} or {@code {dir}/*.parquet} (not
   * nested).
   */
  List<String> existingDataFiles(Collection<String> filesInDirectory) {
    return isSplit()
        ? PushToHubLayout.filesToDelete(filesInDirectory, directory, split, List.of())
        : parquetDirectlyIn(filesInDirectory, List.of());
  }

  /** What an OVERWRITE deletes: the target's existing data files not replaced by a new path. */
  List<String> filesToReplace(Collection<String> filesInDirectory, Collection<String> newPaths) {
    return isSplit()
        ? PushToHubLayout.filesToDelete(filesInDirectory, directory, split, newPaths)
        : parquetDirectlyIn(filesInDirectory, newPaths);
  }

  private List<String> parquetDirectlyIn(Collection<String> files, Collection<String> keep) {
    Set<String> k = new HashSet<>(keep);
    String prefix = directory.isEmpty() ? "" : directory + "/";
    List<String> out = new ArrayList<>();
    for (String f : files) {
      String rest = f.startsWith(prefix) ? f.substring(prefix.length()) : null;
      if (rest != null
          && !rest.isEmpty()
          && !rest.contains("/")
          && rest.endsWith(".parquet")
          && !k.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /** {@code hf://datasets/ns/name[@rev]/dir} or with the split, for messages. */
  String describe() {
    String base =
        "hf://" + repo.type().plural() + "/" + repo.id() + (revision == null ? "" : "@" + revision);
    if (isSplit()) {
      return base + " (config '" + configName + "', split '" + split + "')";
    }
    return base + (directory.isEmpty() ? "" : "/" + directory);
  }
}
