package dev.hfio.localhub.storage;

/** One operation of a Hub commit, already decoded and validated. */
public record CommitOp(Kind kind, String path, byte[] content, String lfsOid, long lfsSize) {
  /** Operation kinds of the NDJSON commit payload. */
  public enum Kind {
    FILE,
    LFS_FILE,
    DELETE_FILE,
    DELETE_FOLDER
  }

  public static CommitOp file(String path, byte[] content) {
    return new CommitOp(Kind.FILE, RepoPaths.checkFile(path), content, null, content.length);
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
}
