package dev.hfio.internal.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Test source counting requests and bytes. */
final class CountingRangeSource implements RangeSource {
  private final LocalFileRangeSource delegate;
  long reads;
  long bytes;

  CountingRangeSource(Path path) throws IOException {
    this.delegate = new LocalFileRangeSource(path);
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public void readFully(long position, ByteBuffer dst) throws IOException {
    reads++;
    bytes += dst.remaining();
    delegate.readFully(position, dst);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
