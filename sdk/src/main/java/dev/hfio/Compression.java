package dev.hfio;

/**
 * The Parquet column compression {@link HfIO.Write#withCompression} writes with: the user-facing
 * codec choice of {@code HfIO.write()}, kept apart from the Parquet engine's own types. The default
 * is {@link #SNAPPY}, what {@code datasets} writes; {@link #ZSTD} gives smaller files.
 */
public enum Compression {
  SNAPPY,
  ZSTD,
  GZIP,
  UNCOMPRESSED
}
