/**
 * Not API, may change without notice: HfIO's Parquet engine, independent of HTTP. Public here only
 * so other sdk packages can use it. Reads a footer with one tail request ({@link
 * dev.hfio.internal.parquet.ParquetFooter}), maps Parquet schemas to Beam schemas and back through
 * one type table ({@link dev.hfio.internal.parquet.ParquetSchemas}), decodes projected column
 * chunks of one row group straight into Beam Rows from any {@link
 * dev.hfio.internal.parquet.RangeSource} ({@link dev.hfio.internal.parquet.RowGroupReader}, with
 * {@link dev.hfio.parquet.RowFilter} pushdown), and writes Rows to a local Parquet file while
 * hashing it ({@link dev.hfio.internal.parquet.RowParquetWriter}).
 *
 * <p>Failures are the exceptions of {@code dev.hfio.parquet}.
 */
package dev.hfio.internal.parquet;
