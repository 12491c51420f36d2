package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Assertions shared by the commit-integrity and parsing attack tests: exact error, and nothing
 * internal leaked.
 */
final class StrictInputChecks {
  private StrictInputChecks() {}

  /**
   * Beyond {@link Leaks#INTERNAL}: our stack frames and the text of Jackson's parse errors (never
   * echoed).
   */
  private static final String[] PARSER_TEXT = {
    "at dev.hfio", "Unrecognized token", "line: ", "column: ", "Source:", "[Source"
  };

  /**
   * Asserts status + X-Error-Code, a message, and that neither headers nor body echo internals or
   * the tokens.
   */
  static void assertError(LocalHub hub, HttpResponse<byte[]> r, int status, String code) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(status);
    assertThat(r.headers().firstValue("X-Error-Code")).as(body).contains(code);
    assertThat(r.headers().firstValue("X-Error-Message")).isPresent();
    assertThat(HubHttp.json(r).get("error").asText()).isNotEmpty();
    assertNoLeak(hub, r);
  }

  static void assertNoLeak(LocalHub hub, HttpResponse<byte[]> r) {
    Leaks.assertNone(r, hub, "response", PARSER_TEXT);
  }

  /** Raw POST with an arbitrary content type. */
  static HttpResponse<byte[]> post(HubHttp h, String path, String contentType, String body) {
    return h.post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
