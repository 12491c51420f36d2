package dev.hfio.dataset;

import dev.hfio.errors.HfException;

/**
 * A record of a JSON Lines, JSON, CSV/TSV or text data file could not be decoded (invalid JSON, a
 * value that does not fit the column's type, a CSV row with too many fields, ...). The message
 * names the repository, the commit, the file and the 1-based line number where the record starts,
 * so the exact line can be fixed; {@link #path()} and {@link #line()} give them to code.
 */
public class MalformedRecordException extends HfException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final long line;

  public MalformedRecordException(String message, String path, long line) {
    super(message);
    this.path = path;
    this.line = line;
  }

  public MalformedRecordException(String message, String path, long line, Throwable cause) {
    super(message, cause);
    this.path = path;
    this.line = line;
  }

  /** The file's path in the repository. */
  public String path() {
    return path;
  }

  /** The 1-based line where the bad record starts, or 0 when it is not about one line. */
  public long line() {
    return line;
  }
}
