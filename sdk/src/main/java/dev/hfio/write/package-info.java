/**
 * Internals of {@code HfIO.write()}: the expansion ({@link dev.hfio.write.HubWriteExpansion}), the preflight that
 * runs once before any upload (token role, repo, branch, mode and APPEND schema checks), the per-worker shard
 * writers that upload Parquet shards as LFS objects, and the single finalize step that names the shards and
 * publishes them in one commit (or one pull-request merge), idempotently through a write id recorded in the commit
 * description. Only {@code HubWriteExpansion} and {@code WriteSettings} are public, for {@code HfIO}; they are
 * {@code @Internal}.
 *
 * <p>What to catch: {@code HfIO.WriteException} for a write the user must fix, or any {@link
 * dev.hfio.errors.HfException} (Hub failures, schema mismatches) raised while writing.
 */
package dev.hfio.write;
