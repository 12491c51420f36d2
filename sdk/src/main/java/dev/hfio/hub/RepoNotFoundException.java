package dev.hfio.hub;

/**
 * The repository does not exist or the token cannot see it (HTTP 404 RepoNotFound, or 401 on a repo
 * URL).
 */
public class RepoNotFoundException extends HubException {
  private static final long serialVersionUID = 1L;

  public RepoNotFoundException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
