package dev.hfio.internal.parquet;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Column-chunk compression a {@link RowParquetWriter} can apply (SNAPPY is what {@code datasets}
 * writes).
 */
public enum ParquetCompression {
  UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED),
  SNAPPY(CompressionCodecName.SNAPPY),
  ZSTD(CompressionCodecName.ZSTD),
  GZIP(CompressionCodecName.GZIP);

  private final CompressionCodecName codec;

  ParquetCompression(CompressionCodecName codec) {
    this.codec = codec;
  }

  CompressionCodecName codec() {
    return codec;
  }
}
