package dev.hfio.parquet;

/**
 * Several Parquet files that must be read as one collection have incompatible schemas. The message names each
 * offending file and field so the user can fix or exclude that file (or pass an explicit schema).
 */
public class ParquetSchemaMismatchException extends IllegalArgumentException {
  public ParquetSchemaMismatchException(String message) {
    super(message);
  }
}
