package dev.hfio.localhub.internal.http;

/**
 * What of a request may be written to logs and error messages: the raw path with LFS ticket ids
 * (the secrets in {@code /lfs-upload|lfs-verify|lfs-download/<ticket>} URLs) replaced, control
 * characters escaped and the length bounded. Query strings and headers are never logged.
 */
final class LogRedaction {
  private static final int MAX = 512;

  private LogRedaction() {}

  static String path(String rawPath) {
    if (rawPath == null) {
      return "";
    }
    String p = rawPath;
    for (String prefix : new String[] {"/lfs-upload/", "/lfs-verify/", "/lfs-download/"}) {
      if (p.startsWith(prefix)) {
        int end = p.indexOf('/', prefix.length());
        p = prefix + "<ticket>" + (end < 0 ? "" : p.substring(end));
        break;
      }
    }
    StringBuilder sb = new StringBuilder(Math.min(p.length(), MAX + 3));
    for (int i = 0; i < p.length() && sb.length() < MAX; i++) {
      char c = p.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (p.length() > MAX) {
      sb.append("...");
    }
    return sb.toString();
  }
}
