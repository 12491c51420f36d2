package dev.hfio.internal.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link RangeSource} over a local file, for tests, benchmarks and locally staged files. */
public final class LocalFileRangeSource implements RangeSource {
  private final Path path;
  private final FileChannel channel;

  public LocalFileRangeSource(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public void readFully(long position, ByteBuffer dst) throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, pos);
      if (n < 0) {
        throw new EOFException(
            "Unexpected end of "
                + path
                + " at byte "
                + pos
                + " ("
                + dst.remaining()
                + " bytes still wanted)");
      }
      pos += n;
    }
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
