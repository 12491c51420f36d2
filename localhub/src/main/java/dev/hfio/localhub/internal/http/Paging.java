package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.error.HubError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Paging helpers shared by the list routes: integer query parameters and the {@code Link:
 * rel="next"} URL.
 */
final class Paging {
  private Paging() {}

  /** Absolute URL of the current request with some query parameters replaced. */
  static String selfUrl(Exchange ex, Map<String, String> replace) {
    StringBuilder sb = new StringBuilder(ex.baseUrl()).append(ex.req.getHttpURI().getPath());
    char sep = '?';
    for (Map.Entry<String, List<String>> e : ex.query.entrySet()) {
      if (replace.containsKey(e.getKey())) {
        continue;
      }
      for (String v : e.getValue()) {
        sb.append(sep).append(enc(e.getKey())).append('=').append(enc(v));
        sep = '&';
      }
    }
    for (Map.Entry<String, String> e : replace.entrySet()) {
      sb.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * An integer query parameter of at least {@code min}; anything else (garbage, overflow, too
   * small) is a 400.
   */
  static int intParam(Exchange ex, String name, int dflt, int min) {
    String v = ex.q(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = Integer.MIN_VALUE;
    }
    if (n < min) {
      throw HubError.badRequest(
          "BadRequest",
          "Query parameter "
              + name
              + " must be an integer between "
              + min
              + " and "
              + Integer.MAX_VALUE);
    }
    return n;
  }
}
