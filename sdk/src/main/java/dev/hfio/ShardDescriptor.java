package dev.hfio;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ParquetFooter;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One Parquet file to read, pinned to a commit: the element the splittable DoFn receives. Carries
 * the footer when the planner already read it, so workers need not fetch it again.
 *
 * @param size file size in bytes (from the listing), or -1 if unknown
 * @param footer the parsed footer, or null when the worker must read (and verify) it
 */
record ShardDescriptor(
    RepoRef repo, String sha, String path, long size, @Nullable ParquetFooter footer)
    implements Serializable {

  /** The pinned hf:// location, for messages. */
  String location() {
    return HfPath.of(repo, sha, path).toString();
  }

  /** Cache key of this file's footer: content is immutable at a commit. */
  String cacheKey() {
    return repo + "@" + sha + "/" + path;
  }
}
