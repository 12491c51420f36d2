package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token must never follow a redirect to another host. Two plain JDK servers stand in for an
 * endpoint that redirects (127.0.0.1) and a CDN (127.0.0.2); this tests the client's redirect
 * policy, not Hub semantics.
 */
class RedirectAuthTest {
  private static final String TOKEN = "hf_redirect_secret_token_123456";
  private HttpServer endpoint;
  private HttpServer cdn;
  private final Map<String, List<String>> authSeen = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    cdn = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
    cdn.createContext(
        "/",
        ex -> {
          record(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"));
          byte[] body = "cdn-bytes".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    cdn.start();
    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          record(path, ex.getRequestHeaders().getFirst("Authorization"));
          if (path.contains("/resolve/main/cross.bin")) {
            ex.getResponseHeaders()
                .add("Location", "http://127.0.0.2:" + cdn.getAddress().getPort() + "/blob/cross");
            ex.sendResponseHeaders(302, -1);
          } else if (path.contains("/resolve/main/same.bin")) {
            ex.getResponseHeaders().add("Location", "/local-blob/same");
            ex.sendResponseHeaders(302, -1);
          } else {
            byte[] body = "local-bytes".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
              o.write(body);
            }
          }
          ex.close();
        });
    endpoint.start();
  }

  private void record(String path, String auth) {
    authSeen.computeIfAbsent(path, k -> new CopyOnWriteArrayList<>()).add(String.valueOf(auth));
  }

  @AfterEach
  void stop() {
    endpoint.stop(0);
    cdn.stop(0);
  }

  private HubClient client() {
    return HubClient.builder()
        .endpoint("http://127.0.0.1:" + endpoint.getAddress().getPort())
        .token(TOKEN)
        .retryPolicy(RetryPolicy.NONE)
        .build();
  }

  @Test
  void crossHostRedirectCarriesNoAuthorization() {
    byte[] got = client().readAllBytes(RepoRef.dataset("ns/d"), "main", "cross.bin");
    assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("cdn-bytes");
    assertThat(authSeen.get("/datasets/ns/d/resolve/main/cross.bin"))
        .containsOnly("Bearer " + TOKEN);
    assertThat(authSeen.get("/blob/cross")).containsOnly("null");
  }

  @Test
  void sameHostRedirectKeepsAuthorization() {
    byte[] got = client().readAllBytes(RepoRef.dataset("ns/d"), "main", "same.bin");
    assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("local-bytes");
    assertThat(authSeen.get("/local-blob/same")).containsOnly("Bearer " + TOKEN);
  }

  @Test
  void channelResolvesRedirectOnceAndReadsFromTheTargetWithoutToken() throws Exception {
    try (HubFileChannel ch =
        client().openChannel(RepoRef.dataset("ns/d"), "main", "cross.bin", 9, 4)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(9);
      while (b.hasRemaining() && ch.read(b) > 0) {
        // read all
      }
      assertThat(new String(b.array(), StandardCharsets.UTF_8)).isEqualTo("cdn-bytes");
    }
    assertThat(authSeen.get("/datasets/ns/d/resolve/main/cross.bin")).hasSize(1);
    assertThat(authSeen.get("/blob/cross")).hasSizeGreaterThan(1).containsOnly("null");
  }
}
