package dev.hfio.schematransforms;

import java.util.StringJoiner;

/** The text of a configuration for toString and messages: set keys only, the token hidden. */
final class ConfigText {
  /** What a token is shown as. */
  static final String HIDDEN = "***";

  private ConfigText() {}

  /** {@code Type{key=value, ...}} of the pairs whose value is not null. */
  static String describe(String type, Object... keysAndValues) {
    StringJoiner j = new StringJoiner(", ", type + "{", "}");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      if (v != null) {
        j.add(keysAndValues[i] + "=" + v);
      }
    }
    return j.toString();
  }
}
