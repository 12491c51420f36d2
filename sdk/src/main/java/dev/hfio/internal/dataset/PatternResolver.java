package dev.hfio.internal.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves one {@code data_files} pattern against a repository file list the way datasets' {@code
 * resolve_pattern} does: glob relative to a root folder; only files; hidden paths and {@code __*}
 * folders skipped unless the pattern names as many of them; the special basenames (README.md,
 * config.json, ...) skipped unless the pattern names that basename; results sorted by path;
 * optionally only files with a supported extension.
 */
final class PatternResolver {
  static final Set<String> FILES_TO_IGNORE =
      Set.of(
          "README.md",
          "config.json",
          "dataset_info.json",
          "dataset_infos.json",
          "dummy_data.zip",
          "dataset_dict.json");

  private final List<RepoFile> files;
  private final String root; // "" or "dir/sub" without trailing slash
  private final Map<String, List<RepoFile>> cache = new HashMap<>();

  PatternResolver(List<RepoFile> sortedFiles, String root) {
    this.files = sortedFiles;
    this.root = normalizeDir(root);
  }

  static List<RepoFile> sorted(List<RepoFile> files) {
    List<RepoFile> s = new ArrayList<>(files);
    s.sort(Comparator.comparing(RepoFile::path, PatternResolver::compareCodePoints));
    return s;
  }

  /** Python's str order (by code point); differs from String.compareTo only for surrogates. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  static String normalizeDir(String dir) {
    if (dir == null) {
      return "";
    }
    String d = dir;
    while (d.startsWith("./")) {
      d = d.substring(2);
    }
    while (d.startsWith("/")) {
      d = d.substring(1);
    }
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d.equals(".") ? "" : d;
  }

  String root() {
    return root;
  }

  PatternResolver under(String dir) {
    String d = normalizeDir(dir);
    return d.isEmpty() ? this : new PatternResolver(files, root.isEmpty() ? d : root + "/" + d);
  }

  String fullPattern(String pattern) {
    String p = pattern;
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return root.isEmpty() ? p : root + "/" + p;
  }

  /** All files matching the pattern (no extension filter), sorted by path. */
  List<RepoFile> resolve(String pattern) {
    String full = fullPattern(pattern);
    return cache.computeIfAbsent(full, this::match);
  }

  /** Files matching with a supported extension, sorted by path. */
  List<RepoFile> resolveWithAllowedExtensions(String pattern) {
    List<RepoFile> out = new ArrayList<>();
    for (RepoFile f : resolve(pattern)) {
      if (FileFormat.hasAllowedExtension(f.path())) {
        out.add(f);
      }
    }
    return out;
  }

  private List<RepoFile> match(String fullPattern) {
    Glob g = Glob.compile(fullPattern);
    String patternBase = FileFormat.basename(fullPattern);
    String[] patternParts = fullPattern.split("/", -1);
    int hiddenInPattern = countHidden(patternParts, patternParts.length);
    int specialInPattern = countSpecial(patternParts, patternParts.length - 1);
    List<RepoFile> out = new ArrayList<>();
    for (RepoFile f : files) {
      String path = f.path();
      if (!g.matches(path)) {
        continue;
      }
      String base = f.basename();
      if (FILES_TO_IGNORE.contains(base) && !base.equals(patternBase)) {
        continue;
      }
      String[] parts = path.split("/", -1);
      if (countHidden(parts, parts.length) != hiddenInPattern) {
        continue;
      }
      if (countSpecial(parts, parts.length - 1) != specialInPattern) {
        continue;
      }
      out.add(f);
    }
    return out;
  }

  /** Components starting with '.' other than "." / ".." and the like. */
  private static int countHidden(String[] parts, int upTo) {
    int n = 0;
    for (int i = 0; i < upTo; i++) {
      String p = parts[i];
      if (p.startsWith(".") && !p.chars().allMatch(c -> c == '.')) {
        n++;
      }
    }
    return n;
  }

  /** Parent components starting with "__". */
  private static int countSpecial(String[] parts, int upTo) {
    int n = 0;
    for (int i = 0; i < upTo; i++) {
      if (parts[i].startsWith("__")) {
        n++;
      }
    }
    return n;
  }
}
