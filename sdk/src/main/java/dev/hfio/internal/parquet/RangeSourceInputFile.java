package dev.hfio.internal.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Adapts a {@link RangeSource} to parquet-java's {@link InputFile}. Reads are served from byte
 * ranges that were fetched ahead of time ({@link #prefetch}); anything else is read through with a
 * small read-ahead. Every request to the source is counted.
 *
 * <p>Its {@link #allocator()} lends parquet-java the prefetched bytes themselves: the engine reads
 * a run of column chunks by seeking to its start, allocating its buffers, then filling them in
 * order; a buffer allocated right after a seek into prefetched bytes is a view of those bytes, and
 * the fill that follows copies nothing. A row group's bytes then live in one buffer, filled once
 * from the network (they were copied twice more before: 7.5 MB per row group of the bench).
 */
final class RangeSourceInputFile implements InputFile {
  private static final int READ_AHEAD = 64 * 1024;

  private final RangeSource source;
  private final long length;
  private final List<Cached> pinned = new ArrayList<>();
  private final List<Cached> transientCache = new ArrayList<>();
  // the whole file, when the source holds it in memory: nothing is fetched, nothing copied
  private final Cached resident;
  private long readsIssued;
  private long bytesRead;
  private long prefetchedBytesCopied;

  // file offset where the next lent buffer starts: set by a seek, cleared by any read
  private long lendAt = -1;
  // buffers lent to the engine, by identity, with the file offset they hold
  private final Map<ByteBuffer, Long> lent = new IdentityHashMap<>();

  /**
   * Bytes held from {@code offset}; {@code fetched}: a prefetched range or read-ahead (not pinned).
   */
  private record Cached(long offset, ByteBuffer data, boolean fetched) {
    boolean covers(long pos, long len) {
      return pos >= offset && pos + len <= offset + data.capacity();
    }
  }

  RangeSourceInputFile(RangeSource source, long length) {
    this.source = source;
    this.length = length;
    ByteBuffer whole = source.inMemory();
    this.resident =
        whole != null && whole.remaining() == length ? new Cached(0, whole.slice(), true) : null;
  }

  /** Bytes that stay available for the reader's lifetime (the file tail holding the footer). */
  void pin(long offset, byte[] bytes) {
    pinned.add(new Cached(offset, ByteBuffer.wrap(bytes), false));
  }

  /** Fetches the given ranges (already coalesced) with one source request each. */
  void prefetch(List<ByteRange> ranges) throws IOException {
    if (resident != null) {
      return;
    }
    List<ByteRange> wanted = new ArrayList<>();
    List<ByteBuffer> buffers = new ArrayList<>();
    for (ByteRange r : ranges) {
      if (r.length() > Integer.MAX_VALUE - 16) {
        continue; // too large for one buffer: the reader will stream it piecewise
      }
      wanted.add(r);
      buffers.add(ByteBuffer.allocate((int) r.length()));
    }
    if (wanted.isEmpty()) {
      return;
    }
    source.readRanges(wanted, buffers);
    for (int i = 0; i < wanted.size(); i++) {
      ByteBuffer buf = buffers.get(i);
      if (buf.hasRemaining()) {
        throw new java.io.EOFException(
            "Source "
                + source.name()
                + " returned "
                + buf.position()
                + " of "
                + buf.capacity()
                + " bytes for range "
                + wanted.get(i));
      }
      readsIssued++;
      bytesRead += buf.capacity();
      transientCache.add(new Cached(wanted.get(i).offset(), buf, true));
    }
  }

  /** Drops prefetched data (call after a row group was read). */
  void releasePrefetched() {
    transientCache.clear();
    lent.clear();
    lendAt = -1;
  }

  /**
   * The allocator to give the engine (its read options): views of prefetched bytes where the engine
   * is about to read them, new heap buffers otherwise.
   */
  ByteBufferAllocator allocator() {
    return new ByteBufferAllocator() {
      @Override
      public ByteBuffer allocate(int size) {
        ByteBuffer view = lendAt < 0 ? null : viewOf(lendAt, size);
        if (view == null) {
          lendAt = -1;
          return ByteBuffer.allocate(size);
        }
        lent.put(view, lendAt);
        lendAt += size;
        return view;
      }

      @Override
      public void release(ByteBuffer b) {}

      @Override
      public boolean isDirect() {
        return false;
      }
    };
  }

  /** A writable view of prefetched bytes {@code [pos, pos + len)}, or null if none holds them. */
  private ByteBuffer viewOf(long pos, int len) {
    for (Cached c : transientCache) {
      if (c.covers(pos, len)) {
        return view(c, pos, len);
      }
    }
    return resident != null && resident.covers(pos, len) ? view(resident, pos, len) : null;
  }

  private static ByteBuffer view(Cached c, long pos, int len) {
    ByteBuffer view = c.data().duplicate();
    view.position((int) (pos - c.offset()));
    view.limit(view.position() + len);
    return view.slice();
  }

  /** Bytes of prefetched ranges the engine received as copies instead of lent views. */
  long prefetchedBytesCopied() {
    return prefetchedBytesCopied;
  }

  long readsIssued() {
    return readsIssued;
  }

  long bytesRead() {
    return bytesRead;
  }

  private void fetch(long position, ByteBuffer dst) throws IOException {
    int n = dst.remaining();
    readsIssued++;
    source.readFully(position, dst);
    bytesRead += n;
  }

  private Cached find(long pos, long len) {
    for (Cached c : transientCache) {
      if (c.covers(pos, len)) {
        return c;
      }
    }
    for (Cached c : pinned) {
      if (c.covers(pos, len)) {
        return c; // the footer: copied, not counted as row-group data
      }
    }
    return resident != null && resident.covers(pos, len) ? resident : null;
  }

  /** Copies {@code dst.remaining()} bytes at {@code pos} into dst. */
  void readAt(long pos, ByteBuffer dst) throws IOException {
    lendAt = -1;
    int len = dst.remaining();
    Long lentAt = lent.remove(dst);
    if (lentAt != null && lentAt == pos && dst.position() == 0 && len == dst.capacity()) {
      dst.position(dst.limit()); // a view of these very bytes: nothing to copy
      return;
    }
    if (pos + len > length) {
      throw new EOFException(
          "Read past end of "
              + source.name()
              + ": offset "
              + pos
              + " + "
              + len
              + " > length "
              + length);
    }
    Cached c = find(pos, len);
    if (c == null && len < READ_AHEAD) {
      long end = Math.min(length, pos + READ_AHEAD);
      ByteBuffer buf = ByteBuffer.allocate((int) (end - pos));
      fetch(pos, buf);
      c = new Cached(pos, buf, true);
      transientCache.add(c);
    }
    if (c == null) {
      fetch(pos, dst);
      return;
    }
    dst.put(view(c, pos, len));
    if (c.fetched()) {
      prefetchedBytesCopied += len;
    }
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() {
    return new Stream();
  }

  private final class Stream extends SeekableInputStream {
    private long pos;

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) {
      pos = newPos;
      lendAt = newPos;
    }

    @Override
    public int read() throws IOException {
      if (pos >= length) {
        return -1;
      }
      ByteBuffer one = ByteBuffer.allocate(1);
      readAt(pos, one);
      pos++;
      return one.get(0) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - pos);
      readFully(b, off, n);
      return n;
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      readAt(pos, ByteBuffer.wrap(bytes, start, len));
      pos += len;
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      if (!buf.hasRemaining()) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(buf.remaining(), length - pos);
      ByteBuffer slice = buf.duplicate();
      slice.limit(slice.position() + n);
      readAt(pos, slice);
      buf.position(buf.position() + n);
      pos += n;
      return n;
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      int n = buf.remaining();
      readAt(pos, buf);
      pos += n;
    }
  }
}
