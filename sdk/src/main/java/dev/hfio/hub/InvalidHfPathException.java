package dev.hfio.hub;

import dev.hfio.errors.HfException;

/**
 * Thrown when a string is not a valid {@code hf://} path; the message shows the input and the
 * expected form.
 */
public class InvalidHfPathException extends HfException {
  private static final long serialVersionUID = 1L;

  static final String EXPECTED =
      "hf://[datasets/|spaces/|models/]namespace/name[@revision][/path], e.g. hf://datasets/ns/name@main/data/train.parquet"
          + " (revisions containing '/' other than refs/pr/N and refs/convert/NAME are written with %2F)";

  private final String input;

  InvalidHfPathException(String input, String reason) {
    super("Invalid hf:// path '" + input + "': " + reason + ". Expected " + EXPECTED);
    this.input = input;
  }

  /** The rejected input. */
  public String input() {
    return input;
  }
}
