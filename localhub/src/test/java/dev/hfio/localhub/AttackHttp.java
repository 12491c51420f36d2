package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test helper for the *AttackTest classes: sends hostile requests (also as raw bytes over a socket,
 * so nothing in the client normalises the path) and checks that an answer leaks nothing.
 */
final class AttackHttp {
  /** A response reduced to what the leak checks need. */
  record Answer(int status, Map<String, List<String>> headers, String body, boolean nulInUri) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().isEmpty() ? null : e.getValue().get(0);
        }
      }
      return null;
    }

    String code() {
      return header("X-Error-Code");
    }

    /**
     * Status line facts, headers and body as one string for "contains nothing forbidden" checks.
     */
    String all() {
      return status + " " + headers + "\n" + body;
    }
  }

  final String host;
  final int port;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<String> forbidden = new ArrayList<>();

  AttackHttp(LocalHub hub) {
    URI u = URI.create(hub.url());
    this.host = u.getHost();
    this.port = u.getPort();
    forbidden.addAll(Leaks.forbidden(hub, "/proc/", "cmdline", "/tmp/"));
  }

  static Answer of(HttpResponse<byte[]> r) {
    return new Answer(
        r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), false);
  }

  /** Sends exactly these bytes as the request target (no normalisation, no re-encoding). */
  Answer raw(String method, String target, String token, String contentType, String body) {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder req =
        new StringBuilder(method)
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\n")
            .append("Host: ")
            .append(host)
            .append(':')
            .append(port)
            .append("\r\nConnection: close\r\n");
    if (token != null) {
      req.append("Authorization: Bearer ").append(token).append("\r\n");
    }
    if (contentType != null) {
      req.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null || method.equals("POST") || method.equals("PUT")) {
      req.append("Content-Length: ").append(b.length).append("\r\n");
    }
    req.append("\r\n");
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
      Answer a = parse(s.getInputStream(), method.equals("HEAD"));
      return new Answer(
          a.status(), a.headers(), a.body(), target.toLowerCase(Locale.ROOT).contains("%00"));
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static Answer parse(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all); // Connection: close, bounded by the socket timeout
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String headPart = end < 0 ? text : text.substring(0, end);
    String body =
        end < 0
            ? ""
            : new String(all.toByteArray(), end + 4, all.size() - end - 4, StandardCharsets.UTF_8);
    String[] lines = headPart.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int c = lines[i].indexOf(':');
      if (c > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(c + 1).trim());
      }
    }
    if (headers.containsKey("transfer-encoding")) {
      body = dechunk(body);
    }
    return new Answer(status, headers, head ? "" : body, false);
  }

  private static String dechunk(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int nl = s.indexOf("\r\n", i);
      if (nl < 0) {
        break;
      }
      int n = Integer.parseInt(s.substring(i, nl).trim().split(";")[0], 16);
      if (n == 0) {
        break;
      }
      out.append(s, nl + 2, Math.min(s.length(), nl + 2 + n));
      i = nl + 2 + n + 2;
    }
    return out.toString();
  }

  /**
   * Asserts the exact status and X-Error-Code, and that nothing forbidden appears anywhere in the
   * answer.
   */
  Answer assertRejected(Answer a, int status, String code, String what) {
    if (a.nulInUri()) { // Jetty refuses a NUL in the URI before routing: a Hub-style 400 BadRequest
      status = 400;
      code = "BadRequest";
    }
    assertThat(a.status()).as(what + " -> " + a.all()).isEqualTo(status);
    assertThat(a.code()).as(what + " -> " + a.all()).isEqualTo(code);
    assertNoLeak(a, what);
    return a;
  }

  void assertNoLeak(Answer a, String what) {
    Leaks.assertNone(a.all(), forbidden, what);
  }
}
