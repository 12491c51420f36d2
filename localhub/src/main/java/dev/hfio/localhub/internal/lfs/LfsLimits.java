package dev.hfio.localhub.internal.lfs;

import java.time.Duration;

/**
 * Bounds on the LFS API, so one client cannot make the server hold unbounded memory or disk: ticket
 * lifetime, outstanding tickets per repo, objects per batch request, object size and multipart part
 * count.
 *
 * @param ticketTtl lifetime of an upload/verify/download URL (a multipart upload's is renewed by
 *     each part PUT)
 * @param maxTicketsPerRepo outstanding tickets per repo; beyond it the batch API answers 429 until
 *     some expire
 * @param maxBatchObjects objects per batch request; beyond it 413
 * @param maxObjectBytes largest LFS object; a larger one gets a 422 error object in the batch
 *     answer
 * @param maxParts most multipart parts per object; the chunk size grows above the configured one
 *     when needed
 */
public record LfsLimits(
    Duration ticketTtl,
    int maxTicketsPerRepo,
    int maxBatchObjects,
    long maxObjectBytes,
    int maxParts) {
  /** The Hub-like defaults: 15 minutes, 10,000 tickets, 1,000 objects, 500 GB, 10,000 parts. */
  public static LfsLimits defaults() {
    return new LfsLimits(Duration.ofMinutes(15), 10_000, 1_000, 500_000_000_000L, 10_000);
  }

  /**
   * Chunk size for a multipart upload of {@code size} bytes: at least {@code chunk}, and at most
   * maxParts parts.
   */
  public long chunkSizeFor(long size, long chunk) {
    long min = (size + maxParts - 1) / maxParts;
    return Math.max(chunk, min);
  }
}
