package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Assertions shared by the commit-integrity and parsing attack tests: exact error, and nothing internal leaked. */
final class StrictInputChecks {
  private StrictInputChecks() {}

  /** Fragments that would reveal internals: exception class names, stack frames, JVM packages, Jackson text. */
  private static final List<String> INTERNAL = List.of("Exception", "\tat ", "at dev.hfio", "java.", "org.eclipse",
      "jgit", "com.fasterxml", "Unrecognized token", "line: ", "column: ", "Source:", "[Source");

  /** Asserts status + X-Error-Code, a message, and that neither headers nor body echo internals or the tokens. */
  static void assertError(LocalHub hub, HttpResponse<byte[]> r, int status, String code) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(status);
    assertThat(r.headers().firstValue("X-Error-Code")).as(body).contains(code);
    assertThat(r.headers().firstValue("X-Error-Message")).isPresent();
    assertThat(HubHttp.json(r).get("error").asText()).isNotEmpty();
    assertNoLeak(hub, r);
  }

  static void assertNoLeak(LocalHub hub, HttpResponse<byte[]> r) {
    StringBuilder all = new StringBuilder(new String(r.body(), StandardCharsets.UTF_8));
    for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
      all.append('\n').append(h.getKey()).append(": ").append(String.join(",", h.getValue()));
    }
    String text = all.toString();
    for (String bad : INTERNAL) {
      assertThat(text).as("response leaks '%s'", bad).doesNotContain(bad);
    }
    assertThat(text).doesNotContain(hub.writeToken()).doesNotContain(hub.readToken())
        .doesNotContain(hub.adminToken()).doesNotContain(hub.dataDir().toString())
        .doesNotContain(System.getProperty("java.io.tmpdir") + "/");
  }

  /** Raw POST with an arbitrary content type. */
  static HttpResponse<byte[]> post(HubHttp h, String path, String contentType, String body) {
    return h.post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
