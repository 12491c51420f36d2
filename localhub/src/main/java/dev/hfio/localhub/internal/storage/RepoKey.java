package dev.hfio.localhub.internal.storage;

import dev.hfio.localhub.internal.error.HubError;
import java.util.regex.Pattern;

/**
 * Identity of a Hub repo: type plus {@code namespace/name}; validated so it is safe as a directory
 * name.
 */
public record RepoKey(RepoType type, String namespace, String name) {
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");

  public String id() {
    return namespace + "/" + name;
  }

  @Override
  public String toString() {
    return type.singular() + " " + id();
  }

  /** Throws 400 InvalidRepoName unless both parts are Hub-valid names. */
  public static RepoKey of(RepoType type, String namespace, String name) {
    validate(namespace, "namespace");
    validate(name, "name");
    return new RepoKey(type, namespace, name);
  }

  public static boolean isValidName(String s) {
    return s != null
        && NAME.matcher(s).matches()
        && !s.contains("--")
        && !s.contains("..")
        && !s.endsWith(".git");
  }

  private static void validate(String s, String what) {
    if (!isValidName(s)) {
      throw HubError.badRequest(
          "InvalidRepoName",
          "Invalid repo "
              + what
              + ": use 1-96 letters, digits, '-', '_', '.', starting and ending with a letter or digit, without '--' or '..'");
    }
  }
}
