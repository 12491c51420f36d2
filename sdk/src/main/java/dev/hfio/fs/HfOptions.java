package dev.hfio.fs;

import dev.hfio.hub.HubClientConfig;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Pipeline options for Hugging Face Hub access ({@code --hfToken}, {@code --hfEndpoint}). Unset options fall back
 * to the environment exactly like huggingface_hub ({@code HF_TOKEN}, {@code HF_TOKEN_PATH}, {@code HF_HOME},
 * {@code HF_ENDPOINT}). The token is never shown in display data or logs.
 */
public interface HfOptions extends PipelineOptions {

  @Description("Hugging Face access token (hf_...). Default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH or "
      + "$HF_HOME/token, as huggingface_hub resolves it.")
  String getHfToken();

  void setHfToken(String token);

  @Description("Hub endpoint URL. Default: HF_ENDPOINT, else https://huggingface.co.")
  String getHfEndpoint();

  void setHfEndpoint(String endpoint);

  /** The client configuration these options describe, environment filling whatever is unset. */
  static HubClientConfig hubConfig(PipelineOptions options) {
    HubClientConfig config = HubClientConfig.fromEnvironment();
    HfOptions hf = options.as(HfOptions.class);
    if (hf.getHfEndpoint() != null && !hf.getHfEndpoint().isBlank()) {
      config = config.withEndpoint(hf.getHfEndpoint());
    }
    if (hf.getHfToken() != null && !hf.getHfToken().isBlank()) {
      config = config.withToken(hf.getHfToken());
    }
    return config;
  }
}
