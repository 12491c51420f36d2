package dev.hfio.hub;

/** The branch, tag or commit does not exist in the repository (X-Error-Code RevisionNotFound). */
public class RevisionNotFoundException extends HubException {
  private static final long serialVersionUID = 1L;

  public RevisionNotFoundException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
