package dev.hfio;

/**
 * What {@link HfIO#write()} does when the target directory or split already holds data. It exists
 * because a Hub write replaces files in a shared repository: the choice must be explicit and is
 * applied inside the one commit that publishes the new shards.
 */
public enum WriteMode {
  /**
   * Default. The old data files of the target directory (or split) are deleted in the same commit.
   */
  OVERWRITE,
  /**
   * New shards get names unique to this write; existing files stay. Their schema must equal the
   * existing files' schema (checked against one existing file's Parquet footer before anything is
   * uploaded).
   */
  APPEND,
  /**
   * Fails (before any upload, and again at commit time) if the target directory or split already
   * has data files.
   */
  ERROR_IF_EXISTS
}
