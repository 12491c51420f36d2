package dev.hfio.dataset;

import dev.hfio.errors.HfException;

/**
 * Base of the errors raised when a dataset repository's files, configs or card cannot be mapped to
 * configs and splits the way {@code datasets.load_dataset} would. It always stems from a
 * user-supplied name or repository layout, never from I/O; the message names the repository and
 * revision.
 */
public class DatasetLayoutException extends HfException {
  private static final long serialVersionUID = 1L;

  public DatasetLayoutException(String message) {
    super(message);
  }

  public DatasetLayoutException(String message, Throwable cause) {
    super(message, cause);
  }

  static String where(String repoId, String revision) {
    String r = repoId == null ? "?" : repoId;
    return revision == null || revision.isEmpty() ? r : r + "@" + revision;
  }
}
