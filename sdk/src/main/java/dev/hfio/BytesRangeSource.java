package dev.hfio;

import dev.hfio.internal.parquet.RangeSource;
import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * A whole small file held in memory, so its footer and column chunks cost one Hub request in total.
 */
final class BytesRangeSource implements RangeSource {
  private final byte[] bytes;
  private final String name;

  BytesRangeSource(byte[] bytes, String name) {
    this.bytes = bytes;
    this.name = name;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public void readFully(long position, ByteBuffer dst) throws EOFException {
    int n = dst.remaining();
    if (position < 0 || position + n > bytes.length) {
      throw new EOFException(
          "Range ["
              + position
              + ", "
              + (position + n)
              + ") is outside "
              + name
              + " ("
              + bytes.length
              + " bytes)");
    }
    dst.put(bytes, (int) position, n);
  }

  @Override
  public ByteBuffer inMemory() {
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {}
}
