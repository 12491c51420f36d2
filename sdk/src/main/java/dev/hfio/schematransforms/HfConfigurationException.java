package dev.hfio.schematransforms;

import dev.hfio.errors.HfException;

/**
 * A schema-transform configuration (a config row, map or YAML of keys) that HfIO cannot use: an
 * unknown key, a missing required key, a value of the wrong type or out of range, a malformed
 * {@code filter}, or keys that exclude each other. The message names the key, the value and what to
 * write instead; it never contains the token.
 */
public class HfConfigurationException extends HfException {
  private static final long serialVersionUID = 1L;

  public HfConfigurationException(String message) {
    super(message);
  }

  public HfConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
