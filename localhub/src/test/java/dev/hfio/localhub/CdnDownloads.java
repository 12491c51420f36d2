package dev.hfio.localhub;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Test helper: downloads through {@code /resolve} as real clients do in CDN mode (the default): a
 * 302 from the API is followed to its absolute {@code Location} on the CDN origin without the
 * Authorization header, carrying the request's other headers (Range, If-Range). Anything else is
 * returned as the API answered it.
 */
final class CdnDownloads {
  private CdnDownloads() {}

  /** GET {@code path} on the API with {@code h}'s token, following a CDN redirect. */
  static HttpResponse<byte[]> get(HubHttp h, String path, String... headers) {
    return follow(h, h.get(path, headers), "GET", headers);
  }

  /** HEAD {@code path} on the API with {@code h}'s token, following a CDN redirect. */
  static HttpResponse<byte[]> head(HubHttp h, String path, String... headers) {
    return follow(h, h.head(path, headers), "HEAD", headers);
  }

  /**
   * If {@code r} is a redirect, the answer of its target (asked without any token), else {@code r}.
   */
  static HttpResponse<byte[]> follow(
      HubHttp h, HttpResponse<byte[]> r, String method, String... headers) {
    if (r.statusCode() != 302) {
      return r;
    }
    String location =
        r.headers()
            .firstValue("Location")
            .orElseThrow(() -> new AssertionError("302 without Location"));
    URI target = URI.create(location);
    URI api = URI.create(h.base);
    if (!target.isAbsolute()
        || (target.getHost().equals(api.getHost()) && target.getPort() == api.getPort())) {
      throw new AssertionError("CDN redirect must be absolute and to another origin: " + location);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return h.send(b.build());
  }
}
