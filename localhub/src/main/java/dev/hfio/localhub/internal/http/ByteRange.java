package dev.hfio.localhub.internal.http;

/**
 * A single byte range resolved against a resource size. {@link #parse} returns null to mean "serve
 * the whole body" (no header, multi-range, or syntax we do not support) and {@link #UNSATISFIABLE}
 * for 416.
 */
record ByteRange(long start, long length) {
  static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  static ByteRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return null;
        }
        long n = Long.parseLong(b);
        if (n <= 0 || size == 0) {
          return UNSATISFIABLE;
        }
        n = Math.min(n, size);
        return new ByteRange(size - n, n);
      }
      long start = Long.parseLong(a);
      long end = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
      if (end < start) {
        return null;
      }
      if (start >= size) {
        return UNSATISFIABLE;
      }
      end = Math.min(end, size - 1);
      return new ByteRange(start, end - start + 1);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * True for a single {@code bytes=0-...} range, i.e. one whose first byte is the start of the
   * resource.
   */
  static boolean startsAtZero(String header) {
    if (header == null) {
      return false;
    }
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
      return false;
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    return dash > 0 && spec.substring(0, dash).trim().matches("0+");
  }

  String contentRange(long size) {
    return "bytes " + start + "-" + (start + length - 1) + "/" + size;
  }
}
