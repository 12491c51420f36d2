package dev.hfio.hub;

/** The Hub failed with a 5xx status (or the network failed) after all retries. */
public class ServerException extends HubException {
  private static final long serialVersionUID = 1L;

  public ServerException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
