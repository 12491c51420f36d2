package dev.hfio.hub;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of repo paths and revisions in URLs, as huggingface_hub does it ({@code
 * urllib.parse.quote}): every byte of the UTF-8 form is encoded except the RFC 3986 unreserved
 * characters ({@code A-Z a-z 0-9 - . _ ~}) and, when asked, {@code /}. okhttp's {@code
 * addPathSegment(s)} leaves {@code [ ] + ; , & = @ : ! $ ' ( ) *} as they are, which the Hub (and
 * localhub) do not accept for {@code [} and {@code ]}.
 */
final class PathQuoting {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PathQuoting() {}

  /**
   * The encoded form of {@code s}; {@code keepSlash} keeps {@code /} (a file path), else it becomes
   * %2F.
   */
  static String quote(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
