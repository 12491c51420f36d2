package dev.hfio.hub;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything needed to rebuild a {@link HubClient} on another JVM: endpoint, token, retry policy,
 * timeouts and the cap of in-flight requests. Serializable so Beam transforms and DoFns can carry
 * it; {@link #client()} returns a client shared by all users of an equal config in this JVM (one
 * okhttp connection pool per JVM). {@link #toString()} never shows the token.
 */
public final class HubClientConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<HubClientConfig, HubClient> SHARED = new ConcurrentHashMap<>();

  private final String endpoint;
  private final String token; // null: anonymous
  private final RetryPolicy retryPolicy;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxConcurrentRequests;

  /**
   * A config with the default cap of {@value RequestSlots#DEFAULT_MAX} in-flight requests per JVM.
   */
  public HubClientConfig(
      String endpoint,
      String token,
      RetryPolicy retryPolicy,
      Duration connectTimeout,
      Duration readTimeout) {
    this(endpoint, token, retryPolicy, connectTimeout, readTimeout, RequestSlots.DEFAULT_MAX);
  }

  private HubClientConfig(
      String endpoint,
      String token,
      RetryPolicy retryPolicy,
      Duration connectTimeout,
      Duration readTimeout,
      int maxConcurrentRequests) {
    String e = Objects.requireNonNull(endpoint, "endpoint");
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    this.endpoint = e;
    this.token = token == null || token.isBlank() ? null : token.trim();
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
    }
    this.maxConcurrentRequests = maxConcurrentRequests;
  }

  /**
   * Endpoint and token from the process environment (see {@link HubEnvironment}), default
   * retries/timeouts.
   */
  public static HubClientConfig fromEnvironment() {
    return fromEnvironment(HubEnvironment.system());
  }

  public static HubClientConfig fromEnvironment(HubEnvironment env) {
    return new HubClientConfig(
        env.endpoint(),
        env.token().orElse(null),
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60));
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
    return new HubClientConfig(
        e, token, retryPolicy, connectTimeout, readTimeout, maxConcurrentRequests);
  }

  public HubClientConfig withToken(String t) {
    return new HubClientConfig(
        endpoint, t, retryPolicy, connectTimeout, readTimeout, maxConcurrentRequests);
  }

  public HubClientConfig withRetryPolicy(RetryPolicy r) {
    return new HubClientConfig(
        endpoint, token, r, connectTimeout, readTimeout, maxConcurrentRequests);
  }

  public HubClientConfig withTimeouts(Duration connect, Duration read) {
    return new HubClientConfig(endpoint, token, retryPolicy, connect, read, maxConcurrentRequests);
  }

  /**
   * Hub requests this JVM may have in flight at once (sent, final answer's headers not yet
   * received), shared by all clients with the same cap. Rate limits are paced separately, from the
   * Hub's own {@code RateLimit} headers.
   */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  public HubClientConfig withMaxConcurrentRequests(int n) {
    return new HubClientConfig(endpoint, token, retryPolicy, connectTimeout, readTimeout, n);
  }

  /** A client for this config, shared within the JVM (built on first use). Do not close it. */
  public HubClient client() {
    return SHARED.computeIfAbsent(this, c -> HubClient.builder().config(c).build());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HubClientConfig c
        && endpoint.equals(c.endpoint)
        && Objects.equals(token, c.token)
        && retryPolicy.equals(c.retryPolicy)
        && connectTimeout.equals(c.connectTimeout)
        && readTimeout.equals(c.readTimeout)
        && maxConcurrentRequests == c.maxConcurrentRequests;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        endpoint, token, retryPolicy, connectTimeout, readTimeout, maxConcurrentRequests);
  }

  @Override
  public String toString() {
    return "HubClientConfig{endpoint="
        + endpoint
        + ", token="
        + (token == null ? "none" : "***")
        + ", retryPolicy="
        + retryPolicy
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxConcurrentRequests="
        + maxConcurrentRequests
        + "}";
  }
}
