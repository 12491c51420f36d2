package dev.hfio.hub;

import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The JVM-wide memory of where each file at a commit is served from, so a worker JVM sends at most
 * one {@code /resolve} request per file (the Hub counts every one against the user's resolver
 * quota): the signed CDN URL a {@code /resolve} redirected to (until it expires or the CDN refuses
 * it), or, for a file the Hub serves itself (not stored in LFS/Xet, at most {@link
 * #MAX_SMALL_FILE_BYTES}), the file's bytes. Keyed by endpoint, token, repo, commit sha and path:
 * files at a commit never change, and a URL signed for one token is never used by another. Shared
 * by every client of the JVM (every DoFn instance, the hf:// FileSystem's channels, the writer's
 * footer reads). Bounded: {@link #MAX_ENTRIES} locations and {@link #MAX_CACHED_BYTES} of file
 * bytes, least recently used first out. Internal.
 */
final class ResolvedLocations {
  /** Locations remembered at most (a few hundred bytes each). */
  static final int MAX_ENTRIES = 10_000;

  /**
   * Files the Hub serves without redirect up to this size are fetched whole on first use (the real
   * Hub serves only non-LFS files itself, and those are at most 10 MB).
   */
  static final int MAX_SMALL_FILE_BYTES = 10 << 20;

  /** Bytes of such small files kept at most. */
  static final long MAX_CACHED_BYTES = 64L << 20;

  /** Where one file is served from; guarded by its own monitor. */
  static final class Slot {
    /** The signed URL the resolve redirected to; null when unknown or the Hub serves the file. */
    HttpUrl target;

    /** Epoch ms at which {@link #target} expires ({@link SignedUrlExpiry#UNKNOWN}: unknown). */
    long expiresAt = SignedUrlExpiry.UNKNOWN;

    /** Epoch ms at which {@link #target} was obtained. */
    long resolvedAt;

    /** The Hub serves the file itself (no redirect). */
    boolean direct;

    /** The file's size, -1 if unknown. */
    long size = -1;

    /**
     * Whether the remembered location can serve a read at {@code now}: a redirect target that has
     * not expired and is not about to (within a quarter of its lifetime, at most 5 s), or a file
     * the Hub serves itself.
     */
    boolean usable(long now) {
      if (direct) {
        return true;
      }
      if (target == null) {
        return false;
      }
      if (expiresAt == SignedUrlExpiry.UNKNOWN) {
        return true;
      }
      long margin = Math.min(5_000L, Math.max(0, expiresAt - resolvedAt) / 4);
      return now < expiresAt - margin;
    }

    void forget() {
      target = null;
      direct = false;
      expiresAt = SignedUrlExpiry.UNKNOWN;
    }
  }

  /** A file at a commit, as seen by one endpoint and token. */
  record Key(String endpoint, String tokenId, String repo, String sha, String path) {}

  private static final Map<Key, Slot> SLOTS =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Slot> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private static final Map<Key, byte[]> BYTES = new LinkedHashMap<>(64, 0.75f, true);
  private static long cachedBytes;

  private ResolvedLocations() {}

  /** The shared slot of {@code key}, created on first use. */
  static Slot slot(Key key) {
    synchronized (SLOTS) {
      return SLOTS.computeIfAbsent(key, k -> new Slot());
    }
  }

  /** The whole content of a small file served by the Hub itself, or null. */
  static byte[] bytes(Key key) {
    synchronized (SLOTS) {
      return BYTES.get(key);
    }
  }

  /** Keeps the whole content of a small file; evicts least recently used files past the bound. */
  static void putBytes(Key key, byte[] content) {
    if (content.length > MAX_SMALL_FILE_BYTES) {
      return;
    }
    synchronized (SLOTS) {
      byte[] old = BYTES.put(key, content);
      cachedBytes += content.length - (old == null ? 0 : old.length);
      var it = BYTES.entrySet().iterator();
      while (cachedBytes > MAX_CACHED_BYTES && it.hasNext()) {
        var e = it.next();
        if (e.getKey().equals(key)) {
          continue;
        }
        cachedBytes -= e.getValue().length;
        it.remove();
      }
    }
  }

  /** Forgets everything (tests that count requests from a cold start). */
  static void clear() {
    synchronized (SLOTS) {
      SLOTS.clear();
      BYTES.clear();
      cachedBytes = 0;
    }
  }
}
