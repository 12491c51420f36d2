package dev.hfio.hub;

/**
 * A Hub API call did not finish within its deadline ({@link RetryPolicy#callDeadline()}, all
 * attempts and waits included): the server accepted the connection but answered too slowly, e.g. a
 * body trickling a few bytes per second. The message names the action, repo, revision and path;
 * {@link #status()} is 0.
 */
public class DeadlineExceededException extends HubException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message, ErrorDetails d, Throwable cause) {
    super(message, d, cause);
  }
}
