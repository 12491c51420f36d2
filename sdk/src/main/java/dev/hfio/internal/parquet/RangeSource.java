package dev.hfio.internal.parquet;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Random-access, positional byte input for the Parquet engine. It exists so the engine can read
 * footers and column chunks from any backend (a local file, an HTTP range-capable Hub file) without
 * knowing how bytes travel.
 *
 * <p>Implementations need not be thread-safe; the engine confines one instance to one thread. The
 * engine already coalesces nearby byte ranges before calling {@link #readFully}, so each call
 * should map to one backend request.
 */
public interface RangeSource extends Closeable {

  /** Total length of the object in bytes. */
  long size() throws IOException;

  /**
   * Reads exactly {@code dst.remaining()} bytes starting at {@code position} into {@code dst},
   * advancing its position. Throws {@link java.io.EOFException} if the object ends first.
   */
  void readFully(long position, ByteBuffer dst) throws IOException;

  /**
   * Reads several disjoint ranges (already coalesced by the engine, sorted by offset), filling
   * {@code dsts.get(i)} with {@code ranges.get(i)}. The default issues one {@link #readFully} per
   * range in order; a remote source may override it to fetch the ranges concurrently or in one
   * multi-range request.
   */
  default void readRanges(List<ByteRange> ranges, List<ByteBuffer> dsts) throws IOException {
    for (int i = 0; i < ranges.size(); i++) {
      readFully(ranges.get(i).offset(), dsts.get(i));
    }
  }

  /**
   * The whole object, when this source already holds it in memory (a small file fetched in one
   * request); the engine then reads column chunks from these bytes without fetching or copying
   * them. Null (the default) for sources that fetch on demand.
   */
  default ByteBuffer inMemory() {
    return null;
  }

  /** Human-readable name used in error messages (a path or an hf:// URI). */
  default String name() {
    return toString();
  }

  @Override
  default void close() throws IOException {}
}
