package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.hfio.errors.HfException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a hostile HTTP server: answers localhub will never give (a 200 whose body is
 * not JSON and echoes the token, an endless body, a body trickling one byte per second, pagination
 * that loops or never ends). This is not a mock of the Hub: it is a deliberately broken server
 * built on {@code com.sun.net.httpserver}, and every test asserts the typed {@link HfException} the
 * client must turn it into, within a bounded time.
 */
class HostileServerTest {
  private static final String TOKEN = "hf_hostileServerSecretToken0123456789";
  private static final RepoRef REPO = RepoRef.dataset("ns/hostile");

  private HttpServer server;

  private String start(HttpHandler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "hostile-server");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", handler);
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static HubClient client(String endpoint, RetryPolicy retry) {
    return HubClient.builder().endpoint(endpoint).token(TOKEN).retryPolicy(retry).build();
  }

  /**
   * Everything a user or a log could see of a throwable: messages and stack traces of the whole
   * cause chain.
   */
  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static void answer(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Test
  void nonJsonBodyEchoingTheTokenStaysOutOfTheExceptionAndItsCauses() throws Exception {
    String endpoint =
        start(
            ex -> {
              String auth =
                  String.valueOf(ex.getRequestHeaders().getFirst("Authorization"))
                      .replace("Bearer ", "");
              answer(
                  ex,
                  200,
                  "text/html",
                  auth + " <html><body>SECRET-PAGE-MARKER " + auth + "</body></html>");
            });
    HubClient c = client(endpoint, RetryPolicy.NONE);
    Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, c::whoami);
    assertThat(t)
        .isInstanceOf(InvalidResponseException.class)
        .isInstanceOf(HfException.class)
        .hasMessageContaining("whoami")
        .hasMessageContaining("not JSON")
        .hasMessageContaining("text/html")
        .hasMessageContaining("HF_ENDPOINT");
    assertThat(everything(t))
        .doesNotContain(TOKEN)
        .doesNotContain("SECRET-PAGE-MARKER")
        .doesNotContain("hf_***");
    assertThat(((HubException) t).status()).isEqualTo(200);
  }

  @Test
  void errorStatusWithAPlainTextBodyIsNotEchoed() throws Exception {
    String endpoint =
        start(
            ex -> {
              String auth =
                  String.valueOf(ex.getRequestHeaders().getFirst("Authorization"))
                      .replace("Bearer ", "");
              answer(ex, 400, "text/plain", "PROXY-ECHO-MARKER request was: Authorization " + auth);
            });
    HubClient c = client(endpoint, RetryPolicy.NONE);
    assertThatThrownBy(() -> c.repoInfo(REPO, "main"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("ns/hostile")
        .satisfies(
            t ->
                assertThat(everything(t))
                    .doesNotContain("PROXY-ECHO-MARKER")
                    .doesNotContain(TOKEN)
                    .doesNotContain("hf_***"))
        .satisfies(t -> assertThat(((HubException) t).serverMessage()).isNull());
  }

  @Test
  void jsonOfTheWrongShapeInAListingIsTyped() throws Exception {
    String endpoint =
        start(ex -> answer(ex, 200, "application/json", "{\"error\":\"" + TOKEN + "\"}"));
    HubClient c = client(endpoint, RetryPolicy.NONE);
    assertThatThrownBy(() -> c.listTree(REPO).revision("main").recursive().iterate().hasNext())
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageContaining("JSON array")
        .hasMessageContaining("ns/hostile")
        .satisfies(t -> assertThat(everything(t)).doesNotContain(TOKEN));
  }

  @Test
  void endlessBodyFailsAfterTheCapWithoutBufferingItWhole() throws Exception {
    AtomicInteger sentMiB = new AtomicInteger();
    String endpoint =
        start(
            ex -> {
              ex.getResponseHeaders().set("Content-Type", "application/json");
              ex.sendResponseHeaders(200, 0); // chunked, no length: the body never ends
              byte[] chunk =
                  ("{\"a\":\"" + "x".repeat(1 << 20) + "\"},").getBytes(StandardCharsets.UTF_8);
              try (OutputStream out = ex.getResponseBody()) {
                out.write('[');
                while (sentMiB.get() < 4096) { // 4 GiB: far beyond any heap of this test JVM
                  out.write(chunk);
                  sentMiB.incrementAndGet();
                }
              } catch (IOException clientWentAway) {
                // expected: the client stops reading at the cap
              }
            });
    HubClient c = client(endpoint, RetryPolicy.NONE);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () ->
            assertThatThrownBy(c::whoami)
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("larger than 32 MiB"));
    assertThat(sentMiB.get()).isLessThan(200);
  }

  @Test
  void declaredHugeBodyFailsBeforeReadingIt() throws Exception {
    String endpoint =
        start(
            ex -> {
              ex.getResponseHeaders().set("Content-Type", "application/json");
              ex.sendResponseHeaders(200, 10L << 30);
              ex.getResponseBody().close();
            });
    HubClient c = client(endpoint, RetryPolicy.NONE);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(c::whoami)
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("larger than 32 MiB"));
  }

