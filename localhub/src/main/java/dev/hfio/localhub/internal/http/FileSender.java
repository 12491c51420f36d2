package dev.hfio.localhub.internal.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Sends a byte range of a file as the response body with asynchronous writes: while the client does
 * not read, no worker thread waits (the next chunk is read from disk only when the previous write
 * completed). Served bytes are counted before each write; an injected truncation sends the first N
 * bytes and then resets the connection.
 */
final class FileSender extends IteratingCallback {
  private static final int CHUNK = 1 << 20;
  private final Exchange ex;
  private final Path file;
  private final FileChannel ch;
  private final RetainableByteBuffer buffer;
  private long pos;
  private long remaining;
  private long sent;
  private boolean truncated;

  private FileSender(Exchange ex, Path file, FileChannel ch, long pos, long length) {
    this.ex = ex;
    this.file = file;
    this.ch = ch;
    this.pos = pos;
    this.remaining = length;
    int size = (int) Math.max(1, Math.min(CHUNK, length));
    this.buffer = ex.req.getComponents().getByteBufferPool().acquire(size, true);
  }

  /**
   * Hands the response over to an asynchronous sender of {@code length} bytes of {@code file} from
   * {@code pos}.
   */
  static void send(Exchange ex, Path file, long pos, long length) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    ex.handOff();
    new FileSender(ex, file, ch, pos, length).iterate();
  }

  @Override
  protected Action process() throws Throwable {
    if (truncated) {
      return Action.SUCCEEDED;
    }
    if (remaining == 0) {
      if (sent == 0) {
        ex.resp.write(true, null, this); // empty range: just complete the response
        sent = -1;
        return Action.SCHEDULED;
      }
      return Action.SUCCEEDED;
    }
    ByteBuffer buf = buffer.getByteBuffer();
    buf.clear();
    if (buf.capacity() > remaining) {
      buf.limit((int) remaining);
    }
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos + buf.position());
      if (n < 0) {
        throw new IOException("LFS object shorter than expected: " + file.getFileName());
      }
    }
    buf.flip();
    int n = buf.remaining();
    if (ex.truncateAfter >= 0 && sent + n > ex.truncateAfter) {
      buf.limit((int) (ex.truncateAfter - sent));
      n = buf.remaining();
      truncated = true;
    }
    pos += n;
    remaining -= n;
    sent += n;
    ex.ops.addBytesServed(
        n); // counted before sending, so a client that has the bytes sees them counted
    ex.resp.write(remaining == 0 && !truncated, buf, this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteSuccess() {
    release();
    if (truncated) {
      ex.closeAbruptly();
      ex.completeFailed(new Exchange.TruncatedException());
    } else {
      ex.completeOk();
    }
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    release();
    ex.completeFailed(cause);
  }

  private void release() {
    buffer.release();
    try {
      ch.close();
    } catch (IOException ignored) {
      // read-only channel: nothing to lose
    }
  }
}
