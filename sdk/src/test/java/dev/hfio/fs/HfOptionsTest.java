package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.hub.HubClientConfig;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.junit.jupiter.api.Test;

/**
 * HfOptions: flags, token kept out of display data but still reaching workers, registrar discovery.
 */
class HfOptionsTest {
  private static final String TOKEN = "hf_optionsTestSecretTokenXXXXXXXXXXXX";

  private static HfOptions parse(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(HfOptions.class);
  }

  @Test
  void flagsBuildTheClientConfig() {
    HfOptions o =
        parse(
            "--hfToken=" + TOKEN,
            "--hfEndpoint=http://127.0.0.1:1/",
            "--hfMaxAttempts=2",
            "--hfMaxRetrySeconds=7",
            "--hfReadAheadBytes=4096");
    HubClientConfig c = HfOptions.hubConfig(o);
    assertThat(c.endpoint()).isEqualTo("http://127.0.0.1:1");
    assertThat(c.token()).isEqualTo(TOKEN);
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(2);
    assertThat(c.retryPolicy().maxTotalTime().getSeconds()).isEqualTo(7);
    assertThat(c.toString()).doesNotContain(TOKEN);
    assertThat(o.getHfReadAheadBytes()).isEqualTo(4096);
    assertThatThrownBy(() -> HfOptions.hubConfig(parse("--hfMaxAttempts=0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--hfMaxAttempts");
    assertThatThrownBy(() -> HfFileSystem.fromOptions(parse("--hfReadAheadBytes=0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--hfReadAheadBytes");
  }

  @Test
  void tokenNeverInDisplayDataButStillSerializedForWorkers() throws Exception {
    HfOptions o = parse("--hfToken=" + TOKEN, "--hfEndpoint=http://hub.example");
    DisplayData dd = DisplayData.from(o);
    assertThat(dd.toString()).doesNotContain(TOKEN).contains("http://hub.example");
    assertThat(dd.items().stream().map(DisplayData.Item::getKey).collect(Collectors.toList()))
        .contains("hfEndpoint")
        .doesNotContain("hfToken");
    // The documented trade-off: @Hidden (not @JsonIgnore) so remote workers get the token with the
    // options.
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()));
    String json = mapper.writeValueAsString(o);
    PipelineOptions back = mapper.readValue(json, PipelineOptions.class);
    assertThat(back.as(HfOptions.class).getHfToken()).isEqualTo(TOKEN);
    assertThat(DisplayData.from(back).toString()).doesNotContain(TOKEN);
  }

  @Test
  void flagsAreAcceptedByAnyOptionsInterface() {
    PipelineOptions o =
        PipelineOptionsFactory.fromArgs("--hfToken=" + TOKEN, "--hfEndpoint=http://e")
            .withValidation()
            .create();
    assertThat(o.as(HfOptions.class).getHfEndpoint()).isEqualTo("http://e");
  }

  @Test
  void registrarIsDiscoveredByServiceLoader() {
    boolean found = false;
    for (FileSystemRegistrar r : ServiceLoader.load(FileSystemRegistrar.class)) {
      if (r instanceof HfFileSystemRegistrar) {
        found = true;
        assertThat(r.fromOptions(parse()).iterator().next()).isInstanceOf(HfFileSystem.class);
      }
    }
    assertThat(found).isTrue();
    assertThatThrownBy(() -> new HfFileSystemRegistrar().fromOptions(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("setDefaultPipelineOptions");
  }
}
