package dev.hfio.internal.text;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * The whole-file compression of a data file, from its last suffix as {@code datasets} extracts on
 * the fly: {@code .gz}, {@code .zst}, {@code .bz2} (concatenated streams are read through). A
 * compressed file cannot be entered at a byte offset, so it is always read as one unit.
 */
public enum FileCompression {
  NONE(""),
  GZIP(".gz"),
  ZSTD(".zst"),
  BZIP2(".bz2");

  /** Suffixes of compressions the Hub documents but this reader does not decode. */
  private static final java.util.Set<String> UNSUPPORTED =
      java.util.Set.of(".xz", ".lz4", ".zip", ".7z", ".tar", ".tgz");

  private final String suffix;

  FileCompression(String suffix) {
    this.suffix = suffix;
  }

  public String suffix() {
    return suffix;
  }

  /** The compression of {@code path} by its last suffix ({@link #NONE} for any other suffix). */
  public static FileCompression of(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    for (FileCompression c : values()) {
      if (c != NONE && p.endsWith(c.suffix)) {
        return c;
      }
    }
    return NONE;
  }

  /** The suffix of an archive or compression this reader cannot decode, if {@code path} has one. */
  public static Optional<String> unsupportedSuffix(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    int dot = p.lastIndexOf('.');
    int slash = p.lastIndexOf('/');
    if (dot <= slash) {
      return Optional.empty();
    }
    String s = p.substring(dot);
    return UNSUPPORTED.contains(s) ? Optional.of(s) : Optional.empty();
  }

  /** The decompressed stream of {@code raw} (buffered). */
  public InputStream open(InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw, 1 << 16);
    return switch (this) {
      case NONE -> in;
      case GZIP -> new GzipCompressorInputStream(in, true);
      case ZSTD -> new ZstdCompressorInputStream(in);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
    };
  }
}
