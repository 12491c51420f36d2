package dev.hfio.hub;

/**
 * The server answered, but not the way the Hub API does: a body that is not JSON (an HTML login
 * page of a proxy, a truncated answer), JSON of the wrong shape, an answer larger than the client
 * accepts, or pagination that loops or does not end. The message names the action, the repo,
 * revision and path, and what to check; it never contains the response body (which may echo a
 * token), and there is no cause carrying it. Usually {@code HF_ENDPOINT} or {@code --hfEndpoint}
 * points at something that is not a Hub, or a proxy in between rewrites answers.
 */
public class InvalidResponseException extends HubException {
  private static final long serialVersionUID = 1L;

  public InvalidResponseException(String message, ErrorDetails d) {
    super(message, d, null);
  }
}
