package dev.hfio.dataset;

/**
 * The README.md dataset card is malformed (bad YAML, duplicate keys, invalid {@code configs} or
 * {@code data_files} shape) or a card update is not allowed (for instance features of a new split
 * differ from those recorded for the other splits of the config).
 */
public final class DatasetCardException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  public DatasetCardException(String message) {
    super(message);
  }

  public DatasetCardException(String message, Throwable cause) {
    super(message, cause);
  }
}
