package dev.hfio.fs;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubException;
import dev.hfio.hub.HubFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The channel {@code open} returns: a {@link HubFileChannel} whose Hub failures surface as {@link
 * IOException}s (missing file: {@link HfFileNotFoundException}) instead of runtime exceptions, as
 * Beam readers expect. Read-ahead is only spent where it pays off, so columnar readers that jump
 * around fetch about what they use:
 *
 * <ul>
 *   <li>reads in the last {@value #TAIL} bytes (Parquet/ORC footers) fetch exactly that tail once,
 *       and once per JVM for commit-pinned paths ({@link TailCache}: Beam's Parquet reader reopens
 *       the file for every split);
 *   <li>a read of at least {@value #BIG_READ} bytes (a Parquet column chunk, or a row group's
 *       chunks merged by the reader) fetches exactly what is asked, sequential or not;
 *   <li>a smaller read that does not start where the previous read ended (first read after open, or
 *       after a seek) fetches {@value #BIG_READ} bytes (less near the end of the file);
 *   <li>only a smaller read that continues the previous one reads ahead: the client's read-ahead
 *       size first, then doubling up to {@value #GROWTH}x it, so streaming a file (TextIO, AvroIO)
 *       does not become one request per read.
 * </ul>
 *
 * (Before, every small read went through a read-ahead that grew to 8x, so each Parquet split's
 * channel pulled data far past its own row groups.)
 */
final class HfReadChannel implements SeekableByteChannel {
  static final int TAIL = 64 * 1024;
  static final int BIG_READ = 64 * 1024;
  static final int GROWTH = 8;

  private final HubFileChannel delegate;
  private final HfPath path;
  private final int readAhead;
  private final int bigRead;
  private byte[] tail;
  private long tailStart = -1;

  /** Bytes fetched for small reads; {@code [bufStart, bufStart + bufLen)} of the file. */
  private byte[] buf = new byte[0];

  private long bufStart;
  private int bufLen;

  /** Where the previous read on this channel ended; -1 before the first read. */
  private long lastEnd = -1;

  /** Current sequential read-ahead; 0 until small reads continue each other. */
  private int ahead;

  /**
   * {@code readAhead}: the first sequential read-ahead; reads of at least min(readAhead, 64 KiB)
   * are exact.
   */
  HfReadChannel(HubFileChannel delegate, HfPath path, int readAhead) {
    this.delegate = delegate;
    this.path = path;
    this.readAhead = readAhead;
    this.bigRead = Math.min(readAhead, BIG_READ);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    try {
      if (!dst.hasRemaining()) {
        return 0;
      }
      long pos = delegate.position();
      long size = delegate.size();
      if (pos >= size) {
        return -1;
      }
      int n;
      if (pos >= size - TAIL) {
        n = readTail(dst, pos, size);
      } else if (bufLen > 0 && pos >= bufStart && pos < bufStart + bufLen) {
        n = copy(dst, pos);
      } else {
        int want = (int) Math.min(dst.remaining(), size - pos);
        if (want >= bigRead) {
          ahead = 0;
          n = delegate.read(dst, pos);
        } else {
          if (pos == lastEnd) {
            ahead =
                ahead == 0
                    ? readAhead
                    : (int) Math.min(Math.min((long) readAhead * GROWTH, 2L * ahead), 1 << 30);
          } else {
            ahead = 0;
          }
          long fetch = Math.min(Math.max(want, ahead == 0 ? bigRead : ahead), size - pos);
          if (tail != null && pos + want <= tailStart) {
            fetch = Math.max(want, Math.min(fetch, tailStart - pos)); // the tail is already here
          }
          fill(pos, (int) fetch);
          n = copy(dst, pos);
        }
      }
      if (n > 0) {
        delegate.position(pos + n);
        lastEnd = pos + n;
      }
      return n;
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  private int readTail(ByteBuffer dst, long pos, long size) throws IOException {
    if (tail == null) {
      tailStart = Math.max(0, size - TAIL);
      byte[] cached = TailCache.get(path);
      if (cached != null && cached.length == size - tailStart) {
        tail = cached;
      } else {
        ByteBuffer t = ByteBuffer.allocate((int) (size - tailStart));
        delegate.readFully(tailStart, t);
        tail = t.array();
        TailCache.put(path, tail);
      }
    }
    int from = (int) (pos - tailStart);
    int n = Math.min(dst.remaining(), tail.length - from);
    dst.put(tail, from, n);
    return n;
  }

  private void fill(long pos, int len) throws IOException {
    if (buf.length < len) {
      buf = new byte[len];
    }
    bufLen = 0;
    delegate.readFully(pos, ByteBuffer.wrap(buf, 0, len));
    bufStart = pos;
    bufLen = len;
  }

  private int copy(ByteBuffer dst, long pos) {
    int from = (int) (pos - bufStart);
    int n = Math.min(dst.remaining(), bufLen - from);
    dst.put(buf, from, n);
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    try {
      delegate.position(newPosition);
      return this;
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  @Override
  public long size() throws IOException {
    try {
      return delegate.size();
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
