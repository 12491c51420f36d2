/**
 * Beam SQL over Hugging Face Hub datasets: {@link dev.hfio.sql.HfTableProvider} is the table type
 * {@code huggingface} ({@code CREATE EXTERNAL TABLE t (...) TYPE huggingface LOCATION
 * 'hf://datasets/ns/name'}). Selects read through {@link dev.hfio.HfIO#read()} with the query's
 * columns and the filter conditions HfIO can evaluate pushed into the reader; {@code INSERT INTO}
 * writes through {@link dev.hfio.HfIO#write()} as one commit. A separate artifact ({@code
 * dev.hfio:hfio-sql}) because Beam SQL is large.
 */
package dev.hfio.sql;