  @Test
  void bodyTricklingOneBytePerSecondFailsAtTheCallDeadlineRetriesIncluded() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    String endpoint =
        start(
            ex -> {
              requests.incrementAndGet();
              ex.getResponseHeaders().set("Content-Type", "application/json");
              ex.sendResponseHeaders(200, 0);
              try (OutputStream out = ex.getResponseBody()) {
                out.write('{');
                out.flush();
                for (int i = 0; i < 120; i++) {
                  Thread.sleep(1000);
                  out.write(' ');
                  out.flush();
                }
              } catch (IOException | InterruptedException clientWentAway) {
                // expected: the client gives up at its deadline
              }
            });
    // Read timeout 60 s: each byte arrives well within it, so only the call deadline can end the
    // call.
    HubClient c =
        HubClient.builder()
            .endpoint(endpoint)
            .token(TOKEN)
            .readTimeout(Duration.ofSeconds(60))
            .retryPolicy(RetryPolicy.DEFAULT.withCallDeadline(Duration.ofSeconds(3)))
            .build();
    long start = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(c::whoami)
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("whoami")
                .hasMessageContaining("deadline of 3 s"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(2900), Duration.ofSeconds(10));
    assertThat(requests.get())
        .isEqualTo(1); // the deadline covers the whole call: no retry after it
  }

  @Test
  void paginationLinkingBackToAReadPageIsALoop() throws Exception {
    AtomicInteger pages = new AtomicInteger();
    String endpoint =
        start(
            ex -> {
              pages.incrementAndGet();
              // page 1 -> page 2 -> page 1 -> ...
              String cursor =
                  ex.getRequestURI().getQuery() != null
                          && ex.getRequestURI().getQuery().contains("cursor=2")
                      ? "1"
                      : "2";
              ex.getResponseHeaders()
                  .set(
                      "Link",
                      "<" + ex.getRequestURI().getPath() + "?cursor=" + cursor + ">; rel=\"next\"");
              answer(
                  ex,
                  200,
                  "application/json",
                  "[{\"type\":\"file\",\"path\":\"a"
                      + pages.get()
                      + ".txt\",\"size\":1,\"oid\":\"0000000000000000000000000000000000000000\"}]");
            });
    HubClient c = client(endpoint, RetryPolicy.NONE);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(
                    () -> {
                      Iterator<TreeEntry> it =
                          c.listTree(REPO).revision("main").recursive().iterate();
                      while (it.hasNext()) {
                        it.next();
                      }
                    })
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("pagination loop")
                .hasMessageContaining("ns/hostile"));
    assertThat(pages.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void endlessPaginationStopsAtThePageCap() throws Exception {
    AtomicInteger pages = new AtomicInteger();
    String endpoint =
        start(
            ex -> {
              int n = pages.incrementAndGet();
              ex.getResponseHeaders()
                  .set(
                      "Link",
                      "<" + ex.getRequestURI().getPath() + "?cursor=" + n + ">; rel=\"next\"");
              answer(ex, 200, "application/json", "[" + n + "]");
            });
    HubHttp http =
        new HubHttp(
            new OkHttpClient(), HttpUrl.get(endpoint), TOKEN, RetryPolicy.NONE, Sleeper.SYSTEM);
    PagedIterator<JsonNode> it =
        new PagedIterator<>(
            http,
            HttpUrl.get(endpoint + "/api/list"),
            ErrorContext.of("list things", REPO, "main", null),
            n -> n,
            5);
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(
                    () -> {
                      while (it.hasNext()) {
                        it.next();
                      }
                    })
                .isInstanceOf(InvalidResponseException.class)
                .hasMessageContaining("more than 5 pages"));
    assertThat(pages.get()).isEqualTo(5);
    assertThat(PagedIterator.MAX_PAGES).isEqualTo(100_000);
  }
}
