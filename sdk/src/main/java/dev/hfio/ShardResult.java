package dev.hfio;

import java.io.Serializable;

/**
 * What a worker reports for one shard it wrote and uploaded as an LFS object: enough for the
 * finalize step to reference the object in a commit ({@code lfsFile} path, sha256, size) without
 * touching the bytes again.
 *
 * @param tempId worker-chosen unique id (tie-breaker for ordering; never a repo path)
 * @param sha256 lowercase hex sha256 of the file (its LFS oid)
 */
record ShardResult(String tempId, String sha256, long size, long rows, int rowGroups)
    implements Serializable {}
