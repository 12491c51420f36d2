package dev.hfio.internal.dataset;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The data-file patterns of one or more splits, fixed once (at pipeline construction) and applied
 * again to later listings of the repository: what a read that watches a dataset for new commits
 * selects at each new head. A later change of the card or of the default-pattern precedence does
 * not change what is selected. Only Parquet files are selected. Pure logic: no HTTP.
 */
public final class WatchPatterns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One (root folder, patterns relative to it) group, as a split was resolved. */
  private record Group(String root, List<String> patterns) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final List<Group> groups;

  private WatchPatterns(List<Group> groups) {
    this.groups = List.copyOf(groups);
  }

  /** The patterns of resolved splits (their roots included). */
  public static WatchPatterns of(List<ResolvedSplit> splits) {
    List<Group> g = new ArrayList<>();
    for (ResolvedSplit s : splits) {
      g.add(new Group(s.root(), s.patterns()));
    }
    return new WatchPatterns(g);
  }

  /**
   * The push_to_hub layout of a dataset that has no data files yet: {@code
   * {base}/{data|config}/{split}-*} ({@code *} for every split), what {@code HfIO.write()} and
   * {@code datasets.push_to_hub} create.
   */
  public static WatchPatterns pushToHub(String base, String config, String split) {
    String dataDir =
        PushToHubLayout.dataDir(config == null ? PushToHubLayout.DEFAULT_CONFIG : config);
    String pattern = PushToHubLayout.splitPattern(dataDir, split == null ? "*" : split);
    return new WatchPatterns(
        List.of(new Group(PatternResolver.normalizeDir(base), List.of(pattern))));
  }

  /**
   * The folder to list (recursively) so that every file the patterns can match is seen: the longest
   * folder that every pattern's fixed (glob-free) leading part lies in; "" for the repo root.
   */
  public String listRoot() {
    String common = null;
    for (Group g : groups) {
      for (String p : g.patterns()) {
        String full = new PatternResolver(List.of(), g.root()).fullPattern(p);
        String[] parts = full.split("/", -1);
        List<String> fixed = new ArrayList<>();
        for (int i = 0; i < parts.length - 1 && !Glob.hasMagic(parts[i]); i++) {
          fixed.add(parts[i]);
        }
        String dir = String.join("/", fixed);
        common = common == null ? dir : commonDir(common, dir);
      }
    }
    return common == null ? "" : common;
  }

  private static String commonDir(String a, String b) {
    String[] x = a.isEmpty() ? new String[0] : a.split("/");
    String[] y = b.isEmpty() ? new String[0] : b.split("/");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(x.length, y.length) && x[i].equals(y[i]); i++) {
      out.add(x[i]);
    }
    return String.join("/", out);
  }

  /**
   * The Parquet files of {@code listing} (paths from the repo root) that the patterns select, each
   * once, in datasets' order (per group and pattern, sorted by path).
   */
  public List<RepoFile> select(List<RepoFile> listing) {
    List<RepoFile> sorted = PatternResolver.sorted(listing);
    Set<String> seen = new LinkedHashSet<>();
    List<RepoFile> out = new ArrayList<>();
    for (Group g : groups) {
      PatternResolver r = new PatternResolver(sorted, g.root());
      for (String p : g.patterns()) {
        for (RepoFile f : r.resolveWithAllowedExtensions(p)) {
          if (f.path().endsWith(".parquet") && seen.add(f.path())) {
            out.add(f);
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    List<String> all = new ArrayList<>();
    for (Group g : groups) {
      for (String p : g.patterns()) {
        all.add(new PatternResolver(List.of(), g.root()).fullPattern(p));
      }
    }
    return String.join(",", all);
  }
}
