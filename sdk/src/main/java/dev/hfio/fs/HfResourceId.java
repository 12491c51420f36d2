package dev.hfio.fs;

import dev.hfio.hub.HfPath;
import java.util.Objects;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A file or directory on the Hub as Beam sees it: an {@link HfPath} (repo, optional revision, path)
 * whose directories end with {@code '/'}. {@link #toString()} is the canonical {@code hf://} URI
 * (the repository root directory renders as {@code hf://datasets/ns/name@rev/}) and round-trips
 * through {@code FileSystems.matchNewResource}. Resolving keeps the revision, so ids returned by
 * {@code match} (pinned to a commit sha) resolve to children of the same snapshot.
 */
final class HfResourceId implements ResourceId {
  private static final long serialVersionUID = 1L;

  private final HfPath path; // directories: path "" (root) or ending with '/'

  private HfResourceId(HfPath path) {
    this.path = path;
  }

  /**
   * The id of {@code path}; a directory if {@code isDirectory} (a trailing '/' is added when
   * missing).
   */
  static HfResourceId of(HfPath path, boolean isDirectory) {
    String p = path.path();
    if (isDirectory) {
      return new HfResourceId(p.isEmpty() || p.endsWith("/") ? path : path.withPath(p + "/"));
    }
    if (p.isEmpty() || p.endsWith("/")) {
      throw new IllegalArgumentException(
          "Expected a file path, but '"
              + path
              + (p.isEmpty() ? "/" : "")
              + "' is a directory (it ends with '/' or is a repository root)");
    }
    return new HfResourceId(path);
  }

  /** Parses an {@code hf://} string; a trailing '/' (or a bare repository) means a directory. */
  static HfResourceId parse(String spec) {
    HfPath p = HfPath.parse(spec);
    return of(p, p.path().isEmpty() || p.path().endsWith("/"));
  }

  /** The Hub location. */
  public HfPath hfPath() {
    return path;
  }

  /** The path inside the repository without trailing '/' ({@code ""} for the root). */
  String repoPath() {
    String p = path.path();
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /**
   * Resolves a relative path against this directory. Like Beam's own ids it throws {@link
   * IllegalStateException} when this is a file, and {@link IllegalArgumentException} for a file
   * name ending with '/'.
   */
  @Override
  public HfResourceId resolve(String other, ResolveOptions resolveOptions) {
    if (!isDirectory()) {
      throw new IllegalStateException(
          "Cannot resolve '"
              + other
              + "' against the file "
              + this
              + ": only directories (ending with '/') can be resolved against");
    }
    Objects.requireNonNull(other, "other");
    boolean toDirectory = resolveOptions == StandardResolveOptions.RESOLVE_DIRECTORY;
    if (!toDirectory && resolveOptions != StandardResolveOptions.RESOLVE_FILE) {
      throw new IllegalArgumentException(
          "Unsupported resolve option " + resolveOptions + " for " + this);
    }
    if (other.isEmpty()) {
      if (toDirectory) {
        return this;
      }
      throw new IllegalArgumentException("Cannot resolve an empty file name against " + this);
    }
    if (!toDirectory && other.endsWith("/")) {
      throw new IllegalArgumentException(
          "The file name '"
              + other
              + "' ends with '/': resolve it with "
              + "RESOLVE_DIRECTORY, or drop the '/'");
    }
    if (other.startsWith("/") || HfPath.isHfPath(other)) {
      throw new IllegalArgumentException(
          "Cannot resolve the absolute path '"
              + other
              + "' against "
              + this
              + ": give a path relative to it");
    }
    return of(path.resolve(other), toDirectory);
  }

  @Override
  public HfResourceId getCurrentDirectory() {
    if (isDirectory()) {
      return this;
    }
    return new HfResourceId(path.parent());
  }

  @Override
  public String getScheme() {
    return HfPath.SCHEME;
  }

  @Override
  public @Nullable String getFilename() {
    return path.path().isEmpty() ? null : path.fileName();
  }

  @Override
  public boolean isDirectory() {
    return path.path().isEmpty() || path.path().endsWith("/");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HfResourceId other && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    String s = path.toString();
    return path.path().isEmpty() ? s + "/" : s;
  }
}
