package dev.hfio;

import dev.hfio.internal.parquet.ParquetFooter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-JVM LRU cache of Parquet footers keyed by pinned file location, so a worker fetches a file's
 * footer at most once even though initial restriction, sizing and processing all need it. Files at
 * a commit never change.
 */
final class FooterCache {
  private static final int MAX_ENTRIES = 2048;
  private static final Map<String, ParquetFooter> CACHE =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParquetFooter> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /**
   * Files up to this size are fetched whole with one request when processed (the footer's tail read
   * would fetch most anyway); see {@link ReadShardFn#isSmall}.
   */
  static final long SMALL_FILE_BYTES = 64 * 1024;

  private FooterCache() {}

  static synchronized ParquetFooter get(String key) {
    return CACHE.get(key);
  }

  static synchronized void put(String key, ParquetFooter footer) {
    CACHE.put(key, footer);
  }

  /** For tests that count footer fetches. */
  static synchronized void clear() {
    CACHE.clear();
  }
}
