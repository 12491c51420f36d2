package dev.hfio.hub;

import dev.hfio.errors.HfIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the endpoint and token the way huggingface_hub does: {@code HF_TOKEN}, then {@code
 * HUGGING_FACE_HUB_TOKEN}, then the file {@code HF_TOKEN_PATH} (default {@code $HF_HOME/token},
 * {@code HF_HOME} defaulting to {@code $XDG_CACHE_HOME/huggingface} or {@code
 * ~/.cache/huggingface}); the endpoint from {@code HF_ENDPOINT} (default {@code
 * https://huggingface.co}). The environment map and home directory are injectable for tests.
 */
public final class HubEnvironment {
  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  private final Map<String, String> env;
  private final Path home;

  private HubEnvironment(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** The real process environment and {@code user.home}. */
  public static HubEnvironment system() {
    return new HubEnvironment(System.getenv(), Paths.get(System.getProperty("user.home", ".")));
  }

  /** An explicit environment, for tests and embedding. */
  public static HubEnvironment of(Map<String, String> env, Path home) {
    return new HubEnvironment(env, home);
  }

  private Optional<String> var(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** {@code HF_ENDPOINT} without trailing slashes, or {@code https://huggingface.co}. */
  public String endpoint() {
    String e = var("HF_ENDPOINT").orElse(DEFAULT_ENDPOINT);
    while (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    return e;
  }

  /**
   * {@code $HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}.
   */
  public Path hfHome() {
    return var("HF_HOME")
        .map(Paths::get)
        .orElseGet(
            () ->
                var("XDG_CACHE_HOME")
                    .map(x -> Paths.get(x, "huggingface"))
                    .orElse(home.resolve(".cache").resolve("huggingface")));
  }

  /** The token file location: {@code HF_TOKEN_PATH} or {@code $HF_HOME/token}. */
  public Path tokenPath() {
    return var("HF_TOKEN_PATH").map(Paths::get).orElseGet(() -> hfHome().resolve("token"));
  }

  /** The token from the environment or the token file; empty when none is configured. */
  public Optional<String> token() {
    Optional<String> t = var("HF_TOKEN").or(() -> var("HUGGING_FACE_HUB_TOKEN"));
    if (t.isPresent()) {
      return t;
    }
    Path file = tokenPath();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (IOException e) {
      throw new HfIOException(
          "Cannot read the Hugging Face token file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "); fix its permissions or set HF_TOKEN",
          e);
    }
  }
}
