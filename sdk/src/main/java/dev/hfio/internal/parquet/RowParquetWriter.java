package dev.hfio.internal.parquet;

import dev.hfio.parquet.DecimalScaleException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Writes Beam {@link Row}s (or Avro {@link GenericRecord}s) to one local Parquet file in a layout
 * the Hub viewer and {@code datasets} handle well (see conventions.md §3.3 and §3.6), hashing the
 * bytes as they are written. Memory is bounded by one row group: parquet-java buffers a row group,
 * then flushes it.
 *
 * <p>The row-group target is compared with parquet-java's buffered (encoded and compressed) size,
 * so the uncompressed size of a row group can exceed it by the compression ratio.
 *
 * <pre>{@code
 * try (RowParquetWriter w = RowParquetWriter.builder(path, schema).build()) {
 *   rows.forEach(w::write);
 *   WrittenFile f = w.finish();   // {path, size, sha256, rowCount, rowGroups}
 * }
 * }</pre>
 */
public final class RowParquetWriter implements Closeable {
  /** Default row-group target: 100 MB like {@code datasets}' MAX_ROW_GROUP_SIZE. */
  public static final long DEFAULT_ROW_GROUP_BYTES = 100L * 1000 * 1000;

  /** Default data page size (1 MiB, pyarrow's default). */
  public static final int DEFAULT_PAGE_BYTES = 1 << 20;

  private final Path path;
  private final Schema schema;
  private final org.apache.avro.Schema avroSchema;
  private final HashingOutputFile output;
  private final ParquetWriter<Row> writer;
  private long rowCount;
  private WrittenFile result;
  private boolean closed;
  private RuntimeException failure;

  /**
   * Starts configuring a writer of Rows with {@code schema} to {@code path} (overwritten if it
   * exists).
   */
  public static Builder builder(Path path, Schema schema) {
    return new Builder(path, schema, null);
  }

  /**
   * Starts configuring a writer of Avro records; the file schema is Beam's mapping of {@code
   * avroSchema}.
   */
  public static Builder builder(Path path, org.apache.avro.Schema avroSchema) {
    return new Builder(path, AvroUtils.toBeamSchema(avroSchema), avroSchema);
  }

  /** Writer settings. */
  public static final class Builder {
    private final Path path;
    private final Schema schema;
    private final org.apache.avro.Schema avroSchema;
    private long rowGroupBytes = DEFAULT_ROW_GROUP_BYTES;
    private int pageBytes = DEFAULT_PAGE_BYTES;
    private int dictionaryPageBytes = DEFAULT_PAGE_BYTES;
    private int pageRowCountLimit = ParquetProperties.DEFAULT_PAGE_ROW_COUNT_LIMIT;
    private ParquetCompression compression = ParquetCompression.SNAPPY;
    private boolean dictionary = true;
    private final Map<String, String> keyValueMetadata = new LinkedHashMap<>();
    private final java.util.Set<String> noDictionaryColumns = new java.util.LinkedHashSet<>();

    private Builder(Path path, Schema schema, org.apache.avro.Schema avroSchema) {
      this.path = path;
      this.schema = schema;
      this.avroSchema = avroSchema;
    }

