package dev.hfio.hub;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository on the Hub: its type plus its {@code namespace/name} id. Validated on construction
 * so that every URL built from it is well formed.
 */
public record RepoRef(RepoType type, String id) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern PART =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");

  public RepoRef {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "Invalid "
              + type.singular()
              + " repo id '"
              + id
              + "': expected 'namespace/name' made of letters, digits,"
              + " '-', '_' and '.', not starting or ending with '-' or '.', without '--' or '..'");
    }
  }

  /** A dataset repository, e.g. {@code RepoRef.dataset("ns/name")}. */
  public static RepoRef dataset(String id) {
    return new RepoRef(RepoType.DATASET, id);
  }

  public static RepoRef model(String id) {
    return new RepoRef(RepoType.MODEL, id);
  }

  public static RepoRef space(String id) {
    return new RepoRef(RepoType.SPACE, id);
  }

  /** True when {@code id} is a valid {@code namespace/name}. */
  public static boolean isValidId(String id) {
    int slash = id.indexOf('/');
    if (slash < 0 || slash != id.lastIndexOf('/')) {
      return false;
    }
    return isValidPart(id.substring(0, slash)) && isValidPart(id.substring(slash + 1));
  }

  static boolean isValidPart(String part) {
    return PART.matcher(part).matches() && !part.contains("--") && !part.contains("..");
  }

  public String namespace() {
    return id.substring(0, id.indexOf('/'));
  }

  public String name() {
    return id.substring(id.indexOf('/') + 1);
  }

  @Override
  public String toString() {
    return type.singular() + " " + id;
  }
}
