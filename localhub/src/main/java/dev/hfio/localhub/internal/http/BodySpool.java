package dev.hfio.localhub.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A request body read asynchronously before its route runs, so a slow client holds no worker thread
 * while it sends. The first bytes stay in memory; past a small threshold the body goes to a temp
 * file under the spool dir, deleted by {@link #close()} (when the request ends). Reading stops as
 * soon as the body exceeds its limit ({@link #tooLarge()}); nothing more is read from the
 * connection.
 */
final class BodySpool implements Closeable {
  private final Request req;
  private final long limit;
  private final long memoryBytes;
  private final Path dir;
  private final boolean keep;
  private final Consumer<BodySpool> done;
  private final Consumer<Throwable> failed;
  private final ByteArrayOutputStream mem = new ByteArrayOutputStream();
  private Path file;
  private FileChannel channel;
  private long size;
  private boolean tooLarge;

  private BodySpool(
      Request req,
      long limit,
      long memoryBytes,
      Path dir,
      boolean keep,
      Consumer<BodySpool> done,
      Consumer<Throwable> failed) {
    this.req = req;
    this.limit = limit;
    this.memoryBytes = memoryBytes;
    this.dir = dir;
    this.keep = keep;
    this.done = done;
    this.failed = failed;
  }

  /**
   * Starts reading the body; {@code done} runs (on a pool thread, or on this one if the body is
   * already here) once the whole body arrived or it exceeded {@code limit}; {@code failed} if the
   * client failed or the spool could not be written. With {@code keep == false} the bytes are
   * discarded (used to swallow a small body before an error).
   */
  static void read(
      Request req,
      long limit,
      long memoryBytes,
      Path dir,
      boolean keep,
      Consumer<BodySpool> done,
      Consumer<Throwable> failed) {
    new BodySpool(req, limit, memoryBytes, dir, keep, done, failed).pump();
  }

  private void pump() {
    while (true) {
      Content.Chunk c = req.read();
      if (c == null) {
        req.demand(this::pump);
        return;
      }
      if (Content.Chunk.isFailure(c)) {
        close();
        failed.accept(c.getFailure());
        return;
      }
      boolean last = c.isLast();
      try {
        ByteBuffer bb = c.getByteBuffer();
        size += bb.remaining();
        if (size > limit) {
          tooLarge = true;
        } else if (keep) {
          store(bb);
        }
      } catch (IOException | RuntimeException e) {
        c.release();
        close();
        failed.accept(e);
        return;
      }
      c.release();
      if (tooLarge || last) {
        finishWriting();
        done.accept(this);
        return;
      }
    }
  }

  private void store(ByteBuffer bb) throws IOException {
    if (channel == null && mem.size() + bb.remaining() <= memoryBytes) {
      byte[] b = new byte[bb.remaining()];
      bb.get(b);
      mem.write(b, 0, b.length);
      return;
    }
    if (channel == null) {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "body-", ".tmp");
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
      channel.write(ByteBuffer.wrap(mem.toByteArray()));
      mem.reset();
    }
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
  }

  private void finishWriting() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      channel = null;
    }
  }

  /** True when the body grew past the limit; then nothing was kept and the rest was not read. */
  boolean tooLarge() {
    return tooLarge;
  }

  long size() {
    return size;
  }

  InputStream open() throws IOException {
    return file == null ? new ByteArrayInputStream(mem.toByteArray()) : Files.newInputStream(file);
  }

  byte[] bytes() throws IOException {
    return file == null ? mem.toByteArray() : Files.readAllBytes(file);
  }

  /** Deletes the temp file, if any. */
  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
        channel = null;
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // best effort; leftovers are removed when the hub starts
    }
  }
}
