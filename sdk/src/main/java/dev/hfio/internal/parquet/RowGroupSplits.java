package dev.hfio.internal.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.range.OffsetRange;

/**
 * Restriction arithmetic for a splittable DoFn whose restriction is an {@link OffsetRange} of
 * row-group indices: initial splits of about a target number of uncompressed bytes (whole row
 * groups only) and the size of a range, both from the footer's {@link RowGroupInfo}s, so no footer
 * is re-read.
 */
public final class RowGroupSplits {
  /** ParquetIO's split target: about 64 MB of uncompressed row-group data per split. */
  public static final long DEFAULT_SPLIT_BYTES = 64_000_000L;

  private RowGroupSplits() {}

  /** The full restriction of a file: {@code [0, rowGroups.size())}. */
  public static OffsetRange all(List<RowGroupInfo> rowGroups) {
    return new OffsetRange(0, rowGroups.size());
  }

  /**
   * Splits {@code range} into consecutive sub-ranges, closing one as soon as its row groups reach
   * {@code targetBytes} of uncompressed size. Every row group belongs to exactly one split; an
   * empty range gives none.
   */
  public static List<OffsetRange> split(
      List<RowGroupInfo> rowGroups, OffsetRange range, long targetBytes) {
    List<OffsetRange> out = new ArrayList<>();
    long start = range.getFrom();
    long bytes = 0;
    for (long g = range.getFrom(); g < range.getTo(); g++) {
      bytes += rowGroups.get((int) g).totalByteSize();
      if (bytes >= targetBytes) {
        out.add(new OffsetRange(start, g + 1));
        start = g + 1;
        bytes = 0;
      }
    }
    if (start < range.getTo()) {
      out.add(new OffsetRange(start, range.getTo()));
    }
    return out;
  }

  /** Uncompressed bytes of the row groups in {@code range} (for {@code @GetSize}). */
  public static long byteSize(List<RowGroupInfo> rowGroups, OffsetRange range) {
    long sum = 0;
    for (long g = range.getFrom(); g < range.getTo(); g++) {
      sum += rowGroups.get((int) g).totalByteSize();
    }
    return sum;
  }

  /** Rows in the row groups of {@code range}. */
  public static long rowCount(List<RowGroupInfo> rowGroups, OffsetRange range) {
    long sum = 0;
    for (long g = range.getFrom(); g < range.getTo(); g++) {
      sum += rowGroups.get((int) g).rowCount();
    }
    return sum;
  }
}
