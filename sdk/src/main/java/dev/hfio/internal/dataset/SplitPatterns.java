package dev.hfio.internal.dataset;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.DatasetLayoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The default split patterns of {@code datasets} (used when the card has no {@code configs}, or a
 * config has no {@code data_files}) and the precedence between their groups ({@code
 * _get_data_files_patterns}): push_to_hub shards, then {@code *.eval} logs, then split in a
 * directory name, then split in a file name, then everything as train.
 */
final class SplitPatterns {
  private SplitPatterns() {}

  static final List<String> DEFAULT_SPLITS = List.of("train", "validation", "test");

  static final Map<String, List<String>> KEYWORDS =
      orderedMap(
          "train", List.of("train", "training"),
          "validation", List.of("validation", "valid", "dev", "val"),
          "test", List.of("test", "testing", "eval", "evaluation"));

  private static final String SEP = "[-._ 0-9]";

  /** push_to_hub shard names, relative to the base: not recursive. */
  static final String SHARDED_SPLIT_PATTERN =
      "data/{split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*";

  private static final Pattern SHARD_BASENAME =
      Pattern.compile("(.+)-[0-9]{5}-of-[0-9]{5}[^/]*\\.[^/]*", Pattern.DOTALL);

  static final String LOGS_SPLIT = "logs";
  static final Map<String, List<String>> LOGS_PATTERNS = Map.of(LOGS_SPLIT, List.of("**/*.eval"));

  static final Map<String, List<String>> SPLIT_IN_DIR_NAME = build(true);
  static final Map<String, List<String>> SPLIT_IN_FILE_NAME = build(false);
  static final Map<String, List<String>> ALL = Map.of("train", List.of("**"));

  private static Map<String, List<String>> build(boolean dirs) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    KEYWORDS.forEach(
        (split, kws) -> {
          List<String> patterns = new ArrayList<>();
          for (String kw : kws) {
            if (dirs) {
              patterns.add("**/" + kw + "/**");
              patterns.add("**/" + kw + SEP + "*/**");
              patterns.add("**/*" + SEP + kw + "/**");
              patterns.add("**/*" + SEP + kw + SEP + "*/**");
            } else {
              patterns.add("**/" + kw + SEP + "*");
              patterns.add("**/*" + SEP + kw + SEP + "*");
            }
          }
          out.put(split, List.copyOf(patterns));
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Runs the detection. {@code resolver} returns the (unfiltered) files a pattern, relative to the
   * base, matches.
   *
   * @return split name to its pattern list, in split order
   * @throws DataFilesNotFoundException if no group matches any file
   * @throws DatasetLayoutException if shard names carry a split name that is not {@code
   *     \w+(\.\w+)*}
   */
  static Map<String, List<String>> detect(Function<String, List<String>> resolver, String where) {
    List<String> shards = resolver.apply(SHARDED_SPLIT_PATTERN.replace("{split}", "*"));
    if (!shards.isEmpty()) {
      Set<String> splits = new LinkedHashSet<>();
      for (String p : shards) {
        Matcher m = SHARD_BASENAME.matcher(FileFormat.basename(p));
        if (!m.matches()) {
          throw new DatasetLayoutException(
              "dataset " + where + ": cannot read a split name from shard file " + p);
        }
        splits.add(m.group(1));
      }
      for (String s : splits) {
        if (!PushToHubLayout.isValidSplitName(s)) {
          throw new DatasetLayoutException(
              "dataset "
                  + where
                  + ": split name should match '^\\w+(\\.\\w+)*$' but got '"
                  + s
                  + "' (from a data/{split}-NNNNN-of-NNNNN file); rename the file or add a"
                  + " 'configs' section to README.md");
        }
      }
      List<String> ordered = new ArrayList<>();
      for (String d : DEFAULT_SPLITS) {
        if (splits.contains(d)) {
          ordered.add(d);
        }
      }
      TreeSet<String> rest = new TreeSet<>(splits);
      rest.removeAll(DEFAULT_SPLITS);
      ordered.addAll(rest);
      Map<String, List<String>> out = new LinkedHashMap<>();
      for (String s : ordered) {
        out.put(s, List.of(SHARDED_SPLIT_PATTERN.replace("{split}", s)));
      }
      return out;
    }
    for (Map<String, List<String>> group :
        List.of(LOGS_PATTERNS, SPLIT_IN_DIR_NAME, SPLIT_IN_FILE_NAME, ALL)) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      group.forEach(
          (split, patterns) -> {
            for (String p : patterns) {
              if (!resolver.apply(p).isEmpty()) {
                out.put(split, patterns);
                break;
              }
            }
          });
      if (!out.isEmpty()) {
        return out;
      }
    }
    throw new DataFilesNotFoundException("dataset " + where + " doesn't contain any data files");
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> orderedMap(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (V) kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
