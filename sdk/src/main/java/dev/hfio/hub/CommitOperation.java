package dev.hfio.hub;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One change in a commit. Added content is uploaded as the Hub decides (preupload): inline for
 * regular files, via LFS otherwise. {@link AddLfs} refers to an LFS object that is already
 * uploaded.
 */
public sealed interface CommitOperation {
  /** The repo path the operation applies to. */
  String path();

  /** Adds or replaces a file with in-memory content. */
  record AddBytes(String path, byte[] content) implements CommitOperation {}

  /** Adds or replaces a file from a local file (hashed only if it must go through LFS). */
  record AddFile(String path, Path source) implements CommitOperation {}

  /** Adds or replaces a file from an already hashed local file. */
  record AddUpload(String path, LfsUpload upload) implements CommitOperation {}

  /** Points a path at an LFS object already on the Hub (no upload). */
  record AddLfs(String path, String sha256, long size) implements CommitOperation {}

  /** Deletes one file. */
  record Delete(String path) implements CommitOperation {}

  /** Deletes a folder and everything under it. */
  record DeleteFolder(String path) implements CommitOperation {}

  static AddBytes add(String path, byte[] content) {
    return new AddBytes(path, Objects.requireNonNull(content));
  }

  static AddFile addFile(String path, Path source) {
    return new AddFile(path, source);
  }

  static AddUpload addUpload(String path, LfsUpload upload) {
    return new AddUpload(path, upload);
  }

  static AddLfs addLfs(String path, String sha256, long size) {
    return new AddLfs(path, sha256, size);
  }

  static Delete delete(String path) {
    return new Delete(path);
  }

  static DeleteFolder deleteFolder(String path) {
    return new DeleteFolder(path);
  }
}
