package dev.hfio.examples;

import dev.hfio.fs.HfOptions;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.localhub.LocalHub;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The Hub an example talks to: the one named by {@code --hfEndpoint} / {@code HF_ENDPOINT} (token
 * from {@code --hfToken}, {@code HF_TOKEN} or the huggingface_hub token file), or else an embedded
 * localhub started here, whose URL and dev token are written into the pipeline options so every
 * pipeline and worker uses it unchanged.
 */
public final class HubConnection implements AutoCloseable {
  private final LocalHub embedded;
  private final HubClientConfig config;

  private HubConnection(LocalHub embedded, HubClientConfig config) {
    this.embedded = embedded;
    this.config = config;
  }

  /**
   * Connects (starting a localhub if no endpoint is configured) and says on {@code out} which Hub
   * is used.
   */
  public static HubConnection open(ExampleOptions options, PrintStream out) {
    boolean endpointGiven =
        notBlank(options.getHfEndpoint()) || notBlank(System.getenv("HF_ENDPOINT"));
    LocalHub hub = null;
    if (!endpointGiven) {
      LocalHub.Builder b = LocalHub.builder().host("127.0.0.1").port(0);
      if (notBlank(options.getLocalhubData())) {
        b.dataDir(Path.of(options.getLocalhubData()));
      }
      hub = b.start();
      options.setHfEndpoint(hub.url());
      options.setHfToken(hub.writeToken());
      out.println(
          "No --hfEndpoint / HF_ENDPOINT given: started an embedded localhub at "
              + hub.url()
              + " (data in "
              + (notBlank(options.getLocalhubData()) ? hub.dataDir() : "a temporary directory")
              + ").");
    }
    HubClientConfig config = HfOptions.hubConfig(options);
    if (!config.hasToken()) {
      if (hub != null) {
        hub.close();
      }
      throw new IllegalStateException(
          "No Hugging Face token for "
              + config.endpoint()
              + ": pass --hfToken, set "
              + "HF_TOKEN, or log in with `huggingface-cli login` (the token file is read as huggingface_hub does).");
    }
    out.println(
        "Hub: "
            + config.endpoint()
            + " (token resolved"
            + (hub != null
                ? " from the embedded localhub"
                : " from --hfToken / HF_TOKEN / token file")
            + ", not shown).");
    return new HubConnection(hub, config);
  }

  /** A client for driver-side calls (create repo, list commits). */
  public HubClient client() {
    return config.client();
  }

  public String endpoint() {
    return config.endpoint();
  }

  /** Whether this run uses an embedded localhub. */
  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
