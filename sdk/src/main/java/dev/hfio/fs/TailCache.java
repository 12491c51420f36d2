package dev.hfio.fs;

import dev.hfio.hub.HfPath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@link HfReadChannel#TAIL} bytes of recently opened files (Parquet/ORC footers), keyed
 * by commit-pinned path and shared by the JVM. Beam's Parquet reader opens a file again for every
 * restriction call and split, so without it each open re-fetched the tail: 64 KiB per row-group
 * split, more than the row group itself when row groups are small. Bounded ({@value #CAPACITY}
 * entries, least recently used go first); only pinned paths (40-hex revision) are cached, since a
 * commit's content never changes.
 */
final class TailCache {
  static final int CAPACITY = 128;
  private static final Map<HfPath, byte[]> TAILS =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<HfPath, byte[]> eldest) {
          return size() > CAPACITY;
        }
      };

  private TailCache() {}

  /** The cached tail of {@code p}, or null. */
  static byte[] get(HfPath p) {
    synchronized (TAILS) {
      return TAILS.get(p);
    }
  }

  static void put(HfPath p, byte[] tail) {
    if (SizeCache.isPinned(p)) {
      synchronized (TAILS) {
        TAILS.put(p, tail);
      }
    }
  }
}
