package dev.hfio.parquet;

import dev.hfio.errors.HfException;

/**
 * Several Parquet files that must be read as one collection have incompatible schemas. The message
 * names each offending file and field so the user can fix or exclude that file (or pass an explicit
 * schema).
 */
public class ParquetSchemaMismatchException extends HfException {
  public ParquetSchemaMismatchException(String message) {
    super(message);
  }
}
