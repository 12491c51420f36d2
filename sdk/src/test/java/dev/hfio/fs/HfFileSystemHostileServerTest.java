package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.InvalidResponseException;
import dev.hfio.hub.RetryPolicy;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code hf://} FileSystem against a hostile HTTP server (not a mock of the Hub: a server
 * answering 200 with an HTML page that echoes the token, which localhub never does): the failure is
 * an {@code IOException} as Beam requires, carrying the typed {@link dev.hfio.errors.HfException}
 * as cause, and neither carries the page or the token.
 */
class HfFileSystemHostileServerTest {
  private static final String TOKEN = "hf_hostileFileSystemSecret0123456789";
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void matchFailureIsAnIoExceptionWithTheTypedFailureAsCause() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] b = (TOKEN + " <html>SECRET-PAGE-MARKER</html>").getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html");
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
          }
        });
    server.start();
    String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    HfFileSystem fs =
        new HfFileSystem(
            new HubClientConfig(
                endpoint, TOKEN, RetryPolicy.NONE, Duration.ofSeconds(5), Duration.ofSeconds(5)),
            1 << 20);
    MatchResult r = fs.match(List.of("hf://datasets/ns/hostile/data/*.txt")).get(0);
    assertThat(r.status()).isEqualTo(MatchResult.Status.ERROR);
    assertThatThrownBy(r::metadata)
        .isInstanceOf(HfFileSystemException.class)
        .satisfies(
            t ->
                assertThat(((HfFileSystemException) t).hfException())
                    .isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining("not JSON"))
        .satisfies(
            t -> {
              StringWriter w = new StringWriter();
              t.printStackTrace(new PrintWriter(w));
              assertThat(w.toString()).doesNotContain(TOKEN).doesNotContain("SECRET-PAGE-MARKER");
            });
  }
}
