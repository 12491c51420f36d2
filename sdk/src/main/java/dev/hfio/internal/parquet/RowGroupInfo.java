package dev.hfio.internal.parquet;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/**
 * Size and layout of one row group, small and serializable so a splittable DoFn can size and split
 * restrictions ({@code @GetSize}, {@code @SplitRestriction}) without re-reading the footer.
 *
 * @param totalByteSize uncompressed size of the row group (what ParquetIO uses to size splits)
 * @param compressedSize bytes on disk of all its column chunks
 */
public record RowGroupInfo(
    int index,
    long rowCount,
    long totalByteSize,
    long compressedSize,
    List<ColumnChunkInfo> columns)
    implements Serializable {

  public RowGroupInfo {
    columns = List.copyOf(columns);
  }

  /**
   * Compressed bytes of the chunks belonging to the given top-level columns (all columns if null).
   */
  public long compressedSize(Collection<String> topLevelColumns) {
    if (topLevelColumns == null) {
      return compressedSize;
    }
    long sum = 0;
    for (ColumnChunkInfo c : columns) {
      if (topLevelColumns.contains(c.topLevelColumn())) {
        sum += c.compressedSize();
      }
    }
    return sum;
  }
}
