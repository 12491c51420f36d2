package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The RateLimit / RateLimit-Policy parser: the Hub's syntax, hostile values clamped, malformed
 * values ignored.
 */
class RateLimitHeadersTest {
  private static final Duration MARGIN = Duration.ofSeconds(1);

  @Test
  void readsTheHubsHeaders() {
    RateLimitHeaders h =
        RateLimitHeaders.parse(
            "\"resolvers\";r=4987;t=212", "\"fixed window\";\"resolvers\";q=5000;w=300");
    assertThat(h).isEqualTo(new RateLimitHeaders("resolvers", 4987, 212, 5000, 300));
    assertThat(RateLimitHeaders.parse("\"api\"; r=0; t=12", null))
        .isEqualTo(new RateLimitHeaders("api", 0, 12, -1, -1));
    assertThat(RateLimitHeaders.parse("api;r=3;t=4", "\"fixed window\";\"resolvers\";q=5000;w=300"))
        .as("a policy naming another bucket is not this one's")
        .isEqualTo(new RateLimitHeaders("api", 3, 4, -1, -1));
  }

  @Test
  void absurdNumbersAreClampedNeverThrown() {
    String huge = "9".repeat(40);
    RateLimitHeaders h =
        RateLimitHeaders.parse(
            "\"api\";r=" + huge + ";t=" + huge,
            "\"fixed window\";\"api\";q=" + huge + ";w=" + huge);
    assertThat(h)
        .isEqualTo(
            new RateLimitHeaders(
                "api",
                RateLimitHeaders.MAX_COUNT,
                RateLimitHeaders.MAX_SECONDS,
                RateLimitHeaders.MAX_COUNT,
                RateLimitHeaders.MAX_SECONDS));
    assertThat(
            RateLimitHeaders.parse("\"api\";r=" + Long.MAX_VALUE + ";t=99999999", null)
                .resetSeconds())
        .isEqualTo(3600);
    assertThat(
            RateLimitHeaders.parse("\"api\";r=000000000000000000000000007;t=1", null).remaining())
        .isEqualTo(7);
  }

  @Test
  void malformedHeadersAreIgnored() {
    for (String bad :
        new String[] {
          "",
          "garbage",
          "\"api\";r=-1;t=5",
          "\"api\";r=1;t=-5",
          "\"api\";r=1",
          "\"api\";t=1",
          "\"a\\\"pi\";r=1;t=1",
          "\"api\";r=1e3;t=1",
          "\"api\";r=0x10;t=1",
          "\"api\";r=;t=",
          ";r=1;t=2",
          "\"" + "x".repeat(100) + "\";r=1;t=1",
          "\"api\";r=1;t=1" + " ".repeat(2000)
        }) {
      assertThat(RateLimitHeaders.parse(bad, null)).as(bad).isNull();
    }
    assertThat(RateLimitHeaders.parse("\"api\";r=1;t=2", "nonsense;q=x;w=").quota()).isEqualTo(-1);
    assertThat(RateLimitHeaders.parse(Headers.of())).isNull();
  }

  @Test
  void waitAfter429FollowsHuggingfaceHub() {
    assertThat(
            RateLimitHeaders.waitAfter429(
                Headers.of("RateLimit", "\"api\";r=0;t=12", "Retry-After", "99"), MARGIN))
        .isEqualTo(Duration.ofSeconds(13));
    assertThat(
            RateLimitHeaders.waitAfter429(
                Headers.of("RateLimit", "\"api\";r=5;t=12", "Retry-After", "3"), MARGIN))
        .as("r > 0: Retry-After decides")
        .isEqualTo(Duration.ofSeconds(4));
    assertThat(
            RateLimitHeaders.waitAfter429(
                Headers.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), MARGIN))
        .isNull();
    assertThat(
            RateLimitHeaders.waitAfter429(Headers.of("Retry-After", "1" + "0".repeat(30)), MARGIN))
        .isEqualTo(Duration.ofSeconds(3601));
  }

  /**
   * The client's 429 wait: a huge value used to throw NumberFormatException / ArithmeticException.
   */
  @Test
  void hugeRateLimitValuesDoNotBreakTheClient() {
    HubHttp http = new HubHttp(null, HttpUrl.get("http://h:1"), null, RetryPolicy.DEFAULT, d -> {});
    String huge = "9".repeat(30);
    assertThat(http.rateLimitWait(Headers.of("RateLimit", "\"api\";r=0;t=" + huge)))
        .isEqualTo(Duration.ofSeconds(3601));
    assertThat(http.rateLimitWait(Headers.of("RateLimit", "\"api\";r=0;t=" + Long.MAX_VALUE)))
        .isEqualTo(Duration.ofSeconds(3601));
    assertThat(http.rateLimitWait(Headers.of("Retry-After", huge)))
        .isEqualTo(Duration.ofSeconds(3601));
    assertThat(
            http.mapError(
                    429,
                    Headers.of("RateLimit", "\"api\";r=0;t=" + huge),
                    new byte[0],
                    ErrorContext.of("whoami"))
                .getMessage())
        .contains("'api' requests, the window resets in 3600 s");
  }

  @Test
  void bucketFromTheUrlAsTheHubCountsIt() {
    HttpUrl e = HttpUrl.get("http://hub:8080");
    assertThat(RateBucket.of(HttpUrl.get("http://hub:8080/api/datasets/a/b/tree/main"), e))
        .isEqualTo("api");
    assertThat(RateBucket.of(HttpUrl.get("http://hub:8080/datasets/a/b/resolve/main/x.parquet"), e))
        .isEqualTo("resolvers");
    assertThat(RateBucket.of(HttpUrl.get("http://hub:8080/a/b/resolve/main/x"), e))
        .isEqualTo("resolvers");
    assertThat(RateBucket.of(HttpUrl.get("http://hub:8080/datasets/a/b"), e)).isEqualTo("pages");
    assertThat(
            RateBucket.of(
                HttpUrl.get("http://hub:8080/datasets/a/b.git/info/lfs/objects/batch"), e))
        .isNull();
    assertThat(RateBucket.of(HttpUrl.get("http://cdn:8080/datasets/a/b/resolve/main/x"), e))
        .isNull();
    assertThat(
            RateBucket.of(
                HttpUrl.get("http://hub:8080/hub/api/whoami-v2"),
                HttpUrl.get("http://hub:8080/hub/")))
        .isEqualTo("api");
  }
}
