package dev.hfio.fs;

import dev.hfio.hub.HfPath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * File sizes learnt from listings, keyed by commit-pinned path, so {@code open} after {@code match}
 * needs no HEAD request. Bounded (least recently used entries go first) and shared by the JVM:
 * entries of a pinned path never go stale because a commit's content never changes. Only paths
 * whose revision is a 40-hex sha are cached.
 */
final class SizeCache {
  static final int CAPACITY = 200_000;
  private static final Map<HfPath, Long> SIZES =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<HfPath, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  private SizeCache() {}

  static boolean isPinned(HfPath p) {
    return p.revision() != null && p.revision().matches("[0-9a-f]{40}");
  }

  static void put(HfPath pinned, long size) {
    if (isPinned(pinned) && size >= 0) {
      synchronized (SIZES) {
        SIZES.put(pinned, size);
      }
    }
  }

  /** The cached size, or -1 when unknown. */
  static long get(HfPath p) {
    synchronized (SIZES) {
      Long s = SIZES.get(p);
      return s == null ? -1 : s;
    }
  }

  static int size() {
    synchronized (SIZES) {
      return SIZES.size();
    }
  }
}
