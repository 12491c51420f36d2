package dev.hfio.schematransforms;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.RepoRef;
import java.util.function.Function;
import java.util.function.Supplier;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Checks of configuration values, failing with {@link HfConfigurationException}s. */
final class ConfigChecks {
  private ConfigChecks() {}

  static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new HfConfigurationException(String.format(format, args));
    }
  }

  /** The one of two exclusive keys that is set. */
  static String exactlyOne(
      String transform, String key1, @Nullable String v1, String key2, @Nullable String v2) {
    check(
        v1 != null || v2 != null,
        "%s: the key %s or %s is required (e.g. %s: hf://datasets/namespace/name or %s:"
            + " namespace/name)",
        transform,
        key1,
        key2,
        key1,
        key2);
    check(v1 == null || v2 == null, "%s: give %s or %s, not both", transform, key1, key2);
    return v1 != null ? v1 : v2;
  }

  /** Applies a {@code withX} of HfIO, turning its IllegalArgumentException into one for the key. */
  /**
   * The target of {@code transform}: exactly one of the keys path (an hf:// path shaped like {@code
   * pathShape}) and repo (a repo id), checked.
   */
  static String pathOrRepo(
      String transform, @Nullable String path, @Nullable String repo, String pathShape) {
    String target = exactlyOne(transform, "path", path, "repo", repo);
    if (path != null) {
      check(
          HfPath.isHfPath(path),
          "path: '%s' is not an hf:// path; expected "
              + pathShape
              + " (for a repo id use the key repo)",
          path);
    } else {
      check(
          !HfPath.isHfPath(repo) && RepoRef.isValidId(repo),
          "repo: '%s' is not a repo id of the form namespace/name (for an hf:// path use the key"
              + " path)",
          repo);
    }
    return target;
  }

  static <T> T call(String key, Function<String, T> withX, String value) {
    return call(key, () -> withX.apply(value));
  }

  static <T> T call(String key, Supplier<T> withX) {
    try {
      return withX.get();
    } catch (IllegalArgumentException e) {
      throw new HfConfigurationException(key + ": " + e.getMessage(), e);
    }
  }
}
