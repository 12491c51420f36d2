/**
 * Java client for the Hugging Face Hub HTTP API: {@link dev.hfio.hub.HubClient} (repos, listing, ranged reads,
 * LFS upload, commits), {@link dev.hfio.hub.HfPath} (the {@code hf://} grammar), {@link dev.hfio.hub.HubFileChannel}
 * (seekable reads for Parquet), typed {@link dev.hfio.hub.HubException}s and {@link dev.hfio.hub.RetryPolicy}.
 * Works against huggingface.co and against localhub.
 */
package dev.hfio.hub;
