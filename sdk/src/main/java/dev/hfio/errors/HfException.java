package dev.hfio.errors;

/**
 * The root of every failure HfIO reports to its user, so that "any HfIO failure" is one {@code
 * catch}. Each concrete subclass names one kind of failure (a Hub answer, a bad {@code hf://} path,
 * a dataset layout, a Parquet file, a write) and its message names the repository, revision and
 * path involved and what to do. Messages never contain a token or a response body.
 *
 * <p>Unchecked, like the failures of Beam transforms. The {@code hf://} FileSystem is the one
 * exception to the rule: Beam's FileSystem SPI speaks {@link java.io.IOException}, so it throws
 * {@code HfFileSystemException} or {@code HfFileNotFoundException} with the {@code HfException} as
 * cause.
 */
public abstract class HfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected HfException(String message) {
    super(message);
  }

  protected HfException(String message, Throwable cause) {
    super(message, cause);
  }
}
