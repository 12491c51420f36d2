package dev.hfio.fs;

import dev.hfio.hub.HubException;
import dev.hfio.hub.HubFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The channel {@code open} returns: a {@link HubFileChannel} whose Hub failures surface as {@link IOException}s
 * (missing file: {@link HfFileNotFoundException}) instead of runtime exceptions, as Beam readers expect. Two read
 * shapes of columnar readers are served without read-ahead waste:
 *
 * <ul>
 *   <li>reads in the last {@value #TAIL} bytes (Parquet/ORC footers) fetch exactly that tail once, not a whole
 *       read-ahead buffer;
 *   <li>a read of at least {@value #BIG_READ} bytes that does not continue the previous such read (a whole
 *       Parquet column chunk, or consecutive chunks merged by the reader) fetches exactly what is asked.
 * </ul>
 *
 * Small reads (TextIO, AvroIO) and big reads that keep going sequentially go through the client's growing
 * read-ahead buffer, so streaming a file never degrades into one request per read.
 */
final class HfReadChannel implements SeekableByteChannel {
  static final int TAIL = 64 * 1024;
  static final int BIG_READ = 64 * 1024;

  private final HubFileChannel delegate;
  private final int bigRead;
  private byte[] tail;
  private long tailStart = -1;
  private long lastDirectEnd = -1;

  HfReadChannel(HubFileChannel delegate, int bigRead) {
    this.delegate = delegate;
    this.bigRead = bigRead;
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
      if (pos >= size - TAIL) {
        if (tail == null) {
          tailStart = Math.max(0, size - TAIL);
          ByteBuffer t = ByteBuffer.allocate((int) (size - tailStart));
          delegate.readFully(tailStart, t);
          tail = t.array();
        }
        int from = (int) (pos - tailStart);
        int n = Math.min(dst.remaining(), tail.length - from);
        dst.put(tail, from, n);
        delegate.position(pos + n);
        return n;
      }
      if (dst.remaining() >= bigRead && pos != lastDirectEnd) {
        int n = delegate.read(dst, pos);
        if (n > 0) {
          delegate.position(pos + n);
          lastDirectEnd = pos + n;
        }
        return n;
      }
      return delegate.read(dst);
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
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
