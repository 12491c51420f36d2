package dev.hfio.hub;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A download stream that survives broken transfers: after an I/O error it reconnects with {@code
 * Range: bytes=<position>-}, each reconnect counting against the {@link RetryPolicy}. Internal.
 */
final class ResumingInputStream extends InputStream {
  private final HubHttp http;
  private final ErrorContext ctx;
  private HttpUrl url;
  private long position;
  private Response response;
  private InputStream in;
  private boolean eof;
  private boolean closed;
  private int failures;

  ResumingInputStream(HubHttp http, HttpUrl url, long offset, ErrorContext ctx) {
    this.http = http;
    this.url = url;
    this.position = offset;
    this.ctx = ctx;
  }

  private void ensureOpen() {
    if (in != null || eof) {
      return;
    }
    Request.Builder b = new Request.Builder().url(url).get().header("Accept-Encoding", "identity");
    if (position > 0) {
      b.header("Range", "bytes=" + position + "-");
    }
    Response r = http.open(b.build(), ctx);
    url = r.request().url(); // resolve and redirects happen once
    if (r.code() == 416) {
      r.close();
      eof = true;
      return;
    }
    response = r;
    in = r.body().byteStream();
    if (position > 0 && r.code() == 200) {
      try {
        in.skipNBytes(position);
      } catch (IOException e) {
        closeCurrent();
        throw http.networkFailure(ctx, e);
      }
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("Stream closed");
    }
    if (len == 0) {
      return 0;
    }
    while (true) {
      ensureOpen();
      if (eof) {
        return -1;
      }
      try {
        int n = in.read(b, off, len);
        if (n < 0) {
          eof = true;
          closeCurrent();
          return -1;
        }
        position += n;
        return n;
      } catch (IOException e) {
        closeCurrent();
        failures++;
        if (failures >= http.retry.maxAttempts()) {
          throw http.networkFailure(ctx, e);
        }
        try {
          http.sleeper.sleep(
              http.retry.backoff(failures, ThreadLocalRandom.current().nextDouble()));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw http.networkFailure(ctx, e);
        }
      }
    }
  }

  private void closeCurrent() {
    if (response != null) {
      response.close();
    }
    response = null;
    in = null;
  }

  @Override
  public void close() {
    closed = true;
    closeCurrent();
  }
}
