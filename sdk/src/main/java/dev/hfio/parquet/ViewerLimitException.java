package dev.hfio.parquet;

import dev.hfio.errors.HfException;

/**
 * A Parquet file a write produced is larger in one place than the Hub's dataset viewer reads (see
 * {@code HfIO.Write.withFailOnViewerLimits()}): the viewer would show an error instead of its rows.
 * The message names the repository, the branch, the file's path in the repository and what to
 * change. Nothing of the write was committed.
 */
public class ViewerLimitException extends HfException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public ViewerLimitException(String message, String path) {
    super(message);
    this.path = path;
  }

  /** The path of the file in the repository. */
  public String path() {
    return path;
  }
}
