package dev.hfio.hub;

import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Ranged GETs with resume: a body that breaks off mid-way is continued with a new Range request for
 * the missing bytes, each resume counting as one retry of the {@link RetryPolicy}. Internal.
 */
final class RangeReader {
  private RangeReader() {}

  /**
   * Bytes read, the final URL after redirects, and the total file size from Content-Range (-1 if
   * unknown).
   */
  record Result(int count, HttpUrl finalUrl, long totalSize) {}

  static Result read(
      HubHttp http, HttpUrl url, long offset, byte[] dst, int off, int len, ErrorContext ctx) {
    if (len == 0) {
      return new Result(0, url, -1);
    }
    int[] got = {0};
    HttpUrl[] finalUrl = {url};
    long[] total = {-1};
    boolean[] eof = {false};
    return http.withRetries(
        ctx,
        HubHttp.Kind.IDEMPOTENT,
        () -> {
          long from = offset + got[0];
          long to = offset + len - 1;
          Request req =
              new Request.Builder()
                  .url(finalUrl[0])
                  .get()
                  .header("Range", "bytes=" + from + "-" + to)
                  .header("Accept-Encoding", "identity")
                  .build();
          try (Response r = http.openOnce(req, ctx)) {
            finalUrl[0] = r.request().url();
            if (r.code() == 416) {
              return new Result(got[0], finalUrl[0], total[0]);
            }
            total[0] = totalOf(r.header("Content-Range"), total[0]);
            InputStream in = r.body().byteStream();
            if (r.code() == 200 && from > 0) {
              in.skipNBytes(from); // the server ignored Range
            }
            while (got[0] < len && !eof[0]) {
              int n = in.read(dst, off + got[0], len - got[0]);
              if (n < 0) {
                eof[0] = true;
              } else {
                got[0] += n;
              }
            }
            return new Result(got[0], finalUrl[0], total[0]);
          }
        });
  }

  static long totalOf(String contentRange, long dflt) {
    if (contentRange == null) {
      return dflt;
    }
    int slash = contentRange.lastIndexOf('/');
    if (slash < 0 || contentRange.endsWith("*")) {
      return dflt;
    }
    try {
      return Long.parseLong(contentRange.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
