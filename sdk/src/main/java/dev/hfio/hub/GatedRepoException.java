package dev.hfio.hub;

/**
 * The repository is gated: the user must accept its conditions on the Hub website before reading
 * it.
 */
public class GatedRepoException extends ForbiddenException {
  private static final long serialVersionUID = 1L;

  public GatedRepoException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
