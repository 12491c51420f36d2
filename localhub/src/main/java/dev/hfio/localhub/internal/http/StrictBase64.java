package dev.hfio.localhub.internal.http;

import java.util.Base64;

/**
 * Strict RFC 4648 base64 (standard alphabet, padding required, no whitespace, no line breaks,
 * canonical trailing bits). Lenient decoders turn garbage into bytes (the MIME decoder skips
 * illegal characters, so {@code %%%} becomes an empty file and base64url text loses its {@code
 * -}/{@code _} characters); file contents must round-trip exactly.
 */
final class StrictBase64 {
  private StrictBase64() {}

  /**
   * Decodes {@code s}.
   *
   * @throws IllegalArgumentException naming the first problem (never echoing the input)
   */
  static byte[] decode(String s) {
    if (s.length() % 4 != 0) {
      throw new IllegalArgumentException(
          "length " + s.length() + " is not a multiple of 4 (padding missing)");
    }
    int pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
    for (int i = 0; i < s.length() - pad; i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '+'
          || c == '/')) {
        throw new IllegalArgumentException(
            c == '-' || c == '_'
                ? "base64url character at offset " + i + "; use the standard alphabet (+ and /)"
                : c == '='
                    ? "padding '=' inside the data at offset " + i
                    : "illegal character at offset " + i);
      }
    }
    if (pad > 0) {
      int last = value(s.charAt(s.length() - pad - 1));
      if ((pad == 2 ? last & 0x0f : last & 0x03) != 0) {
        throw new IllegalArgumentException("non-canonical padding bits at the end");
      }
    }
    return Base64.getDecoder().decode(s);
  }

  private static int value(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : 63;
  }
}
