package dev.hfio.hub;

import java.util.List;

/**
 * Which of the Hub's rate-limit buckets a request will be counted in, decided from its URL before
 * it is sent, the way the Hub decides: {@code /api/...} is {@code api}, {@code
 * /[datasets/|spaces/]ns/name/resolve/...} (and {@code raw}) is {@code resolvers}, any other page
 * of the endpoint is {@code pages}. Requests to other origins (CDN, storage) and the git/LFS
 * protocol ({@code /ns/name.git/...}) are not counted in any. The response's own {@code RateLimit}
 * header names the bucket that was actually charged; {@link RateGovernor} learns from that.
 * Internal.
 */
final class RateBucket {
  static final String API = "api";
  static final String RESOLVERS = "resolvers";
  static final String PAGES = "pages";

  private RateBucket() {}

  /** The bucket name of a request to {@code url}, or null when the Hub does not rate-limit it. */
  static String of(okhttp3.HttpUrl url, okhttp3.HttpUrl endpoint) {
    if (!AuthInterceptor.sameOrigin(url, endpoint)) {
      return null;
    }
    List<String> all = url.pathSegments();
    List<String> base = endpoint.pathSegments();
    int from = 0;
    while (from < base.size()
        && !base.get(from).isEmpty()
        && from < all.size()
        && base.get(from).equals(all.get(from))) {
      from++; // an endpoint with a path prefix
    }
    List<String> seg = all.subList(from, all.size());
    if (seg.isEmpty() || seg.get(0).isEmpty()) {
      return PAGES;
    }
    if (seg.get(0).equals(API)) {
      return API;
    }
    for (int i = 0; i < seg.size() && i < 3; i++) {
      if (seg.get(i).endsWith(".git")) {
        return null;
      }
    }
    int at = seg.get(0).equals("datasets") || seg.get(0).equals("spaces") ? 3 : 2;
    if (seg.size() > at && (seg.get(at).equals("resolve") || seg.get(at).equals("raw"))) {
      return RESOLVERS;
    }
    return PAGES;
  }
}
