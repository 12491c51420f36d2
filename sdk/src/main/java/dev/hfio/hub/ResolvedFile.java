package dev.hfio.hub;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Range reads of one file that cost at most one {@code /resolve} request per file and JVM: the
 * first read sends one {@code GET /resolve} without following its redirect and remembers the answer
 * in {@link ResolvedLocations} (the signed CDN URL of an LFS/Xet file, or the whole content of a
 * small file the Hub serves itself); every later read, by any client of the JVM, goes straight to
 * the CDN URL (never with the token: {@link AuthInterceptor} only sends it to the endpoint's
 * origin) or is served from memory. A CDN URL is resolved again when it has expired or is about to
 * (its {@code Expires} / {@code X-Amz-Date}+{@code X-Amz-Expires}), or when the CDN refuses it
 * (403, 404, 410): once per read. Only revisions that are commit shas are shared across reads (a
 * branch may move); other revisions are resolved per {@link ResolvedFile}. Internal.
 */
final class ResolvedFile {
  private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  /** Same-origin redirects (renamed repos) a resolve follows at most. */
  private static final int MAX_SAME_ORIGIN_REDIRECTS = 10;

  private final HubHttp http;
  private final HttpUrl resolveUrl;
  private final ResolvedLocations.Key key; // null: not shared
  private final ResolvedLocations.Slot slot;
  private final ErrorContext ctx;

  ResolvedFile(HubHttp http, RepoRef repo, String revision, String path, ErrorContext ctx) {
    this.http = http;
    this.resolveUrl = http.resolveUrl(repo, revision, path);
    this.ctx = ctx;
    this.key =
        COMMIT_SHA.matcher(revision).matches()
            ? new ResolvedLocations.Key(
                http.endpoint.toString(), tokenId(http.token), repo.toString(), revision, path)
            : null;
    this.slot = key == null ? new ResolvedLocations.Slot() : ResolvedLocations.slot(key);
  }

  /** The resolve URL of the file. */
  HttpUrl resolveUrl() {
    return resolveUrl;
  }

  /**
   * Reads up to {@code len} bytes at {@code offset} into {@code dst}; fewer only at end of file.
   * {@code sizeHint} is the file's size if known (from a listing), else -1.
   */
  int read(long sizeHint, long offset, byte[] dst, int off, int len) {
    if (len == 0) {
      return 0;
    }
    for (int attempt = 0; ; attempt++) {
      HttpUrl target;
      synchronized (slot) {
        byte[] whole = key == null ? null : ResolvedLocations.bytes(key);
        if (whole != null) {
          return copy(whole, 0, offset, dst, off, len);
        }
        boolean evicted =
            key != null
                && slot.direct
                && slot.size >= 0
                && slot.size <= ResolvedLocations.MAX_SMALL_FILE_BYTES; // its bytes were evicted
        if (evicted || !slot.usable(System.currentTimeMillis())) {
          Probe p = resolve(sizeHint, offset, len);
          if (p.whole) {
            if (key != null) {
              ResolvedLocations.putBytes(key, p.content);
            }
            return copy(p.content, 0, offset, dst, off, len);
          }
          if (p.content != null
              && (p.exact || (offset >= p.from && offset + len <= p.from + p.content.length))) {
            return copy(p.content, p.from, offset, dst, off, len);
          }
        }
        target = slot.direct ? null : slot.target;
      }
      if (target == null) {
        // a large file the Hub serves itself: every read is a resolve (the real Hub never does
        // this; it redirects every file above 10 MB)
        return RangeReader.read(http, resolveUrl, offset, dst, off, len, ctx).count();
      }
      try {
        return RangeReader.read(http, target, offset, dst, off, len, ctx).count();
      } catch (HubException e) {
        if (attempt > 0 || !refusedByCdn(e.status())) {
          throw e;
        }
        synchronized (slot) {
          if (target.equals(slot.target)) {
            slot.forget(); // expired or withdrawn: the next attempt resolves again
          }
        }
      }
    }
  }

  /** The file's size: remembered, else from one resolve (and, if need be, one CDN request). */
  long size() {
    synchronized (slot) {
      byte[] whole = key == null ? null : ResolvedLocations.bytes(key);
      if (whole != null) {
        return whole.length;
      }
      if (slot.size >= 0 && slot.usable(System.currentTimeMillis())) {
        return slot.size;
      }
      if (slot.size < 0 || slot.target == null) {
        Probe p = resolve(-1, 0, 0);
        if (p.whole && key != null) {
          ResolvedLocations.putBytes(key, p.content);
        }
      }
      if (slot.size < 0 && slot.target != null) {
        slot.size = RangeReader.read(http, slot.target, 0, new byte[1], 0, 1, ctx).totalSize();
      }
      return slot.size;
    }
  }

