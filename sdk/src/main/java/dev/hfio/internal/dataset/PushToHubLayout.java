package dev.hfio.internal.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file layout {@code datasets}' {@code push_to_hub} writes, so HfIO writes repositories that
 * {@code load_dataset} and the dataset viewer read without a custom card: shard names, the data
 * folder of a config, which old files a new write replaces, name validation, the shard count and
 * row ranges, and the card {@code configs} entry.
 */
public final class PushToHubLayout {
  private PushToHubLayout() {}

  /** The name of the config used when none is given. */
  public static final String DEFAULT_CONFIG = "default";

  /** datasets' {@code config.MAX_SHARD_SIZE}: 500 MB of uncompressed data per shard. */
  public static final long DEFAULT_MAX_SHARD_BYTES = 500L * 1000 * 1000;

  /** Files per folder the Hub accepts. */
  public static final int MAX_FILES_PER_DIRECTORY = 10_000;

  private static final Pattern SPLIT_NAME =
      Pattern.compile("\\w+(\\.\\w+)*", Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern LEGACY_SHARD =
      Pattern.compile("data/([^/]+)-[0-9]{5}-of-[0-9]{5}[^/]*\\.parquet", Pattern.DOTALL);

  /** Whether {@code name} matches datasets' split regex {@code ^\w+(\.\w+)*$}. */
  public static boolean isValidSplitName(String name) {
    return name != null && SPLIT_NAME.matcher(name).matches();
  }

  /**
   * @throws IllegalArgumentException unless {@link #isValidSplitName}
   */
  public static void validateSplitName(String split) {
    if (!isValidSplitName(split)) {
      throw new IllegalArgumentException(
          "invalid split name '"
              + split
              + "': split names must match ^\\w+(\\.\\w+)*$ (letters, digits, '_', dot-separated"
              + " parts; no '-'), e.g. train, validation, test");
    }
  }

  /**
   * Config names become folder names and glob prefixes: they must be non-empty, not {@code data}
   * (datasets forbids it), not hidden ({@code .x}, {@code __x} folders are ignored by datasets),
   * and free of {@code / \ * ? [ ] { }} and control characters.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void validateConfigName(String config) {
    String problem = null;
    if (config == null || config.isBlank()) {
      problem = "it is empty";
    } else if (config.equals("data")) {
      problem = "'data' is reserved (it is the folder of the default config)";
    } else if (config.startsWith(".") || config.startsWith("__")) {
      problem = "folders starting with '.' or '__' are ignored by datasets";
    } else if (!config.strip().equals(config)) {
      problem = "it has leading or trailing whitespace";
    } else {
      for (char c : config.toCharArray()) {
        if ("/\\*?[]{}".indexOf(c) >= 0 || Character.isISOControl(c)) {
          problem = "it contains '" + c + "'";
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException("invalid config name '" + config + "': " + problem);
    }
  }

  /** {@code data} for the default config, else the config name. */
  public static String dataDir(String configName) {
    return DEFAULT_CONFIG.equals(configName) ? "data" : configName;
  }

  /** {@code {dataDir}/{split}-{index:05d}-of-{numShards:05d}.parquet}. */
  public static String shardPath(String dataDir, String split, int index, int numShards) {
    if (numShards < 1 || index < 0 || index >= numShards) {
      throw new IllegalArgumentException(
          "shard index " + index + " out of range for " + numShards + " shards");
    }
    if (numShards > 99_999) {
      throw new IllegalArgumentException("at most 99999 shards per split, got " + numShards);
    }
    return String.format("%s/%s-%05d-of-%05d.parquet", dataDir, split, index, numShards);
  }

  /** All shard paths of a split, in index order. */
  public static List<String> shardPaths(String dataDir, String split, int numShards) {
    List<String> out = new ArrayList<>(numShards);
    for (int i = 0; i < numShards; i++) {
      out.add(shardPath(dataDir, split, i, numShards));
    }
    return out;
  }

  /** The card {@code data_files} pattern of a pushed split: {@code {dataDir}/{split}-*}. */
  public static String splitPattern(String dataDir, String split) {
    return dataDir + "/" + split + "-*";
  }

  /**
   * datasets' shard count: {@code int(estimatedBytes / maxShardBytes) + 1}, at least {@code
   * minShards}.
   */
  public static int numShards(long estimatedBytes, long maxShardBytes, int minShards) {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("maxShardBytes must be positive");
    }
    long n = estimatedBytes / maxShardBytes + 1;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(n, Math.max(1, minShards)));
  }

  /**
   * The first row of shard {@code index} when {@code numRows} are split into {@code numShards}
   * contiguous, even slices, the first {@code numRows % numShards} shards getting one extra row.
   * Shard {@code i} holds rows {@code [shardStart(i), shardStart(i + 1))}.
   */
  public static long shardStart(long numRows, int numShards, int index) {
    long base = numRows / numShards;
    long extra = numRows % numShards;
    return index * base + Math.min(index, extra);
  }

  /**
   * Files a single-split push must delete ({@code Dataset.push_to_hub}): existing files matching
   * {@code {dataDir}/{split}-*} (not crossing folders) that are not among the new shard paths.
   */
  public static List<String> filesToDelete(
      Collection<String> existingPaths, String dataDir, String split, Collection<String> newPaths) {
    return matchingExcept(
        existingPaths, Glob.compile(globQuote(dataDir) + "/" + globQuote(split) + "-*"), newPaths);
  }

  /**
   * Files a whole-config push must delete ({@code DatasetDict.push_to_hub}): every existing file
   * directly under {@code {dataDir}/} that is not among the new paths.
   */
  public static List<String> filesToDeleteForConfig(
      Collection<String> existingPaths, String dataDir, Collection<String> newPaths) {
    return matchingExcept(existingPaths, Glob.compile(globQuote(dataDir) + "/*"), newPaths);
  }

  private static List<String> matchingExcept(
      Collection<String> existingPaths, Glob g, Collection<String> newPaths) {
    Set<String> keep = new HashSet<>(newPaths);
    List<String> out = new ArrayList<>();
    for (String p : existingPaths) {
      if (g.matches(p) && !keep.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Splits pushed by old {@code push_to_hub} versions that wrote no {@code configs}: files named
   * {@code data/{split}-NNNNN-of-NNNNN*.parquet}, in listing order.
   */
  public static List<String> legacySplits(Collection<String> existingPaths) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : existingPaths) {
      Matcher m = LEGACY_SHARD.matcher(p);
      if (m.matches()) {
        out.add(m.group(1));
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The card {@code configs} entry push_to_hub writes for a config whose splits are all pushed
   * under {@code dataDir}: {@code data_files: [{split, path: {dataDir}/{split}-*}, ...]}.
   */
  public static ConfigEntry configEntry(
      String configName, String dataDir, List<String> splits, boolean isDefault) {
    validateConfigName(configName);
    Map<String, List<String>> df = new LinkedHashMap<>();
    for (String s : splits) {
      validateSplitName(s);
      df.put(s, List.of(splitPattern(dataDir, s)));
    }
    return ConfigEntry.of(configName, df, isDefault && !DEFAULT_CONFIG.equals(configName));
  }

  private static String globQuote(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '*' || c == '?' || c == '[') {
        b.append('[').append(c).append(']');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
