/**
 * The Parquet part of HfIO's API: {@link dev.hfio.parquet.RowFilter}, the row predicate a read
 * pushes into the Parquet reader, and the Parquet failures a user can catch. The Parquet engine
 * itself (footers, schema mapping, row group reader, writer) is in {@code
 * dev.hfio.internal.parquet} and is not API.
 *
 * <p>What to catch: {@link dev.hfio.parquet.ParquetReadException} (a file that is not Parquet,
 * truncated or corrupt), {@link dev.hfio.parquet.ParquetSchemaMismatchException} (files of one
 * collection disagree) and {@link dev.hfio.parquet.DecimalScaleException} (a value does not fit its
 * column); all are {@link dev.hfio.errors.HfException}s, unchecked.
 */
package dev.hfio.parquet;