  private static boolean refusedByCdn(int status) {
    return status == 403 || status == 404 || status == 410;
  }

  private static int copy(byte[] src, long srcFrom, long offset, byte[] dst, int off, int len) {
    long start = offset - srcFrom;
    if (start < 0 || start >= src.length) {
      return 0;
    }
    int n = (int) Math.min(len, src.length - start);
    System.arraycopy(src, (int) start, dst, off, n);
    return n;
  }

  /**
   * What a resolve brought besides the location: the whole file ({@code whole}), the caller's range
   * ({@code exact}), or a prefix of a large file served by the Hub itself; null content: a
   * redirect.
   */
  private record Probe(byte[] content, long from, boolean whole, boolean exact) {
    static final Probe REDIRECT = new Probe(null, 0, false, false);
  }

  /**
   * One {@code GET /resolve} without following a redirect to another origin; fills the slot. A file
   * that may be small (listed size at most {@link ResolvedLocations#MAX_SMALL_FILE_BYTES}, or
   * unknown) is asked for whole, so that if the Hub serves it itself no further request is needed;
   * otherwise the caller's range is asked for. Caller holds the slot's monitor.
   */
  private Probe resolve(long sizeHint, long offset, int len) {
    boolean small =
        key != null && (sizeHint < 0 || sizeHint <= ResolvedLocations.MAX_SMALL_FILE_BYTES);
    long from = small || len == 0 ? 0 : offset;
    long to = small || len == 0 ? ResolvedLocations.MAX_SMALL_FILE_BYTES - 1L : offset + len - 1;
    long deadline = http.deadlineFromNow();
    return http.withRetries(
        ctx,
        HubHttp.Kind.IDEMPOTENT,
        deadline,
        () -> {
          HttpUrl u = resolveUrl;
          for (int hop = 0; ; hop++) {
            Request req =
                new Request.Builder()
                    .url(u)
                    .get()
                    .header("Range", "bytes=" + from + "-" + to)
                    .header("Accept-Encoding", "identity")
                    .build();
            okhttp3.Call call = http.noRedirects.newCall(req);
            HubHttp.limit(call, deadline);
            try (Response r = call.execute()) {
              if (r.isRedirect()) {
                String loc = r.header("Location");
                HttpUrl next = loc == null ? null : u.resolve(loc);
                if (next == null) {
                  throw HubHttp.invalidResponse(
                      r.code(), r.headers(), ctx, "a redirect without a usable Location");
                }
                if (AuthInterceptor.sameOrigin(next, http.endpoint)
                    && hop < MAX_SAME_ORIGIN_REDIRECTS) {
                  u = next;
                  continue;
                }
                slot.forget();
                slot.target = next;
                slot.resolvedAt = System.currentTimeMillis();
                slot.expiresAt = SignedUrlExpiry.of(next);
                String linked = r.header("X-Linked-Size");
                if (linked != null && slot.size < 0) {
                  try {
                    slot.size = Long.parseLong(linked.trim());
                  } catch (NumberFormatException e) {
                    // unknown size: the CDN's Content-Range will tell
                  }
                }
                return Probe.REDIRECT;
              }
              if (r.code() == 416) {
                slot.forget();
                slot.direct = true;
                long total = RangeReader.totalOf(r.header("Content-Range"), from == 0 ? 0 : -1);
                slot.size = total;
                return from == 0 && total == 0
                    ? new Probe(new byte[0], 0, true, false)
                    : new Probe(new byte[0], offset, false, true);
              }
              if (!r.isSuccessful()) {
                throw http.statusFailure(
                    r.code(), r.headers(), HubHttp.readSmall(r), ctx, HubHttp.Kind.IDEMPOTENT);
              }
              boolean ranged = r.code() == 206;
              long total =
                  ranged
                      ? RangeReader.totalOf(r.header("Content-Range"), -1)
                      : r.body().contentLength();
              try (InputStream in = r.body().byteStream()) {
                if (!ranged && from > 0) {
                  in.skipNBytes(from); // the server ignored Range
                }
                byte[] body = in.readNBytes(small || len == 0 ? (int) (to - from + 2) : len);
                slot.forget();
                slot.direct = true;
                if (from == 0 && (total == body.length || (total < 0 && body.length <= to))) {
                  slot.size = body.length;
                  return new Probe(body, 0, true, false);
                }
                slot.size = total;
                return new Probe(body, from, false, !(small || len == 0));
              }
            }
          }
        });
  }

  /** A short fingerprint of the token: URLs signed for one token are never used with another. */
  private static String tokenId(String token) {
    if (token == null) {
      return "";
    }
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
