package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.HubClientConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code --hfMaxConcurrentRequests}: default, validation, and carried by the serializable client
 * config.
 */
class HfMaxConcurrentRequestsOptionTest {
  private static HfOptions parse(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(HfOptions.class);
  }

  @Test
  void theCapReachesTheClientConfigAndTravelsWithIt() throws Exception {
    assertThat(HfOptions.hubConfig(parse()).maxConcurrentRequests()).isEqualTo(16);
    HubClientConfig c =
        HfOptions.hubConfig(
            parse("--hfEndpoint=http://127.0.0.1:1", "--hfMaxConcurrentRequests=3"));
    assertThat(c.maxConcurrentRequests()).isEqualTo(3);
    assertThat(c.withToken("hf_other").maxConcurrentRequests()).isEqualTo(3);
    assertThat(c).isNotEqualTo(c.withMaxConcurrentRequests(4));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      HubClientConfig back = (HubClientConfig) in.readObject();
      assertThat(back).isEqualTo(c);
      assertThat(back.client().config().maxConcurrentRequests()).isEqualTo(3);
    }
    assertThatThrownBy(() -> HfOptions.hubConfig(parse("--hfMaxConcurrentRequests=0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--hfMaxConcurrentRequests");
  }
}
