package dev.hfio.fs;

import dev.hfio.errors.HfIOException;
import dev.hfio.hub.HubClientConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Pipeline options for Hugging Face Hub access ({@code --hfToken}, {@code --hfEndpoint}, retry
 * knobs). Unset options fall back to the environment exactly like huggingface_hub ({@code
 * HF_TOKEN}, {@code HF_TOKEN_PATH}, {@code HF_HOME}, {@code HF_ENDPOINT}).
 *
 * <p>Token handling: {@code hfToken} is {@link Hidden}, which is what Beam's options display data
 * checks, so the token never appears in the pipeline's DisplayData (runner UIs, logs of options).
 * It is deliberately <em>not</em> {@code @JsonIgnore}: that would also drop it from the options
 * Beam serializes to workers, and reads on a remote worker would then silently run anonymously. The
 * trade-off is that the serialized options JSON (sent to workers by the runner) does contain the
 * token, like any other option value, and Beam prints every option given on the command line in
 * {@code PipelineOptions.toString()} and in its DEBUG "Provided Arguments" log line.
 *
 * <p>Recommended instead: {@code --hfTokenPath=/path/to/token}, a file holding the token (e.g. a
 * mounted secret). Only the path is in the options; the file is read wherever the options are
 * turned into a client: at pipeline construction for {@code HfIO} transforms (the token then
 * travels inside the serialized transform, as with {@code HF_TOKEN} on the launcher), and on each
 * worker for {@code hf://} paths, so the file must exist there too. {@code HF_TOKEN} or {@code
 * HF_TOKEN_PATH} in the workers' environment work the same way.
 */
public interface HfOptions extends PipelineOptions {

  @Description(
      "Hugging Face access token (hf_...). Default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH or "
          + "$HF_HOME/token, as huggingface_hub resolves it. Hidden from display data.")
  @Hidden
  String getHfToken();

  void setHfToken(String token);

  @Description(
      "A file holding the Hugging Face token (like HF_TOKEN_PATH): only the path is in the options, so the "
          + "token is not printed with them. Read where the options become a client (launcher and workers). Do not "
          + "combine with --hfToken.")
  String getHfTokenPath();

  void setHfTokenPath(String path);

  @Description("Hub endpoint URL. Default: HF_ENDPOINT, else https://huggingface.co.")
  String getHfEndpoint();

  void setHfEndpoint(String endpoint);

  @Description("Attempts per Hub request (1 = no retries) for 408/429/5xx and connection failures.")
  @Default.Integer(5)
  int getHfMaxAttempts();

  void setHfMaxAttempts(int attempts);

  @Description("Longest total time in seconds spent retrying one Hub request.")
  @Default.Integer(300)
  int getHfMaxRetrySeconds();

  void setHfMaxRetrySeconds(int seconds);

  @Description(
      "Initial read-ahead in bytes of hf:// read channels (it doubles, up to 8x, while reads are "
          + "sequential).")
  @Default.Integer(1 << 20)
  int getHfReadAheadBytes();

  void setHfReadAheadBytes(int bytes);

  @Description(
      "Hub requests (API calls, resolves, downloads; until their answer's headers) in flight at once per "
          + "worker JVM. Rate limits are paced separately from the Hub's RateLimit headers.")
  @Default.Integer(16)
  int getHfMaxConcurrentRequests();

  void setHfMaxConcurrentRequests(int n);

  /** The client configuration these options describe, environment filling whatever is unset. */
  static HubClientConfig hubConfig(PipelineOptions options) {
    HubClientConfig config = HubClientConfig.fromEnvironment();
    HfOptions hf = options.as(HfOptions.class);
    if (hf.getHfEndpoint() != null && !hf.getHfEndpoint().isBlank()) {
      config = config.withEndpoint(hf.getHfEndpoint());
    }
    boolean hasToken = hf.getHfToken() != null && !hf.getHfToken().isBlank();
    boolean hasTokenPath = hf.getHfTokenPath() != null && !hf.getHfTokenPath().isBlank();
    if (hasToken && hasTokenPath) {
      throw new IllegalArgumentException(
          "Set only one of --hfToken and --hfTokenPath (prefer --hfTokenPath: the "
              + "token then stays out of the printed options)");
    }
    if (hasToken) {
      config = config.withToken(hf.getHfToken());
    } else if (hasTokenPath) {
      config = config.withToken(readTokenFile(Paths.get(hf.getHfTokenPath().trim())));
    }
    if (hf.getHfMaxAttempts() < 1) {
      throw new IllegalArgumentException(
          "--hfMaxAttempts must be at least 1, got " + hf.getHfMaxAttempts());
    }
    if (hf.getHfMaxRetrySeconds() < 0) {
      throw new IllegalArgumentException(
          "--hfMaxRetrySeconds must not be negative, got " + hf.getHfMaxRetrySeconds());
    }
    if (hf.getHfMaxConcurrentRequests() < 1) {
      throw new IllegalArgumentException(
          "--hfMaxConcurrentRequests must be at least 1, got " + hf.getHfMaxConcurrentRequests());
    }
    config = config.withMaxConcurrentRequests(hf.getHfMaxConcurrentRequests());
    config =
        config.withRetryPolicy(
            config
                .retryPolicy()
                .withMaxAttempts(hf.getHfMaxAttempts())
                .withMaxTotalTime(Duration.ofSeconds(hf.getHfMaxRetrySeconds())));
    return config;
  }

  /**
   * The trimmed content of the {@code --hfTokenPath} file; a missing, unreadable or empty file is
   * an error.
   */
  private static String readTokenFile(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new HfIOException(
            "The token file "
                + file
                + " given as --hfTokenPath is empty; write the token "
                + "(hf_...) into it",
            new IOException("empty file"));
      }
      return token;
    } catch (IOException e) {
      throw new HfIOException(
          "Cannot read the token file "
              + file
              + " given as --hfTokenPath ("
              + e.getClass().getSimpleName()
              + "); make it readable on the launcher and on every worker, or use HF_TOKEN",
          e);
    }
  }
}
