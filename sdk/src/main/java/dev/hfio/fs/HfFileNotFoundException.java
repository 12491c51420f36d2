package dev.hfio.fs;

import java.io.FileNotFoundException;

/**
 * An {@code hf://} file, directory, revision or repository that does not exist (or that the token cannot see). A
 * {@link FileNotFoundException} because Beam treats that type as "missing" (e.g. when filtering missing files); the
 * Hub's typed exception, when there is one, is the cause.
 */
public class HfFileNotFoundException extends FileNotFoundException {
  private static final long serialVersionUID = 1L;

  public HfFileNotFoundException(String message, Throwable cause) {
    super(message);
    if (cause != null) {
      initCause(cause);
    }
  }
}
