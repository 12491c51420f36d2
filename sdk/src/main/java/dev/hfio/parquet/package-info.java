/**
 * HfIO's Parquet engine, independent of HTTP: read a footer with one tail request ({@link
 * dev.hfio.parquet.ParquetFooter}), map Parquet schemas to Beam schemas and back ({@link
 * dev.hfio.parquet.ParquetSchemas}), decode projected column chunks of one row group straight into
 * Beam Rows from any {@link dev.hfio.parquet.RangeSource} ({@link dev.hfio.parquet.RowGroupReader},
 * with {@link dev.hfio.parquet.RowFilter} pushdown), and write Rows to a local Parquet file while
 * hashing it ({@link dev.hfio.parquet.RowParquetWriter}).
 *
 * <p>What to catch: {@link dev.hfio.parquet.ParquetReadException} (a file that is not Parquet,
 * truncated or corrupt), {@link dev.hfio.parquet.ParquetSchemaMismatchException} (files of one
 * collection disagree) and {@link dev.hfio.parquet.DecimalScaleException} (a value does not fit its
 * column); all are {@link dev.hfio.errors.HfException}s, unchecked.
 */
package dev.hfio.parquet;
