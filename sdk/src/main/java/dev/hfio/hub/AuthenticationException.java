package dev.hfio.hub;

/** The token is missing, invalid or expired (HTTP 401). */
public class AuthenticationException extends HubException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
