package dev.hfio.fs;

import dev.hfio.errors.HfException;
import dev.hfio.hub.HubException;
import java.io.IOException;

/**
 * A Hub failure seen through the {@code hf://} FileSystem. Beam's FileSystem SPI speaks {@link
 * IOException}; this carries the typed {@link HfException} (for a Hub call a {@link HubException}:
 * repo, revision, path, status, request id) as its cause so callers can still react by type. The
 * message never contains the token.
 */
public class HfFileSystemException extends IOException {
  private static final long serialVersionUID = 1L;

  public HfFileSystemException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The typed HfIO failure behind this one (a {@link HubException} for Hub calls), or null when
   * there is none.
   */
  public HfException hfException() {
    return getCause() instanceof HfException h ? h : null;
  }

  /** The Hub failure behind this one, or null when it did not come from a Hub call. */
  public HubException hubException() {
    return getCause() instanceof HubException h ? h : null;
  }
}
