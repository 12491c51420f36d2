package dev.hfio.hub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A request body streamed from a region of a local file; re-readable, so retries can resend it.
 * Internal.
 */
final class FileRegionBody extends RequestBody {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");
  private final Path file;
  private final long offset;
  private final long length;

  FileRegionBody(Path file, long offset, long length) {
    this.file = file;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public MediaType contentType() {
    return OCTETS;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(1, length)));
      long pos = offset;
      long end = offset + length;
      while (pos < end) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new IOException("File " + file + " shrank while uploading it");
        }
        sink.write(buf.array(), 0, n);
        pos += n;
      }
    }
  }
}
