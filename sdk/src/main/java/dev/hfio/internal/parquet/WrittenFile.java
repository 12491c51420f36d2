package dev.hfio.internal.parquet;

import java.io.Serializable;

/**
 * What a {@link RowParquetWriter} produced: everything an uploader needs (size and sha256 for the
 * LFS pointer) without reading the file again.
 *
 * @param path local path, as a string so the record stays serializable
 * @param sha256 lowercase hex SHA-256 of the file's bytes
 * @param uncompressedBytes the sum of the row groups' {@code total_byte_size} in the footer: the
 *     encoded column data (pages with their headers, dictionary pages included) before compression
 */
public record WrittenFile(
    String path, long size, String sha256, long rowCount, int rowGroups, long uncompressedBytes)
    implements Serializable {}
