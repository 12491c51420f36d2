package dev.hfio.fs;

import java.io.FileNotFoundException;

/**
 * An {@code hf://} file, directory, revision or repository that does not exist (or that the token
 * cannot see). A {@link FileNotFoundException} because Beam and code written against its
 * FileSystems treat that type as "missing" ({@code NOT_FOUND} match results, ignoring missing
 * files), which is why it cannot also be an {@link HfFileSystemException}; the typed {@link
 * dev.hfio.errors.HfException} (usually a {@link dev.hfio.hub.HubException}), when there is one, is
 * the cause.
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
