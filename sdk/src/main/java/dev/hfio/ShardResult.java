package dev.hfio;

import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a worker reports for one shard it wrote and uploaded as an LFS object: enough for the
 * finalize step to reference the object in a commit ({@code lfsFile} path, sha256, size) without
 * touching the bytes again.
 *
 * @param tempId worker-chosen unique id (tie-breaker for ordering; never a repo path)
 * @param sha256 lowercase hex sha256 of the file (its LFS oid)
 * @param split the split the shard belongs to when the write routes rows by split ({@code
 *     withSplitField}/{@code withSplitFn}), else null (the write's one target)
 * @param uncompressedBytes the sum of the file's row groups' {@code total_byte_size} (its data
 *     before compression), the card's {@code num_bytes} measure
 */
record ShardResult(
    String tempId,
    String sha256,
    long size,
    long rows,
    int rowGroups,
    @Nullable String split,
    long uncompressedBytes)
    implements Serializable {

  /** A shard of the write's one target (no split routing). */
  ShardResult(String tempId, String sha256, long size, long rows, int rowGroups) {
    this(tempId, sha256, size, rows, rowGroups, null, 0L);
  }
}
