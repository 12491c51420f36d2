package dev.hfio.hub;

/** The token is valid but lacks the permission needed (HTTP 403). */
public class ForbiddenException extends HubException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
