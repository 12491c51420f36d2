package dev.hfio.hub;

/**
 * Repo path rules shared by the client and its commands: trimming and huggingface_hub's
 * normalisation. Internal.
 */
final class RepoPaths {
  private RepoPaths() {}

  /** Strips leading and trailing slashes ("" stays ""). */
  static String trimSlashes(String p) {
    String s = p;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * Normalises a repo path like huggingface_hub: strips leading '/' and './', rejects '..', .git/
   * and empty.
   */
  static String normalize(String path) {
    String p = path;
    while (p.startsWith("/") || p.startsWith("./")) {
      p = p.startsWith("/") ? p.substring(1) : p.substring(2);
    }
    boolean folder = p.endsWith("/");
    String check = folder ? p.substring(0, p.length() - 1) : p;
    if (check.isEmpty()) {
      throw new IllegalArgumentException("Empty path in repo: '" + path + "'");
    }
    for (String seg : check.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid path in repo '" + path + "': no '.', '..' or empty segments");
      }
    }
    if (check.equals(".git")
        || check.startsWith(".git/")
        || check.equals(".cache")
        || check.startsWith(".cache/")) {
      throw new IllegalArgumentException(
          "Invalid path in repo '" + path + "': .git/ and .cache/ are reserved");
    }
    return p;
  }

  /** {@code op} with its path normalised (the same instance if it already was). */
  static CommitOperation normalize(CommitOperation op) {
    String p = normalize(op.path());
    if (p.equals(op.path())) {
      return op;
    }
    if (op instanceof CommitOperation.AddBytes a) {
      return new CommitOperation.AddBytes(p, a.content());
    } else if (op instanceof CommitOperation.AddFile a) {
      return new CommitOperation.AddFile(p, a.source());
    } else if (op instanceof CommitOperation.AddUpload a) {
      return new CommitOperation.AddUpload(p, a.upload());
    } else if (op instanceof CommitOperation.AddLfs a) {
      return new CommitOperation.AddLfs(p, a.sha256(), a.size());
    } else if (op instanceof CommitOperation.Delete) {
      return new CommitOperation.Delete(p);
    }
    return new CommitOperation.DeleteFolder(p);
  }
}
