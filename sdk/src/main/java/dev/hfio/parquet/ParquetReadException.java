package dev.hfio.parquet;

import java.io.IOException;

/**
 * A Parquet file could not be read: not Parquet, truncated, corrupt, or unsupported. The message always names the
 * file and, when relevant, the row group, so a failed pipeline points at the exact shard to inspect or re-upload.
 */
public class ParquetReadException extends IOException {
  public ParquetReadException(String message) {
    super(message);
  }

  public ParquetReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
