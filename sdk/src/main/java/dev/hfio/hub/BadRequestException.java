package dev.hfio.hub;

/** The Hub rejected the request as malformed or invalid (HTTP 400/413/422). */
public class BadRequestException extends HubException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
