package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.AttackHttp.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server ({@link Main} in a child JVM, started with {@code --token} as the README
 * says) logs one line per request and internal errors with their stack trace, and never the token,
 * a query string or an LFS ticket; its own command line (which holds the token) cannot be read
 * through a revision.
 */
class LoggingAttackTest {
  static final String TOKEN = "hf_logging_secret_token_0123456789abcdef";
  static final String TICKET = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void requestLogAndStackTracesWithoutSecrets(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    Path out = tmp.resolve("stdout.txt");
    Path err = tmp.resolve("stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--port",
                "0",
                "--data",
                data.toString(),
                "--token",
                TOKEN)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      String url = waitForUrl(out, p);
      HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThat(
              send(c, post(url + "/api/repos/create", "{\"name\":\"logged\",\"type\":\"dataset\"}"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              send(
                      c,
                      get(url
                              + "/api/datasets/dev/logged/revision/main?token=hf_query_secret_value")
                          .header("X-Request-Id", "req-normal-1")
                          .build())
                  .statusCode())
          .isEqualTo(200);
      // the attack against the real standalone server: its command line holds the token
      HttpResponse<byte[]> cmd =
          send(
              c,
              get(url
                      + "/api/datasets/dev/logged/revision/"
                      + "..%2F".repeat(24)
                      + "proc%2Fself%2Fcmdline")
                  .build());
      assertThat(cmd.statusCode()).isEqualTo(404);
      assertThat(new String(cmd.body(), StandardCharsets.UTF_8) + cmd.headers().map())
          .doesNotContain(TOKEN, "java", "Exception");
      // an LFS ticket (a secret URL) must not reach the log
      assertThat(send(c, get(url + "/lfs-download/" + TICKET).build()).statusCode()).isEqualTo(404);
      // an internal error: a damaged ref file
      Files.writeString(
          data.resolve("repos/datasets/dev/logged.git/refs/heads/broken"),
          "junk-that-is-not-an-object-id-but-long-enough-to-be-parsed\n");
      HttpResponse<byte[]> boom =
          send(
              c,
              get(url + "/api/datasets/dev/logged/revision/broken")
                  .header("X-Request-Id", "req-boom-1")
                  .build());
      Answer a = AttackHttp.of(boom);
      assertThat(a.status()).isEqualTo(500);
      assertThat(a.code()).isEqualTo("InternalError");
      assertThat(a.body()).isEqualTo("{\"error\":\"Internal error; request id req-boom-1\"}");
      assertThat(a.all()).doesNotContain("junk", "Exception", data.toString(), TOKEN);
      String log = waitForLog(err, "rid=req-boom-1", 2);
      assertThat(log)
          .containsPattern(
              "GET /api/datasets/dev/logged/revision/main 200 \\d+B [0-9.]+ms rid=req-normal-1")
          .containsPattern("POST /api/repos/create 200 \\d+B [0-9.]+ms rid=[0-9a-f-]{36}")
          .containsPattern("GET /lfs-download/<ticket> 404 \\d+B [0-9.]+ms rid=")
          .containsPattern(
              "GET /api/datasets/dev/logged/revision/broken 500 \\d+B [0-9.]+ms rid=req-boom-1")
          .contains("internal error on GET /api/datasets/dev/logged/revision/broken rid=req-boom-1")
          .containsPattern("\\n\\s+at org\\.eclipse\\.jgit\\.")
          .doesNotContain(TOKEN, "hf_query_secret_value", TICKET, "Authorization");
      assertThat(Files.readString(out)).doesNotContain(TOKEN);
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    assertThat(Files.readString(err) + Files.readString(out)).doesNotContain(TOKEN);
  }

  static HttpRequest.Builder get(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + TOKEN)
        .GET();
  }

  static HttpRequest post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  static HttpResponse<byte[]> send(HttpClient c, HttpRequest r)
      throws IOException, InterruptedException {
    return c.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Waits (at most 30 s) for Main's "listening on" line. */
  static String waitForUrl(Path out, Process p) throws Exception {
    Pattern listening = Pattern.compile("localhub listening on (http://\\S+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Matcher m = listening.matcher(Files.readString(out));
      if (m.find()) {
        return m.group(1);
      }
      assertThat(p.isAlive()).as("localhub child exited").isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("localhub did not start within 30 s");
  }

  /**
   * The log once it mentions {@code marker} at least {@code times} times (the request log line
   * follows the answer).
   */
  static String waitForLog(Path err, String marker, int times) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String log = "";
    while (System.nanoTime() < deadline) {
      log = Files.readString(err);
      if (log.split(Pattern.quote(marker), -1).length - 1 >= times) {
        return log;
      }
      Thread.sleep(50);
    }
    return log;
  }
}
