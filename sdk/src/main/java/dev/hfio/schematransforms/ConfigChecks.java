package dev.hfio.schematransforms;

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
