package dev.hfio.internal.dataset;

import java.util.Objects;

/**
 * One file of a repository listing: its path relative to the repo root (no leading slash) and its
 * size in bytes ({@code -1} when unknown). This is the only input the layout logic needs from the
 * Hub tree API.
 */
public record RepoFile(String path, long size) implements java.io.Serializable {
  public RepoFile {
    Objects.requireNonNull(path, "path");
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("repo paths are relative to the repo root, got " + path);
    }
  }

  public static RepoFile of(String path) {
    return new RepoFile(path, -1);
  }

  /** The last path component. */
  public String basename() {
    int i = path.lastIndexOf('/');
    return i < 0 ? path : path.substring(i + 1);
  }
}