    /** Target row-group size in bytes (default {@link #DEFAULT_ROW_GROUP_BYTES}). */
    public Builder rowGroupBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("rowGroupBytes must be > 0");
      }
      this.rowGroupBytes = bytes;
      return this;
    }

    public Builder pageBytes(int bytes) {
      this.pageBytes = bytes;
      return this;
    }

    public Builder dictionaryPageBytes(int bytes) {
      this.dictionaryPageBytes = bytes;
      return this;
    }

    public Builder pageRowCountLimit(int rows) {
      this.pageRowCountLimit = rows;
      return this;
    }

    public Builder compression(ParquetCompression compression) {
      this.compression = compression;
      return this;
    }

    /**
     * Dictionary encoding (default on); turn off for media/blob columns as {@code datasets} does.
     */
    public Builder dictionaryEncoding(boolean enabled) {
      this.dictionary = enabled;
      return this;
    }

    /**
     * Turns dictionary encoding off for one leaf column (dotted path, e.g. {@code "image.bytes"}),
     * as {@code datasets} does for embedded media. parquet-java 1.13 cannot vary compression per
     * column.
     */
    public Builder disableDictionary(String columnPath) {
      noDictionaryColumns.add(columnPath);
      return this;
    }

    /** Extra file key-value metadata, e.g. {@code "huggingface"} → features JSON. */
    public Builder keyValueMetadata(String key, String value) {
      keyValueMetadata.put(key, value);
      return this;
    }

    public RowParquetWriter build() throws IOException {
      return new RowParquetWriter(this);
    }
  }

  private static final class RowWriterBuilder extends ParquetWriter.Builder<Row, RowWriterBuilder> {
    private final WriteSupport<Row> support;

    RowWriterBuilder(OutputFile file, WriteSupport<Row> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected RowWriterBuilder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  private RowParquetWriter(Builder b) throws IOException {
    this.path = b.path;
    this.schema = b.schema;
    this.avroSchema = b.avroSchema;
    Files.deleteIfExists(path);
    this.output = new HashingOutputFile(path);
    RowWriteSupport support = new RowWriteSupport(schema, b.keyValueMetadata);
    RowWriterBuilder builder = new RowWriterBuilder(output, support);
    for (String column : b.noDictionaryColumns) {
      builder.withDictionaryEncoding(column, false);
    }
    this.writer =
        builder
            .withConf(new Configuration(false))
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .withCompressionCodec(b.compression.codec())
            .withRowGroupSize(b.rowGroupBytes)
            .withPageSize(b.pageBytes)
            .withDictionaryPageSize(b.dictionaryPageBytes)
            .withPageRowCountLimit(b.pageRowCountLimit)
            .withDictionaryEncoding(b.dictionary)
            .withMaxPaddingSize(0)
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
            .build();
  }

  public Schema schema() {
    return schema;
  }

  /** Appends one row; it must match {@link #schema()}. */
  public void write(Row row) throws IOException {
    if (result != null || closed) {
      throw new IllegalStateException("Writer of " + path + " is already finished");
    }
    if (failure != null) {
      throw new IllegalStateException("Writer of " + path + " failed earlier; discard it", failure);
    }
    try {
      writer.write(row);
    } catch (DecimalScaleException e) {
      failure = e.withContext("Cannot write row " + rowCount + " to " + path);
      throw failure;
    } catch (RuntimeException e) {
      failure =
          new IllegalArgumentException(
              "Cannot write row " + rowCount + " to " + path + ": " + e.getMessage(), e);
      throw failure;
    }
    rowCount++;
  }

  /** Appends one Avro record (only for writers built from an Avro schema). */
  public void write(GenericRecord record) throws IOException {
    if (avroSchema == null) {
      throw new IllegalStateException(
          "This writer was built from a Beam schema; write Rows instead");
    }
    write(AvroUtils.toBeamRowStrict(record, schema));
  }

  /** Bytes written so far (row groups flushed to disk; the current one is buffered in memory). */
  public long bytesWritten() {
    return output.size();
  }

  /**
   * Bytes of the file so far: row groups already flushed plus the encoded size of the row group
   * still buffered in memory (parquet-java's estimate). Use this, not {@link #bytesWritten()}, to
   * decide when a file is big enough.
   */
  public long dataSize() {
    return writer.getDataSize();
  }

  public long rowCount() {
    return rowCount;
  }

  /**
   * Writes the footer, closes the file and reports what was written. Idempotent.
   *
   * @throws IllegalStateException if a {@link #write} failed (the file is then incomplete; {@link
   *     #close()} deletes it)
   */
  public WrittenFile finish() throws IOException {
    if (failure != null) {
      throw new IllegalStateException(
          "Writer of " + path + " failed; the file is incomplete", failure);
    }
    if (result == null) {
      writer.close();
      closed = true;
      int rowGroups = writer.getFooter().getBlocks().size();
      long uncompressed = 0;
      for (org.apache.parquet.hadoop.metadata.BlockMetaData block :
          writer.getFooter().getBlocks()) {
        uncompressed += block.getTotalByteSize();
      }
      result =
          new WrittenFile(
              path.toString(),
              output.size(),
              output.sha256Hex(),
              rowCount,
              rowGroups,
              uncompressed);
      if (Files.size(path) != result.size()) {
        throw new IOException(
            "Size mismatch after writing "
                + path
                + ": "
                + Files.size(path)
                + " != "
                + result.size());
      }
    }
    return result;
  }

  /**
   * Finishes the file if {@link #finish()} was not called (the result is then available from
   * finish()); after a failed {@link #write} it instead releases the writer and deletes the
   * incomplete file.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    if (failure != null) {
      closed = true;
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
      } finally {
        Files.deleteIfExists(path);
      }
      return;
    }
    finish();
  }
}
