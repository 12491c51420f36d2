package dev.hfio.hub;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.HttpUrl;

/**
 * When a signed download URL stops working, read from its query: {@code Expires=<epoch seconds>}
 * (CloudFront-style URLs of the Hub's CDN and of localhub) or {@code X-Amz-Date} plus {@code
 * X-Amz-Expires} (S3 presigned URLs). A URL in another format has no known expiry: the CDN's 403
 * tells when it has expired. Internal.
 */
final class SignedUrlExpiry {
  /** No expiry could be read from the URL. */
  static final long UNKNOWN = Long.MAX_VALUE;

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private SignedUrlExpiry() {}

  /** Epoch milliseconds after which {@code url} is refused, or {@link #UNKNOWN}. */
  static long of(HttpUrl url) {
    String expires = url.queryParameter("Expires");
    if (expires != null && isDigits(expires)) {
      return Long.parseLong(expires) * 1000L;
    }
    String date = url.queryParameter("X-Amz-Date");
    String seconds = url.queryParameter("X-Amz-Expires");
    if (date != null && seconds != null && isDigits(seconds)) {
      try {
        long start = LocalDateTime.parse(date, AMZ_DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
        return start + Long.parseLong(seconds) * 1000L;
      } catch (DateTimeParseException e) {
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
