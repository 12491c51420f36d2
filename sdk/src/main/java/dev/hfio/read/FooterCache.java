package dev.hfio.read;

import dev.hfio.parquet.ParquetFooter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-JVM LRU cache of Parquet footers keyed by pinned file location, so a worker fetches a file's footer at most
 * once even though initial restriction, sizing and processing all need it. Files at a commit never change.
 */
final class FooterCache {
  private static final int MAX_ENTRIES = 2048;
  private static final Map<String, ParquetFooter> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ParquetFooter> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /** Whole small files (at most {@link #SMALL_FILE_BYTES} each), kept until processed. */
  private static final int MAX_SMALL_FILES = 1024;

  /** Files up to this size are fetched whole with one request (the footer's tail read would fetch most anyway). */
  static final long SMALL_FILE_BYTES = 64 * 1024;

  private static final Map<String, byte[]> SMALL_FILES = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > MAX_SMALL_FILES;
    }
  };

  private FooterCache() {}

  static synchronized byte[] smallFile(String key) {
    return SMALL_FILES.get(key);
  }

  static synchronized void putSmallFile(String key, byte[] bytes) {
    SMALL_FILES.put(key, bytes);
  }

  static synchronized void removeSmallFile(String key) {
    SMALL_FILES.remove(key);
  }

  static synchronized ParquetFooter get(String key) {
    return CACHE.get(key);
  }

  static synchronized void put(String key, ParquetFooter footer) {
    CACHE.put(key, footer);
  }

  /** For tests that count footer fetches. */
  static synchronized void clear() {
    CACHE.clear();
    SMALL_FILES.clear();
  }
}
