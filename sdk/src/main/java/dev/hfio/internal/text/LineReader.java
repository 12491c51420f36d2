package dev.hfio.internal.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code \n} (a {@code \r} before it is dropped too, so {@code
 * \r\n} files read the same), keeping the byte offset where each line starts, which is what
 * byte-range splitting claims. A last line without a terminator is a line; an empty stream has
 * none. A lone {@code \r} is not a line break.
 */
public final class LineReader {
  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private long offset; // stream offset of buf[pos]
  private long lineStart = -1;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean eof;

  /**
   * @param start the offset of the stream's first byte in the file (0 for a decompressed stream)
   */
  public LineReader(InputStream in, long start) {
    this.in = in;
    this.offset = start;
  }

  /** The offset of the next byte to read: where the next line starts. */
  public long position() {
    return offset;
  }

  /** The offset where the line last returned by {@link #next()} starts. */
  public long lineStart() {
    return lineStart;
  }

  /** Whether the stream has no more bytes (only exact after a failed {@link #next()}, or peek). */
  public boolean atEnd() throws IOException {
    return !fill();
  }

  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    if (eof) {
      return false;
    }
    int n = in.read(buf, 0, buf.length);
    while (n == 0) {
      n = in.read(buf, 0, buf.length);
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  /**
   * Reads the next line; returns its length (its bytes are {@link #bytes()}) or -1 at the end of
   * the stream.
   */
  public int next() throws IOException {
    lineLength = 0;
    if (!fill()) {
      return -1;
    }
    lineStart = offset;
    while (fill()) {
      int i = pos;
      while (i < limit && buf[i] != '\n') {
        i++;
      }
      append(pos, i - pos);
      offset += i - pos;
      if (i < limit) {
        offset++; // the \n
        pos = i + 1;
        break;
      }
      pos = limit;
    }
    if (lineLength > 0 && line[lineLength - 1] == '\r') {
      lineLength--;
    }
    return lineLength;
  }

  /** Skips through the next {@code \n} (the realignment of a range that starts mid-file). */
  public void skipLine() throws IOException {
    while (fill()) {
      int i = pos;
      while (i < limit && buf[i] != '\n') {
        i++;
      }
      offset += i - pos;
      if (i < limit) {
        offset++;
        pos = i + 1;
        return;
      }
      pos = limit;
    }
  }

  private void append(int from, int n) {
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(buf, from, line, lineLength, n);
    lineLength += n;
  }

  /** The buffer holding the last line read (valid up to its length). */
  public byte[] bytes() {
    return line;
  }

  /** The last line read, decoded as UTF-8. */
  public String text() {
    return new String(line, 0, lineLength, java.nio.charset.StandardCharsets.UTF_8);
  }

  public int length() {
    return lineLength;
  }
}
