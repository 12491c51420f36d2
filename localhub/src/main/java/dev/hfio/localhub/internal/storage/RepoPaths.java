package dev.hfio.localhub.internal.storage;

import dev.hfio.localhub.internal.error.HubError;

/** Validation of file paths inside a repo, applied to every write before anything is stored. */
public final class RepoPaths {
  private RepoPaths() {}

  /**
   * Returns the path unchanged if it is a safe repo-relative file path, else throws 400
   * InvalidPath.
   */
  public static String checkFile(String path) {
    String why = problem(path);
    if (why != null) {
      throw HubError.badRequest("InvalidPath", "Invalid path '" + printable(path) + "': " + why);
    }
    return path;
  }

  /** Folder form: a single trailing slash is allowed and stripped. */
  public static String checkFolder(String path) {
    String p = path != null && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return checkFile(p);
  }

  /**
   * The path as it may appear in an error message: itself when valid, else a placeholder (never
   * echoed raw).
   */
  public static String shown(String path) {
    return path == null || path.isEmpty() || problem(path) == null ? path : "(not a valid path)";
  }

  static String problem(String p) {
    if (p == null || p.isEmpty()) {
      return "empty";
    }
    if (p.length() > 4096) {
      return "longer than 4096 characters";
    }
    if (p.startsWith("/")) {
      return "must not start with '/'";
    }
    if (p.indexOf('\\') >= 0) {
      return "must not contain a backslash";
    }
    if (p.indexOf('\0') >= 0) {
      return "must not contain NUL";
    }
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty()) {
        return "empty segment (double or trailing '/')";
      }
      if (seg.equals("..") || seg.equals(".")) {
        return "must not contain '.' or '..' segments";
      }
      if (seg.equals(".git")) {
        return "must not touch '.git/'";
      }
    }
    return null;
  }

  private static String printable(String p) {
    return p == null ? "null" : p.replace("\0", "\\0");
  }
}
