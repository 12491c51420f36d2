package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void exponentialBackoffCappedWithoutJitter() {
    RetryPolicy p = RetryPolicy.DEFAULT.withJitter(0);
    assertThat(p.backoff(1, 0.7)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(2, 0.7)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoff(3, 0.7)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoff(4, 0.7)).isEqualTo(Duration.ofSeconds(8));
    assertThat(p.backoff(9, 0.7)).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void jitterStaysWithinBounds() {
    RetryPolicy p = RetryPolicy.DEFAULT; // 20%
    assertThat(p.backoff(2, 0.0)).isEqualTo(Duration.ofMillis(1600));
    assertThat(p.backoff(2, 1.0)).isEqualTo(Duration.ofMillis(2400));
    assertThat(p.backoff(2, 0.5)).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void validatesAndSerializes() throws Exception {
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.DEFAULT.withJitter(2))
        .isInstanceOf(IllegalArgumentException.class);
    HubClientConfig cfg =
        new HubClientConfig(
            "http://h:1/",
            "hf_x",
            RetryPolicy.DEFAULT.withMaxAttempts(3),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));
    assertThat(cfg.endpoint()).isEqualTo("http://h:1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(cfg);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      HubClientConfig back = (HubClientConfig) in.readObject();
      assertThat(back).isEqualTo(cfg);
      assertThat(back.client()).isSameAs(cfg.client());
    }
  }

  @Test
  void rateLimitHeadersDecideTheWait() {
    HubHttp http =
        new HubHttp(
            null,
            okhttp3.HttpUrl.get("http://h:1"),
            null,
            RetryPolicy.DEFAULT.withRateLimitMargin(Duration.ofMillis(250)),
            d -> {});
    assertThat(
            http.rateLimitWait(
                okhttp3.Headers.of("RateLimit", "\"api\";r=0;t=12", "Retry-After", "99")))
        .isEqualTo(Duration.ofMillis(12_250));
    assertThat(http.rateLimitWait(okhttp3.Headers.of("Retry-After", "5")))
        .isEqualTo(Duration.ofMillis(5_250));
    assertThat(
            http.rateLimitWait(okhttp3.Headers.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")))
        .isNull();
    assertThat(http.rateLimitWait(okhttp3.Headers.of())).isNull();
  }
}
