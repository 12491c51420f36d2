package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one rule every attack test checks on every answer: localhub never shows a client an internal
 * error (exception or class names, stack frames, JVM/Jetty/JGit/Jackson text), a server path (data
 * dir, temp dir) or a token. Tests add what they know is secret in their own scenario (other users'
 * tokens, private bytes, oids).
 */
final class Leaks {
  private Leaks() {}

  /** Internal-error fragments no answer may contain. */
  static final List<String> INTERNAL =
      List.of("Exception", "\tat ", "java.", "org.eclipse", "jgit", "com.fasterxml", "surefire");

  /**
   * What no answer of {@code hub} may contain: {@link #INTERNAL}, its tokens and paths, and {@code
   * extra}.
   */
  static List<String> forbidden(LocalHub hub, String... extra) {
    List<String> out = new ArrayList<>(INTERNAL);
    out.addAll(
        List.of(
            hub.writeToken(),
            hub.readToken(),
            hub.adminToken(),
            hub.dataDir().toAbsolutePath().toString(),
            System.getProperty("java.io.tmpdir") + "/"));
    out.addAll(List.of(extra));
    return out;
  }

  /**
   * Asserts that {@code text} (an answer's status line, headers and body) contains none of {@code
   * forbidden}.
   */
  static void assertNone(String text, List<String> forbidden, String what) {
    for (String f : forbidden) {
      assertThat(text).as("%s leaks '%s'", what, f).doesNotContain(f);
    }
  }

  /**
   * Headers and body of {@code r} as one text (the body read as ISO-8859-1, so any bytes compare).
   */
  static String text(HttpResponse<byte[]> r) {
    StringBuilder all = new StringBuilder(new String(r.body(), StandardCharsets.ISO_8859_1));
    for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
      all.append('\n').append(h.getKey()).append(": ").append(String.join(",", h.getValue()));
    }
    return all.toString();
  }

  /** {@link #assertNone} on {@code r} against {@code hub}'s forbidden list plus {@code extra}. */
  static void assertNone(HttpResponse<byte[]> r, LocalHub hub, String what, String... extra) {
    assertNone(text(r), forbidden(hub, extra), what);
  }
}
