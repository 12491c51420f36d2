package dev.hfio.internal.parquet;

import java.io.Serializable;

/**
 * Where one column's data lives inside one row group. {@code path} is the dotted column path (for
 * example {@code "tags.list.element"}); {@code offset}/{@code compressedSize} is exactly the byte
 * range a reader fetches.
 */
public record ColumnChunkInfo(
    String path,
    long offset,
    long compressedSize,
    long uncompressedSize,
    String codec,
    long valueCount)
    implements Serializable {

  public ByteRange range() {
    return new ByteRange(offset, compressedSize);
  }

  /** The top-level column this chunk belongs to. */
  public String topLevelColumn() {
    int dot = path.indexOf('.');
    return dot < 0 ? path : path.substring(0, dot);
  }
}
