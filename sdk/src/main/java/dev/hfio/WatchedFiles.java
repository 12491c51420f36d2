package dev.hfio;

import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.dataset.Glob;
import dev.hfio.internal.dataset.RepoFile;
import dev.hfio.internal.dataset.WatchPatterns;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which files of a repository a watched read selects, fixed at pipeline construction and applied to
 * the listing of every new head: one Parquet file, every Parquet file under a folder (hidden and
 * {@code _}-prefixed entries skipped), the Parquet files matching a glob, or the Parquet files of
 * dataset splits (their patterns as resolved at construction, see {@link WatchPatterns}). Knows the
 * one folder to list for it.
 */
final class WatchedFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Kind {
    FILE,
    DIRECTORY,
    GLOB,
    DATASET
  }

  private final Kind kind;
  private final String path; // the file, folder or glob; unused for DATASET
  private final @Nullable WatchPatterns patterns;

  private WatchedFiles(Kind kind, String path, @Nullable WatchPatterns patterns) {
    this.kind = kind;
    this.path = path;
    this.patterns = patterns;
  }

  static WatchedFiles file(String path) {
    return new WatchedFiles(Kind.FILE, path, null);
  }

  static WatchedFiles directory(String path) {
    return new WatchedFiles(Kind.DIRECTORY, path, null);
  }

  static WatchedFiles glob(String pattern) {
    return new WatchedFiles(Kind.GLOB, pattern, null);
  }

  static WatchedFiles dataset(WatchPatterns patterns) {
    return new WatchedFiles(Kind.DATASET, "", patterns);
  }

  Kind kind() {
    return kind;
  }

  /** The folder listed at each new head ("" for the repo root). */
  String listDir() {
    switch (kind) {
      case FILE:
        return parent(path);
      case DIRECTORY:
        return path;
      case GLOB:
        {
          List<String> fixed = new ArrayList<>();
          for (String p : path.split("/")) {
            if (Glob.hasMagic(p)) {
              break;
            }
            fixed.add(p);
          }
          return String.join("/", fixed);
        }
      default:
        return patterns.listRoot();
    }
  }

  /** A single file needs its folder's direct children only; the others list recursively. */
  boolean recursive() {
    return kind != Kind.FILE;
  }

  /**
   * The entries under {@link #listDir()} at {@code sha}: one paged listing (a folder that does not
   * exist yet is empty).
   */
  List<TreeEntry> list(HubClient client, RepoRef repo, String sha) {
    var cmd = client.listTree(repo).revision(sha).path(listDir());
    if (recursive()) {
      cmd.recursive();
    }
    try {
      return cmd.call();
    } catch (EntryNotFoundException e) {
      return List.of();
    }
  }

  /** The selected Parquet files of a listing, in reading order. */
  List<TreeEntry> select(List<TreeEntry> listing) {
    List<TreeEntry> out = new ArrayList<>();
    switch (kind) {
      case FILE:
        for (TreeEntry e : listing) {
          if (e.isFile() && e.path().equals(path)) {
            out.add(e);
          }
        }
        return out;
      case DIRECTORY:
        for (TreeEntry e : listing) {
          if (e.isFile() && e.path().endsWith(".parquet") && !hiddenBelow(e.path(), path)) {
            out.add(e);
          }
        }
        break;
      case GLOB:
        {
          Glob g = Glob.compile(path);
          for (TreeEntry e : listing) {
            if (e.isFile() && e.path().endsWith(".parquet") && g.matches(e.path())) {
              out.add(e);
            }
          }
          break;
        }
      default:
        {
          Map<String, TreeEntry> byPath = new HashMap<>();
          List<RepoFile> files = new ArrayList<>();
          for (TreeEntry e : listing) {
            if (e.isFile()) {
              byPath.put(e.path(), e);
              files.add(new RepoFile(e.path(), e.size()));
            }
          }
          for (RepoFile f : patterns.select(files)) {
            out.add(byPath.get(f.path()));
          }
          return out;
        }
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  /** The key of a file version: path and blob id, so a replaced file is a new file. */
  static String key(TreeEntry e) {
    return e.path() + "@" + e.oid();
  }

  private static String parent(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? "" : p.substring(0, i);
  }

  private static boolean hiddenBelow(String file, String dir) {
    String rel = dir.isEmpty() ? file : file.substring(Math.min(file.length(), dir.length() + 1));
    for (String c : rel.split("/")) {
      if (c.startsWith(".") || c.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return kind == Kind.DATASET ? "patterns " + patterns : kind.name().toLowerCase() + " " + path;
  }
}
