package dev.hfio;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ParquetFooter;
import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Parquet file to read, pinned to a commit: the element the splittable DoFn receives. Carries
 * the footer when the planner already read it, so workers need not fetch it again. A <em>pack</em>
 * carries many small files instead ({@link #pack(List)}): one element, and one unit of its
 * restriction per {@linkplain PackGroups group} of files, so a dataset of thousands of small files
 * is not thousands of elements.
 *
 * @param size file size in bytes (from the listing), or -1 if unknown; for a pack, the files' sum
 * @param footer the parsed footer, or null when the worker must read (and verify) it
 * @param pack the small files of a pack, or null for a single file
 */
record ShardDescriptor(
    RepoRef repo,
    String sha,
    String path,
    long size,
    @Nullable ParquetFooter footer,
    @Nullable List<ShardDescriptor> pack)
    implements Serializable {

  ShardDescriptor {
    if (pack != null) {
      pack = List.copyOf(pack);
    }
  }

  ShardDescriptor(
      RepoRef repo, String sha, String path, long size, @Nullable ParquetFooter footer) {
    this(repo, sha, path, size, footer, null);
  }

  /** One element for {@code files} (small single files of one repo and commit, not empty). */
  static ShardDescriptor pack(List<ShardDescriptor> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a pack needs at least one file");
    }
    ShardDescriptor first = files.get(0);
    long size = 0;
    for (ShardDescriptor f : files) {
      if (f.isPack()) {
        throw new IllegalArgumentException("packs do not nest: " + f.path());
      }
      size += Math.max(0, f.size());
    }
    String name =
        files.size() == 1
            ? first.path()
            : first.path() + " and " + (files.size() - 1) + " more small files";
    return new ShardDescriptor(first.repo(), first.sha(), name, size, null, files);
  }

  boolean isPack() {
    return pack != null;
  }

  /** The pinned hf:// location, for messages. */
  String location() {
    return HfPath.of(repo, sha, path).toString();
  }

  /** Cache key of this file's footer: content is immutable at a commit. */
  String cacheKey() {
    return repo + "@" + sha + "/" + path;
  }
}
