package dev.hfio.hub;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only {@link SeekableByteChannel} over a file on the Hub, built for columnar readers
 * (Parquet) and sequential scans alike:
 *
 * <ul>
 *   <li>the size comes from the caller (listing metadata) when known, else from one HEAD;
 *   <li>the file is resolved once per JVM at a commit sha (once per channel at a branch): later
 *       requests go straight to the redirect target (for LFS files a signed, expiring CDN URL,
 *       resolved again when it expires or the CDN answers 403/404/410), and a small file the Hub
 *       serves itself is fetched whole once and read from memory;
 *   <li>reads go through a read-ahead buffer (default 1 MiB) that doubles, up to 8x, while reads
 *       stay sequential; seeking inside the buffer costs no request; a first read near the end
 *       fetches the whole tail at once (footers);
 *   <li>a body that breaks off is resumed with a Range request (counted as a retry);
 *   <li>{@link #read(ByteBuffer, long)} / {@link #readFully(long, ByteBuffer)} are positional reads
 *       that neither move the position nor replace the buffer.
 * </ul>
 *
 * Not thread-safe (like any channel with a position).
 */
public final class HubFileChannel implements SeekableByteChannel {
  private static final int GROWTH_LIMIT = 8;

  private final ResolvedFile file;
  private final ErrorContext ctx;
  private final int initialBuffer;
  private long size;
  private long position;
  private boolean open = true;
  private int bufferSize;
  private byte[] buf = new byte[0];
  private long bufStart;
  private int bufLen;
  private long requests;

  HubFileChannel(ResolvedFile file, ErrorContext ctx, long knownSize, int readAhead) {
    if (readAhead < 1) {
      throw new IllegalArgumentException("readAhead must be positive, got " + readAhead);
    }
    this.file = file;
    this.ctx = ctx;
    this.size = knownSize;
    this.initialBuffer = readAhead;
    this.bufferSize = readAhead;
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public long size() throws IOException {
    ensureOpen();
    if (size < 0) {
      long s = file.size();
      requests++;
      if (s < 0) {
        throw new IOException(ctx.action() + ": the Hub gave no size for " + ctx.describe());
      }
      size = s;
    }
    return size;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public HubFileChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("Negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    long total = size();
    if (position >= total) {
      return -1;
    }
    if (!inBuffer(position)) {
      fill(position, total);
    }
    int n = copyFromBuffer(position, dst);
    position += n;
    return n;
  }

  /** Positional read: up to {@code dst.remaining()} bytes at {@code pos}; -1 at end of file. */
  public int read(ByteBuffer dst, long pos) throws IOException {
    ensureOpen();
    long total = size();
    if (pos >= total) {
      return -1;
    }
    int want = (int) Math.min(dst.remaining(), total - pos);
    if (want == 0) {
      return 0;
    }
    if (inBuffer(pos) && pos + want <= bufStart + bufLen) {
      return copyFromBuffer(pos, dst);
    }
    byte[] tmp;
    int off;
    if (dst.hasArray()) {
      tmp = dst.array();
      off = dst.arrayOffset() + dst.position();
    } else {
      tmp = new byte[want];
      off = 0;
    }
    int got = fetch(pos, tmp, off, want);
    if (dst.hasArray()) {
      dst.position(dst.position() + got);
    } else {
      dst.put(tmp, 0, got);
    }
    return got;
  }

  /**
   * Fills {@code dst} completely from {@code pos}, or throws {@link EOFException}. Does not move
   * the position.
   */
  public void readFully(long pos, ByteBuffer dst) throws IOException {
    long p = pos;
    while (dst.hasRemaining()) {
      int n = read(dst, p);
      if (n < 0) {
        throw new EOFException(
            "End of file at " + p + " reading " + ctx.describe() + " (size " + size + ")");
      }
      p += n;
    }
  }

  /**
   * Number of reads this channel could not serve from its buffer, plus one if it had to learn the
   * size: each costs at most one HTTP request (none when the file's location and size or content
   * were already known in this JVM; resumes and re-resolves not counted separately).
   */
  public long requestCount() {
    return requests;
  }

  private boolean inBuffer(long pos) {
    return bufLen > 0 && pos >= bufStart && pos < bufStart + bufLen;
  }

  private int copyFromBuffer(long pos, ByteBuffer dst) {
    int from = (int) (pos - bufStart);
    int n = Math.min(dst.remaining(), bufLen - from);
    dst.put(buf, from, n);
    return n;
  }

  private void fill(long pos, long total) throws IOException {
    boolean sequential = bufLen > 0 && pos == bufStart + bufLen;
    if (sequential) {
      bufferSize = (int) Math.min((long) initialBuffer * GROWTH_LIMIT, (long) bufferSize * 2);
    } else {
      bufferSize = initialBuffer;
    }
    long start = pos;
    if (!sequential && total - pos <= bufferSize) {
      start =
          Math.max(
              0,
              total - bufferSize); // a read near the end: take the whole tail (footer + metadata)
    }
    int len = (int) Math.min(bufferSize, total - start);
    if (buf.length < len) {
      buf = new byte[len];
    }
    bufLen = 0;
    int got = fetch(start, buf, 0, len);
    if (got <= 0) {
      throw new EOFException(
          "No bytes at offset "
              + start
              + " of "
              + ctx.describe()
              + " (expected size "
              + total
              + "); the file may have changed: pin the revision to a commit");
    }
    bufStart = start;
    bufLen = got;
  }

  private int fetch(long pos, byte[] dst, int off, int len) {
    requests++;
    return file.read(size, pos, dst, off, len);
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public SeekableByteChannel truncate(long newSize) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    buf = new byte[0];
    bufLen = 0;
  }
}
