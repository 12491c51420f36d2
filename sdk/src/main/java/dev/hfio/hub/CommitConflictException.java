package dev.hfio.hub;

/**
 * A commit was rejected because the branch moved since its parent commit (HTTP 412) or conflicts
 * (409); re-read and retry.
 */
public class CommitConflictException extends HubException {
  private static final long serialVersionUID = 1L;

  public CommitConflictException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
