package dev.hfio.hub;

/** The file or folder does not exist at that revision (X-Error-Code EntryNotFound). */
public class EntryNotFoundException extends HubException {
  private static final long serialVersionUID = 1L;

  public EntryNotFoundException(String message, ErrorDetails details, Throwable cause) {
    super(message, details, cause);
  }
}
