package dev.hfio.localhub.internal.storage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The one gate between client-supplied revision, branch and tag names and git refs. A name reaches
 * JGit only as a ref in a small allow-list of namespaces ({@code refs/heads/}, {@code refs/tags/},
 * {@code refs/pr/N}, {@code refs/convert/}) with a short name that passes git's check-ref-format
 * rules, so no client string ever becomes a path outside the repo's ref directory.
 */
public final class RefNames {
  /**
   * Longest short name accepted (git itself has no limit; file systems do at 255 bytes per
   * component).
   */
  static final int MAX_LENGTH = 200;

  private static final Pattern PR = Pattern.compile("refs/pr/[1-9][0-9]{0,8}");
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{5,40}");

  private RefNames() {}

  /**
   * git check-ref-format for a short name that may contain {@code /}: printable ASCII only, no space or
   * {@code ~^:?*[\}, no {@code ..} or {@code @{}, no empty, leading-dot or {@code .lock} component, no leading or
   * trailing {@code /} or {@code .}, not {@code @} and not {@code HEAD}, at most {@value #MAX_LENGTH} characters.
   */
  public static boolean isValidShortName(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > MAX_LENGTH
        || name.equals("@")
        || name.equals("HEAD")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "~^:?*[\\".indexOf(c) >= 0) {
        return false;
      }
    }
    if (name.contains("..") || name.contains("@{") || name.endsWith(".") || name.startsWith("-")) {
      return false;
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.startsWith(".") || part.endsWith(".lock")) {
        return false;
      }
    }
    return true;
  }

  /**
   * The full refs a client revision may name, in lookup order; empty when the revision is not a
   * valid ref name (it may still be a commit sha, see {@link #looksLikeSha}). {@code HEAD} and
   * empty mean {@code main}; {@code ~parquet} means {@code refs/convert/parquet}.
   */
  public static List<String> candidates(String rev) {
    String r = rev == null || rev.isEmpty() || rev.equals("HEAD") ? "main" : rev;
    if (r.equals("~parquet")) {
      return List.of("refs/convert/parquet");
    }
    if (r.startsWith("refs/")) {
      return isAllowedFullRef(r) ? List.of(r) : List.of();
    }
    return isValidShortName(r) ? List.of("refs/heads/" + r, "refs/tags/" + r) : List.of();
  }

  /**
   * True for {@code refs/heads/<n>}, {@code refs/tags/<n>}, {@code refs/convert/<n>} and {@code
   * refs/pr/N}.
   */
  public static boolean isAllowedFullRef(String ref) {
    if (ref == null) {
      return false;
    }
    if (PR.matcher(ref).matches()) {
      return true;
    }
    for (String ns : new String[] {"refs/heads/", "refs/tags/", "refs/convert/"}) {
      if (ref.startsWith(ns)) {
        return isValidShortName(ref.substring(ns.length()));
      }
    }
    return false;
  }

  /** 5 to 40 hex digits: may be a (short) commit id. */
  public static boolean looksLikeSha(String rev) {
    return rev != null && SHA.matcher(rev).matches();
  }

  /**
   * The ref a branch name denotes for branch creation and deletion: {@code refs/heads/<name>}, or
   * (localhub extension) {@code refs/convert/<name>} itself; null when the name is not a valid
   * branch name.
   */
  public static String branchRef(String name) {
    if (name != null && name.startsWith("refs/convert/")) {
      return isAllowedFullRef(name) ? name : null;
    }
    if (name == null || name.startsWith("refs/") || !isValidShortName(name)) {
      return null;
    }
    return "refs/heads/" + name;
  }

  /** {@code refs/tags/<name>}, or null when the name is not a valid tag name. */
  public static String tagRef(String name) {
    if (name == null || name.startsWith("refs/") || !isValidShortName(name)) {
      return null;
    }
    return "refs/tags/" + name;
  }

  /**
   * The revision as it may be shown in an error message, or a placeholder when it is not a valid
   * name.
   */
  public static String shown(String rev) {
    if (rev == null
        || rev.isEmpty()
        || rev.equals("HEAD")
        || rev.equals("~parquet")
        || looksLikeSha(rev)
        || !candidates(rev).isEmpty()) {
      return rev;
    }
    return "(not a valid revision name)";
  }
}
