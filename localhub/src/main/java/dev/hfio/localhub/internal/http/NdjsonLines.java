package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.error.HubError;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an NDJSON request body one line at a time from the body stream, so memory stays O(one line)
 * however large the body is. A line longer than {@code maxLine} or a body longer than {@code
 * maxTotal} is a 413 {@code PayloadTooLarge} raised before the excess is buffered.
 */
final class NdjsonLines {
  private final InputStream in;
  private final int maxLine;
  private final long maxTotal;
  private final String tooLongHint;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;
  private long total;
  private int lineNo;
  private boolean eof;

  NdjsonLines(InputStream in, int maxLine, long maxTotal, String tooLongHint) {
    this.in = in;
    this.maxLine = maxLine;
    this.maxTotal = maxTotal;
    this.tooLongHint = tooLongHint;
  }

  /** Number of the line last returned (1-based). */
  int lineNo() {
    return lineNo;
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end of the
   * body.
   */
  byte[] next() throws IOException {
    byte[] line = new byte[0];
    int len = 0;
    while (true) {
      if (pos == lim) {
        if (eof || !fill()) {
          if (len == 0) {
            return null;
          }
          lineNo++;
          return trimCr(line, len);
        }
      }
      int start = pos;
      while (pos < lim && buf[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if ((long) len + chunk > maxLine) {
        throw new HubError(
            413,
            "PayloadTooLarge",
            "Line "
                + (lineNo + 1)
                + " of the commit payload is larger than "
                + maxLine
                + " bytes. "
                + tooLongHint);
      }
      if (line.length < len + chunk) {
        line =
            Arrays.copyOf(
                line, Math.max(len + chunk, Math.min(maxLine, Math.max(1024, line.length * 2))));
      }
      System.arraycopy(buf, start, line, len, chunk);
      len += chunk;
      if (pos < lim) { // found '\n'
        pos++;
        lineNo++;
        return trimCr(line, len);
      }
    }
  }

  /**
   * Reads and discards up to {@code cap} more bytes, so a client still sending sees the error, not
   * a reset.
   */
  void drain(long cap) {
    try {
      long n = 0;
      int r;
      while (n < cap && (r = in.read(buf, 0, buf.length)) >= 0) {
        n += r;
      }
    } catch (IOException | RuntimeException ignored) {
      // the client went away: nothing left to protect
    }
  }

  private static byte[] trimCr(byte[] line, int len) {
    int n = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
    return n == line.length ? line : Arrays.copyOf(line, n);
  }

  private boolean fill() throws IOException {
    int r = in.read(buf, 0, buf.length);
    if (r < 0) {
      eof = true;
      return false;
    }
    total += r;
    if (total > maxTotal) {
      throw new HubError(
          413,
          "PayloadTooLarge",
          "Request body exceeds the limit of "
              + maxTotal
              + " bytes; split the commit into smaller ones");
    }
    pos = 0;
    lim = r;
    return true;
  }
}
