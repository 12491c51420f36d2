package dev.hfio.fs;

/**
 * A write ({@code create}, {@code copy}, {@code rename}, {@code delete}) through {@code hf://} that
 * needs a token with write access: none was configured, or the one given is read-only, invalid or
 * lacks access to the repository. The message says how to provide one ({@code --hfToken} or {@code
 * HF_TOKEN}).
 */
public class HfTokenRequiredException extends HfFileSystemException {
  private static final long serialVersionUID = 1L;

  public HfTokenRequiredException(String message, Throwable cause) {
    super(message, cause);
  }
}
