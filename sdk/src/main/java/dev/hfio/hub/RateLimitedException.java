package dev.hfio.hub;

/** The Hub kept answering 429 Too Many Requests after all retries. */
public class RateLimitedException extends HubException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
