package dev.hfio.dataset;

/**
 * The repository (or the base directory / config) holds no data files, or a literal (wildcard-free)
 * {@code data_files} path of the card does not exist. Mirrors datasets' EmptyDatasetError and
 * FileNotFoundError during data file resolution.
 */
public final class DataFilesNotFoundException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  public DataFilesNotFoundException(String message) {
    super(message);
  }
}
