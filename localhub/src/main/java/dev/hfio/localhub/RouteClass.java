package dev.hfio.localhub;

/**
 * Groups of routes used for request counters and fault injection, so tests can target "all
 * downloads" or "all commits" without naming individual URLs.
 */
public enum RouteClass {
  /** Every {@code /api/*} route except commits. */
  API,
  /** {@code /resolve/} and {@code /raw/} downloads. */
  RESOLVE,
  /** LFS batch, upload hrefs, multipart parts, completion and verify. */
  LFS,
  /** {@code POST .../commit/{rev}} and pull-request merges. */
  COMMIT,
  /**
   * Signed-URL downloads of LFS objects on the CDN origin (the targets of {@code /resolve}
   * redirects).
   */
  CDN;

  /** Lower-case name used in counters and the admin HTTP API. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses the lower-case key used by the admin HTTP API. */
  public static RouteClass fromKey(String key) {
    return valueOf(key.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
