package dev.hfio.localhub.internal.storage;

import org.eclipse.jgit.lib.ObjectId;

/**
 * One operation of a Hub commit, already decoded and validated. A regular file's content is written
 * to git as a blob while the payload is parsed, so the operation carries only the blob id (and its
 * size) and a commit of many files never holds more than one file's bytes in memory.
 */
public record CommitOp(Kind kind, String path, ObjectId blob, String lfsOid, long lfsSize) {
  /** Operation kinds of the NDJSON commit payload. */
  public enum Kind {
    FILE,
    LFS_FILE,
    DELETE_FILE,
    DELETE_FOLDER
  }

  /**
   * A regular file whose content is already stored as git blob {@code blob} of {@code size} bytes.
   */
  public static CommitOp file(String path, ObjectId blob, long size) {
    return new CommitOp(Kind.FILE, RepoPaths.checkFile(path), blob, null, size);
  }

  public static CommitOp lfs(String path, String oid, long size) {
    return new CommitOp(Kind.LFS_FILE, RepoPaths.checkFile(path), null, oid, size);
  }

  public static CommitOp deleteFile(String path) {
    return new CommitOp(Kind.DELETE_FILE, RepoPaths.checkFile(path), null, null, 0);
  }

  public static CommitOp deleteFolder(String path) {
    return new CommitOp(Kind.DELETE_FOLDER, RepoPaths.checkFolder(path), null, null, 0);
  }

  /** True for operations that add or replace a file. */
  boolean adds() {
    return kind == Kind.FILE || kind == Kind.LFS_FILE;
  }
}
