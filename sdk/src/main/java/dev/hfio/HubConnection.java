package dev.hfio;

import dev.hfio.fs.HfOptions;
import dev.hfio.hub.HubClientConfig;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How {@code HfIO.read()}, {@code readFiles()} and {@code write()} reach the Hub, with one rule for
 * all three: the base is {@code withHubConfig(c)} if given, else the pipeline options ({@code
 * --hfToken}, {@code --hfEndpoint}, retries) over the environment ({@code HF_TOKEN}, token file,
 * {@code HF_ENDPOINT}); {@code withToken} and {@code withEndpoint} then replace that one field of
 * the base, in whatever order they were called. Immutable and serializable; {@link #toString()}
 * never shows the token.
 */
final class HubConnection implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final HubConnection DEFAULTS = new HubConnection(null, null, null);

  private final @Nullable HubClientConfig base;
  private final @Nullable String token;
  private final @Nullable String endpoint;

  private HubConnection(
      @Nullable HubClientConfig base, @Nullable String token, @Nullable String endpoint) {
    this.base = base;
    this.token = token;
    this.endpoint = endpoint;
  }

  /** Nothing set: everything comes from the pipeline options and the environment. */
  static HubConnection defaults() {
    return DEFAULTS;
  }

  HubConnection withBase(HubClientConfig config) {
    return new HubConnection(Objects.requireNonNull(config, "config"), token, endpoint);
  }

  HubConnection withToken(String t) {
    return new HubConnection(base, Objects.requireNonNull(t, "token"), endpoint);
  }

  HubConnection withEndpoint(String e) {
    return new HubConnection(base, token, Objects.requireNonNull(e, "endpoint"));
  }

  /** The client configuration for a pipeline with {@code options}, by the rule above. */
  HubClientConfig resolve(PipelineOptions options) {
    HubClientConfig c = base != null ? base : HfOptions.hubConfig(options);
    if (endpoint != null) {
      c = c.withEndpoint(endpoint);
    }
    if (token != null) {
      c = c.withToken(token);
    }
    return c;
  }

  /**
   * The endpoint set in code (for display data), or null when it comes from options or the
   * environment.
   */
  @Nullable String endpointForDisplay() {
    return endpoint != null ? endpoint : base != null ? base.endpoint() : null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HubConnection c
        && Objects.equals(base, c.base)
        && Objects.equals(token, c.token)
        && Objects.equals(endpoint, c.endpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(base, token, endpoint);
  }

  @Override
  public String toString() {
    return "HubConnection{base="
        + base
        + ", token="
        + (token == null ? "unset" : "***")
        + ", endpoint="
        + endpoint
        + "}";
  }
}
