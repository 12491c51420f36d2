package dev.hfio;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.text.FileCompression;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One JSON, CSV/TSV or text file to read, pinned to a commit: the element of {@link ReadTextFn}.
 * What planning learnt from the file's head travels with it.
 *
 * @param size file size in bytes (from the listing), or -1 if unknown
 * @param jsonLines for JSON: true when the file is JSON Lines (byte ranges possible), false when it
 *     is one document, null when not sampled ({@code .json} files are then read as one unit, as
 *     either layout)
 * @param csvMultiline for CSV: a sampled record spans lines, so the file is read as one unit
 */
record TextShard(
    RepoRef repo,
    String sha,
    String path,
    long size,
    FileCompression compression,
    @Nullable Boolean jsonLines,
    boolean csvMultiline)
    implements Serializable {

  /** The pinned hf:// location, for messages. */
  String location() {
    return HfPath.of(repo, sha, path).toString();
  }
}
