package dev.hfio.hub;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything needed to rebuild a {@link HubClient} on another JVM: endpoint, token, retry policy and timeouts.
 * Serializable so Beam transforms and DoFns can carry it; {@link #client()} returns a client shared by all users of
 * an equal config in this JVM (one okhttp connection pool per JVM). {@link #toString()} never shows the token.
 */
public final class HubClientConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<HubClientConfig, HubClient> SHARED = new ConcurrentHashMap<>();

  private final String endpoint;
  private final String token; // null: anonymous
  private final RetryPolicy retryPolicy;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  public HubClientConfig(String endpoint, String token, RetryPolicy retryPolicy, Duration connectTimeout,
      Duration readTimeout) {
    String e = Objects.requireNonNull(endpoint, "endpoint");
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    this.endpoint = e;
    this.token = token == null || token.isBlank() ? null : token.trim();
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
  }

  /** Endpoint and token from the process environment (see {@link HubEnvironment}), default retries/timeouts. */
  public static HubClientConfig fromEnvironment() {
    return fromEnvironment(HubEnvironment.system());
  }

  public static HubClientConfig fromEnvironment(HubEnvironment env) {
    return new HubClientConfig(env.endpoint(), env.token().orElse(null), RetryPolicy.DEFAULT,
        Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  public String endpoint() {
    return endpoint;
  }

  /** The token, or null when anonymous. Never log it. */
  public String token() {
    return token;
  }

  public boolean hasToken() {
    return token != null;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public HubClientConfig withEndpoint(String e) {
    return new HubClientConfig(e, token, retryPolicy, connectTimeout, readTimeout);
  }

  public HubClientConfig withToken(String t) {
    return new HubClientConfig(endpoint, t, retryPolicy, connectTimeout, readTimeout);
  }

  public HubClientConfig withRetryPolicy(RetryPolicy r) {
    return new HubClientConfig(endpoint, token, r, connectTimeout, readTimeout);
  }

  public HubClientConfig withTimeouts(Duration connect, Duration read) {
    return new HubClientConfig(endpoint, token, retryPolicy, connect, read);
  }

  /** A client for this config, shared within the JVM (built on first use). Do not close it. */
  public HubClient client() {
    return SHARED.computeIfAbsent(this, c -> HubClient.builder().config(c).build());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubClientConfig c && endpoint.equals(c.endpoint) && Objects.equals(token, c.token)
        && retryPolicy.equals(c.retryPolicy) && connectTimeout.equals(c.connectTimeout)
        && readTimeout.equals(c.readTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, token, retryPolicy, connectTimeout, readTimeout);
  }

  @Override
  public String toString() {
    return "HubClientConfig{endpoint=" + endpoint + ", token=" + (token == null ? "none" : "***")
        + ", retryPolicy=" + retryPolicy + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "}";
  }
}
