package dev.hfio.localhub.internal.storage;

import dev.hfio.localhub.internal.error.HubError;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The Hub's limit of 10,000 entries (files and sub-folders) per directory. A commit that would make
 * a directory exceed it is refused as a whole, naming the directory; directories that were already
 * beyond the limit before the commit (data written by other tools) are only refused when the commit
 * makes them grow.
 */
public final class DirectoryLimit {
  /** Entries (files plus direct sub-folders) a single directory may hold on the Hub. */
  public static final int MAX_ENTRIES = 10_000;

  private DirectoryLimit() {}

  /**
   * Checks the flattened tree {@code after} (path to anything) against the limit; {@code before} is
   * the flattened tree of the parent commit, consulted only when some directory is over the limit.
   */
  static void check(
      String repoId,
      NavigableMap<String, ?> after,
      java.util.function.Supplier<NavigableMap<String, ?>> before) {
    Map<String, Integer> counts = entriesPerDirectory(after);
    Map<String, Integer> old = null;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() <= MAX_ENTRIES) {
        continue;
      }
      if (old == null) {
        old = entriesPerDirectory(before.get());
      }
      if (e.getValue() > old.getOrDefault(e.getKey(), 0)) {
        String dir =
            e.getKey().isEmpty()
                ? "the root directory"
                : "directory '" + RepoPaths.shown(e.getKey()) + "'";
        throw HubError.badRequest(
            "TooManyEntriesInDirectory",
            "Cannot commit to "
                + repoId
                + ": "
                + dir
                + " would hold "
                + e.getValue()
                + " entries, but a directory may hold at most "
                + MAX_ENTRIES
                + " files and folders on the Hub. Spread the files over sub-directories. Nothing was committed.");
      }
    }
  }

  /** Number of direct children (files and folders) of every directory of a flattened tree. */
  static Map<String, Integer> entriesPerDirectory(NavigableMap<String, ?> files) {
    Map<String, Integer> counts = new HashMap<>();
    java.util.Set<String> dirs = new java.util.HashSet<>();
    for (String path : files.keySet()) {
      int slash = path.lastIndexOf('/');
      String parent = slash < 0 ? "" : path.substring(0, slash);
      counts.merge(parent, 1, Integer::sum);
      // register each ancestor folder once as an entry of its own parent
      while (slash >= 0 && dirs.add(parent)) {
        int up = parent.lastIndexOf('/');
        String grand = up < 0 ? "" : parent.substring(0, up);
        counts.merge(grand, 1, Integer::sum);
        parent = grand;
        slash = up;
      }
    }
    return counts;
  }
}
