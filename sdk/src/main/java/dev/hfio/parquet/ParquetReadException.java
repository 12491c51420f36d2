package dev.hfio.parquet;

import dev.hfio.errors.HfException;

/**
 * A Parquet file could not be read: not Parquet, truncated, corrupt, or unsupported. The message
 * always names the file and, when relevant, the row group, so a failed pipeline points at the exact
 * shard to inspect or re-upload.
 */
public class ParquetReadException extends HfException {
  private static final long serialVersionUID = 1L;

  public ParquetReadException(String message) {
    super(message);
  }

  public ParquetReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
