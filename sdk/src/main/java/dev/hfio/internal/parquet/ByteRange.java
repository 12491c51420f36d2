package dev.hfio.internal.parquet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A half-open byte range {@code [offset, offset + length)} of a file; the unit the engine fetches
 * and coalesces.
 */
public record ByteRange(long offset, long length) implements Serializable {

  public ByteRange {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "Invalid byte range offset=" + offset + " length=" + length);
    }
  }

  public long end() {
    return offset + length;
  }

  public boolean contains(long position, long len) {
    return position >= offset && position + len <= end();
  }

  /**
   * Merges ranges whose gap is at most {@code maxGap} bytes into single ranges (reading a small gap
   * costs less than another request). The result is sorted by offset; empty ranges are dropped.
   */
  public static List<ByteRange> coalesce(List<ByteRange> ranges, long maxGap) {
    return coalesce(ranges, maxGap, Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #coalesce(List, long)}, but a gap is only bridged while the bridged bytes of the
   * merged range stay within {@code maxWaste} × its requested bytes, so a projection never fetches
   * much more than it needs.
   */
  public static List<ByteRange> coalesce(List<ByteRange> ranges, long maxGap, double maxWaste) {
    List<ByteRange> sorted = new ArrayList<>();
    for (ByteRange r : ranges) {
      if (r.length() > 0) {
        sorted.add(r);
      }
    }
    sorted.sort(Comparator.comparingLong(ByteRange::offset));
    List<ByteRange> out = new ArrayList<>();
    long start = -1;
    long end = -1;
    long useful = 0;
    long waste = 0;
    for (ByteRange r : sorted) {
      long gap = r.offset() - end;
      if (start >= 0
          && gap <= maxGap
          && (gap <= 0 || waste + gap <= maxWaste * (useful + r.length()))) {
        if (gap > 0) {
          waste += gap;
        }
        useful += Math.max(0, r.end() - Math.max(end, r.offset()));
        end = Math.max(end, r.end());
      } else {
        if (start >= 0) {
          out.add(new ByteRange(start, end - start));
        }
        start = r.offset();
        end = r.end();
        useful = r.length();
        waste = 0;
      }
    }
    if (start >= 0) {
      out.add(new ByteRange(start, end - start));
    }
    return out;
  }
}
