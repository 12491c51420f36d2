package dev.hfio;

import dev.hfio.parquet.ViewerLimitException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Hub's dataset viewer accepts of a Parquet file, checked for every file a write commits
 * (huggingface/dataset-viewer f62009e0, conventions.md §3.6): a warning by default, a {@link
 * ViewerLimitException} before anything is committed with {@code withFailOnViewerLimits()}.
 *
 * <ul>
 *   <li>A row group of more than {@value #MAX_SCAN_BYTES} bytes before compression: the viewer
 *       refuses any single read above {@code maxArrowDataInMemory} (300,000,000 bytes in its
 *       production configuration, "Scan size limit exceeded"), and reading the rows of such a row
 *       group is one. HfIO bounds row groups at {@code withRowGroupBytes} (100 MB), so only a
 *       single row larger than that makes one.
 *   <li>A column name longer than {@value #MAX_COLUMN_NAME} characters ({@code
 *       TooLongColumnNameError}).
 * </ul>
 */
final class ViewerLimits {
  private static final Logger LOG = LoggerFactory.getLogger(ViewerLimits.class);

  /** The viewer's largest single read, {@code maxArrowDataInMemory} in production. */
  static final long MAX_SCAN_BYTES = 300_000_000L;

  /** The viewer's longest column name. */
  static final int MAX_COLUMN_NAME = 500;

  private ViewerLimits() {}

  /**
   * Checks one file of a write about to be committed: logs a warning, or with {@code fail} throws.
   *
   * @throws ViewerLimitException with {@code fail}, naming repo, branch and path
   */
  static void check(WriteSettings s, String path, ShardResult shard) {
    String problem = problem(s.schema, shard.largestRowGroupBytes());
    if (problem == null) {
      return;
    }
    String message =
        "Parquet file "
            + path
            + " of "
            + s.target.repo().id()
            + "@"
            + s.target.branch()
            + " exceeds what the Hub's dataset viewer reads: "
            + problem;
    if (s.failOnViewerLimits) {
      throw new ViewerLimitException(message + "; nothing was committed", path);
    }
    LOG.warn("{} (the data is committed; the viewer will show an error for it)", message);
  }

  /** The first limit a file with this schema and largest row group exceeds, or null. */
  static @Nullable String problem(Schema schema, long largestRowGroupBytes) {
    List<String> longNames = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      if (f.getName().length() > MAX_COLUMN_NAME) {
        longNames.add(f.getName().substring(0, 40) + "...");
      }
    }
    if (!longNames.isEmpty()) {
      return "column names longer than "
          + MAX_COLUMN_NAME
          + " characters "
          + longNames
          + "; rename them";
    }
    if (largestRowGroupBytes > MAX_SCAN_BYTES) {
      return "a row group holds "
          + largestRowGroupBytes
          + " bytes before compression, above the viewer's "
          + MAX_SCAN_BYTES
          + "-byte read limit (row groups end at withRowGroupBytes, so a single row is that large"
          + " or withRowGroupBytes is above the limit): keep withRowGroupBytes at 100 MB and store"
          + " large blobs in separate files or over several rows";
    }
    return null;
  }
}
