package dev.hfio;

import java.util.List;

/**
 * How the small files of a pack are grouped into the units of its restriction: consecutive files, a
 * new group once a group holds {@link #GROUP_BYTES} or {@link #GROUP_FILES} files. A runner may
 * checkpoint a splittable DoFn at any claim, and the DirectRunner does so after every 100 rows
 * output: with one claim per file, a pack of 700-row files was resumed once per file (2,000
 * resumptions, each a new bundle, for the bench's 2,000 files). A group per claim keeps the
 * resumptions per byte read near those of large files (one claim per row group) while a pack still
 * splits between groups. Deterministic in the pack's listed sizes, so every worker agrees.
 * Internal.
 */
final class PackGroups {
  /**
   * A group closes once its files' listed sizes reach this: about one row group of a large file.
   */
  static final long GROUP_BYTES = 8L << 20;

  /** At most this many files per group (the granularity of a split). */
  static final int GROUP_FILES = 32;

  private PackGroups() {}

  /**
   * Group boundaries as file indices: group {@code g} is {@code files[b[g], b[g+1])}; {@code b[0] =
   * 0}, the last is {@code files.size()}.
   */
  static int[] bounds(List<ShardDescriptor> files) {
    int[] b = new int[files.size() + 1];
    int groups = 0;
    long bytes = 0;
    int count = 0;
    for (int i = 0; i < files.size(); i++) {
      bytes += Math.max(1, files.get(i).size());
      count++;
      if (bytes >= GROUP_BYTES || count >= GROUP_FILES || i == files.size() - 1) {
        b[++groups] = i + 1;
        bytes = 0;
        count = 0;
      }
    }
    return java.util.Arrays.copyOf(b, groups + 1);
  }

  /**
   * The first file of group {@code g} of {@code bounds} ({@link #bounds}); past the last group, the
   * number of files. Restriction ends map to file indices through it.
   */
  static int firstFile(int[] bounds, long g) {
    return bounds[(int) Math.min(g, bounds.length - 1)];
  }
}
