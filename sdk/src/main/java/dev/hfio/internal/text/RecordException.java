package dev.hfio.internal.text;

/**
 * One record could not be decoded; the message says why, without the file (the reader adds repo,
 * commit and path). {@link #line()} is the 1-based line in the file when the thrower knows it.
 */
public final class RecordException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long line;

  public RecordException(String message) {
    this(message, 0, null);
  }

  public RecordException(String message, Throwable cause) {
    this(message, 0, cause);
  }

  public RecordException(String message, long line, Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** The 1-based line of the record, or 0 when unknown here. */
  public long line() {
    return line;
  }

  /** This failure at {@code line}. */
  public RecordException at(long line) {
    return new RecordException(getMessage(), line, getCause() == null ? this : getCause());
  }
}
