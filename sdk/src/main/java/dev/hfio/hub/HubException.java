package dev.hfio.hub;

import dev.hfio.errors.HfException;

/**
 * A failed Hub call. Carries the HTTP status, the Hub's {@code X-Error-Code}, the server's message,
 * the request id and the repo/revision/path it was about. Messages say what failed and what to do;
 * they never contain the token or an HTTP dump. Subclasses name the common failure kinds so callers
 * can react by type.
 */
public class HubException extends HfException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorCode;
  private final String serverMessage;
  private final String requestId;
  private final RepoRef repo;
  private final String revision;
  private final String path;

  public HubException(String message, ErrorDetails d, Throwable cause) {
    super(message, cause);
    this.status = d.status();
    this.errorCode = d.errorCode();
    this.serverMessage = d.serverMessage();
    this.requestId = d.requestId();
    this.repo = d.repo();
    this.revision = d.revision();
    this.path = d.path();
  }

  /** HTTP status, or 0 when no response was received (network failure). */
  public int status() {
    return status;
  }

  /** The {@code X-Error-Code} header, e.g. {@code RepoNotFound}; null when absent. */
  public String errorCode() {
    return errorCode;
  }

  /**
   * The message the server gave ({@code X-Error-Message} or the JSON {@code error}); null when
   * none.
   */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * The server's request id ({@code X-Request-Id}), useful when reporting a problem; null when
   * absent.
   */
  public String requestId() {
    return requestId;
  }

  public RepoRef repo() {
    return repo;
  }

  public String revision() {
    return revision;
  }

  public String path() {
    return path;
  }

  /** The facts a {@link HubException} carries, gathered while mapping a response. */
  public record ErrorDetails(
      int status,
      String errorCode,
      String serverMessage,
      String requestId,
      RepoRef repo,
      String revision,
      String path) {}
}
