package dev.hfio.hub;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Network interceptor (runs for every hop, redirects included) that adds {@code Authorization:
 * Bearer} only when the request goes to the endpoint's own scheme, host and port, and removes any
 * Authorization header otherwise, so a redirect to a CDN or any other host never carries the token.
 */
final class AuthInterceptor implements Interceptor {
  private final HttpUrl endpoint;
  private final String token; // may be null
  private final String userAgent;

  AuthInterceptor(HttpUrl endpoint, String token, String userAgent) {
    this.endpoint = endpoint;
    this.token = token;
    this.userAgent = userAgent;
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme())
        && a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    Request.Builder b =
        req.newBuilder().removeHeader("Authorization").header("User-Agent", userAgent);
    if (token != null && sameOrigin(req.url(), endpoint)) {
      b.header("Authorization", "Bearer " + token);
    }
    return chain.proceed(b.build());
  }

  @Override
  public String toString() {
    return "AuthInterceptor{endpoint="
        + endpoint
        + ", token="
        + (token == null ? "none" : "***")
        + "}";
  }
}
