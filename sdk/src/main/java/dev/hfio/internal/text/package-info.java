/**
 * Not API, may change without notice: decoding the line- and document-based data files the Hub
 * holds besides Parquet (JSON Lines, JSON arrays, CSV/TSV, plain text, each optionally gzip, zstd
 * or bzip2 compressed) as pure logic over byte streams (no HTTP): the format and compression of a
 * file, line splitting with byte offsets, CSV records, schema inference from sampled rows the way
 * {@code datasets}' json and csv builders infer it, and rows decoded against a schema. Public only
 * so {@code dev.hfio} can use it.
 *
 * <p>Decoding failures are {@link dev.hfio.internal.text.RecordException}s, which the reader turns
 * into {@code dev.hfio.dataset.MalformedRecordException} naming the file and line.
 */
package dev.hfio.internal.text;
