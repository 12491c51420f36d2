package dev.hfio.parquet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A half-open byte range {@code [offset, offset + length)} of a file; the unit the engine fetches and coalesces.
 */
public record ByteRange(long offset, long length) implements Serializable {

  public ByteRange {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("Invalid byte range offset=" + offset + " length=" + length);
    }
  }

  public long end() {
    return offset + length;
  }

  public boolean contains(long position, long len) {
    return position >= offset && position + len <= end();
  }

  /**
   * Merges ranges whose gap is at most {@code maxGap} bytes into single ranges (reading a small gap costs less than
   * another request). The result is sorted by offset; empty ranges are dropped.
   */
  public static List<ByteRange> coalesce(List<ByteRange> ranges, long maxGap) {
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
    for (ByteRange r : sorted) {
      if (start < 0) {
        start = r.offset();
        end = r.end();
      } else if (r.offset() - end <= maxGap) {
        end = Math.max(end, r.end());
      } else {
        out.add(new ByteRange(start, end - start));
        start = r.offset();
        end = r.end();
      }
    }
    if (start >= 0) {
      out.add(new ByteRange(start, end - start));
    }
    return out;
  }
}
