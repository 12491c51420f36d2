/**
 * Java client for the Hugging Face Hub HTTP API: {@link dev.hfio.hub.HubClient} (repos, listing,
 * ranged reads, LFS upload, commits), {@link dev.hfio.hub.HfPath} (the {@code hf://} grammar),
 * {@link dev.hfio.hub.HubFileChannel} (seekable reads for Parquet), typed {@link
 * dev.hfio.hub.HubException}s and {@link dev.hfio.hub.RetryPolicy}. Works against huggingface.co
 * and against localhub.
 *
 * <p>What to catch: {@link dev.hfio.hub.HubException} for any failed call (subclasses by kind:
 * {@link dev.hfio.hub.RepoNotFoundException}, {@link dev.hfio.hub.AuthenticationException}, {@link
 * dev.hfio.hub.RateLimitedException}, {@link dev.hfio.hub.InvalidResponseException} for answers
 * that are not the Hub API's, {@link dev.hfio.hub.DeadlineExceededException} for a call past {@link
 * dev.hfio.hub.RetryPolicy#callDeadline()}, ...), {@link dev.hfio.hub.InvalidHfPathException} for a
 * malformed {@code hf://} path, {@link dev.hfio.errors.HfIOException} for a local file (token file,
 * upload source) that cannot be read. All are {@link dev.hfio.errors.HfException}s. API answers are
 * read as streams and capped at 32 MiB; no exception carries a response body or the token.
 */
package dev.hfio.hub;
