package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubEnvironmentTest {
  @TempDir Path home;

  @Test
  void defaults() {
    HubEnvironment env = HubEnvironment.of(Map.of(), home);
    assertThat(env.endpoint()).isEqualTo("https://huggingface.co");
    assertThat(env.token()).isEmpty();
    assertThat(env.tokenPath()).isEqualTo(home.resolve(".cache/huggingface/token"));
  }

  @Test
  void tokenPrecedence() throws Exception {
    Path file = home.resolve(".cache/huggingface/token");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "  hf_from_default_file\n");
    assertThat(HubEnvironment.of(Map.of(), home).token()).contains("hf_from_default_file");

    Path custom = home.resolve("custom-token");
    Files.writeString(custom, "hf_from_token_path\n");
    assertThat(HubEnvironment.of(Map.of("HF_TOKEN_PATH", custom.toString()), home).token())
        .contains("hf_from_token_path");
    assertThat(
            HubEnvironment.of(
                    Map.of(
                        "HUGGING_FACE_HUB_TOKEN", "hf_legacy", "HF_TOKEN_PATH", custom.toString()),
                    home)
                .token())
        .contains("hf_legacy");
    assertThat(
            HubEnvironment.of(
                    Map.of("HF_TOKEN", "hf_env", "HUGGING_FACE_HUB_TOKEN", "hf_legacy"), home)
                .token())
        .contains("hf_env");
  }

  @Test
  void hfHomeAndXdg() throws Exception {
    Path hfHome = home.resolve("hfhome");
    Files.createDirectories(hfHome);
    Files.writeString(hfHome.resolve("token"), "hf_in_hf_home");
    assertThat(HubEnvironment.of(Map.of("HF_HOME", hfHome.toString()), home).token())
        .contains("hf_in_hf_home");
    Path xdg = home.resolve("xdg");
    assertThat(HubEnvironment.of(Map.of("XDG_CACHE_HOME", xdg.toString()), home).tokenPath())
        .isEqualTo(xdg.resolve("huggingface/token"));
  }

  @Test
  void endpointFromEnvironmentWithoutTrailingSlash() {
    assertThat(HubEnvironment.of(Map.of("HF_ENDPOINT", "http://127.0.0.1:8080/"), home).endpoint())
        .isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void clientBuilderUsesEnvironmentAndCodeOverrides() {
    HubEnvironment env =
        HubEnvironment.of(
            Map.of("HF_ENDPOINT", "http://localhost:1", "HF_TOKEN", "hf_secret_env"), home);
    HubClient c = HubClient.builder().environment(env).build();
    assertThat(c.endpoint()).isEqualTo("http://localhost:1");
    assertThat(c.config().token()).isEqualTo("hf_secret_env");
    assertThat(c.toString()).doesNotContain("hf_secret_env");
    assertThat(c.config().toString()).doesNotContain("hf_secret_env").contains("***");
    HubClient o =
        HubClient.builder().environment(env).endpoint("http://other:2").token(null).build();
    assertThat(o.endpoint()).isEqualTo("http://other:2");
    assertThat(o.config().hasToken()).isFalse();
    assertThat(HubClientConfig.fromEnvironment(env).token()).isEqualTo("hf_secret_env");
  }
}
