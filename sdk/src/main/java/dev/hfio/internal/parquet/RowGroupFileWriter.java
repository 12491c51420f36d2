package dev.hfio.internal.parquet;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * parquet-java's record-writing loop with HfIO's row-group rule: a row group is closed before its
 * data <em>before compression</em> would exceed the target, whatever the row size, so every row
 * group the Hub's viewer reads is at most the target (100 MB, {@code datasets}' bound) unless a
 * single row is larger. parquet-java's own {@code ParquetWriter} compares the target with its
 * buffered bytes, which are already compressed for finished pages (a 10× compressible text column
 * gave 10× larger row groups), and looks at the size only every 100 rows at first (100 rows of 5 MB
 * make 500 MB).
 *
 * <p>The size is measured, not guessed: the compressor counts the bytes it is given and returns, so
 * the uncompressed size of the open row group is its buffered bytes plus what compression removed
 * from its finished pages. It is checked after the first row, then about halfway to the target by
 * the average row size. Page index (column and offset index) and statistics are written as by
 * {@code ParquetWriter}.
 */
final class RowGroupFileWriter<T> {
  private final ParquetFileWriter file;
  private final WriteSupport<T> support;
  private final MessageType schema;
  private final Map<String, String> extraMetadata;
  private final ParquetProperties props;
  private final CodecFactory codecs;
  private final CountingCompressor compressor;
  private final long rowGroupBytes;
  private ColumnChunkPageWriteStore pageStore;
  private ColumnWriteStore columnStore;
  private RecordConsumer consumer;
  private long rows;
  private long nextCheck = 1;
  private long lastRowGroupEnd;
  private boolean closed;

  RowGroupFileWriter(
      OutputFile out,
      WriteSupport<T> support,
      CompressionCodecName codec,
      long rowGroupBytes,
      ParquetProperties props)
      throws IOException {
    WriteSupport.WriteContext context = support.init(new Configuration(false));
    this.support = support;
    this.schema = context.getSchema();
    this.extraMetadata = context.getExtraMetaData();
    this.props = props;
    this.rowGroupBytes = rowGroupBytes;
    this.file =
        new ParquetFileWriter(
            out,
            schema,
            ParquetFileWriter.Mode.CREATE,
            rowGroupBytes,
            0,
            props.getColumnIndexTruncateLength(),
            props.getStatisticsTruncateLength(),
            props.getPageWriteChecksumEnabled());
    file.start();
    this.codecs = new CodecFactory(new Configuration(false), props.getPageSizeThreshold());
    this.compressor = new CountingCompressor(codecs.getCompressor(codec));
    startRowGroup();
  }

  private void startRowGroup() {
    compressor.reset();
    pageStore =
        new ColumnChunkPageWriteStore(
            compressor,
            schema,
            props.getAllocator(),
            props.getColumnIndexTruncateLength(),
            props.getPageWriteChecksumEnabled());
    columnStore = props.newColumnWriteStore(schema, pageStore, pageStore);
    consumer = new ColumnIOFactory(false).getColumnIO(schema).getRecordWriter(columnStore);
    support.prepareForWrite(consumer);
  }

  void write(T record) throws IOException {
    support.write(record);
    rows++;
    if (rows >= nextCheck) {
      long size = uncompressedSize();
      long perRow = Math.max(1, size / rows);
      if (size + perRow > rowGroupBytes) {
        flushRowGroup();
        startRowGroup();
        nextCheck = 1;
      } else {
        // look again about halfway to the target
        nextCheck = rows + Math.max(1, (rowGroupBytes - size) / perRow / 2);
      }
    }
  }

  /** The open row group's data before compression: buffered bytes plus what compression saved. */
  long uncompressedSize() {
    return columnStore.getBufferedSize() + compressor.in - compressor.out;
  }

  /** Bytes of the finished row groups plus the open one's buffered (partly compressed) bytes. */
  long dataSize() {
    return lastRowGroupEnd + (columnStore == null ? 0 : columnStore.getBufferedSize());
  }

  private void flushRowGroup() throws IOException {
    consumer.flush();
    if (rows > 0) {
      file.startBlock(rows);
      columnStore.flush();
      pageStore.flushToFileWriter(file);
      file.endBlock();
      rows = 0;
      lastRowGroupEnd = file.getPos();
    }
    columnStore.close();
    columnStore = null;
    pageStore = null;
  }

  /** Writes the last row group and the footer. */
  void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      Map<String, String> metadata = new HashMap<>(extraMetadata);
      metadata.putAll(support.finalizeWrite().getExtraMetaData());
      file.end(metadata);
    } finally {
      codecs.release();
    }
  }

  ParquetMetadata footer() {
    return file.getFooter();
  }

  /** The codec, counting the bytes it is given and the bytes it returns. */
  private static final class CountingCompressor extends CodecFactory.BytesCompressor {
    private final CodecFactory.BytesCompressor codec;
    long in;
    long out;

    CountingCompressor(CodecFactory.BytesCompressor codec) {
      this.codec = codec;
    }

    void reset() {
      in = 0;
      out = 0;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      in += bytes.size();
      BytesInput compressed = codec.compress(bytes);
      out += compressed.size();
      return compressed;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec.getCodecName();
    }

    @Override
    public void release() {
      codec.release();
    }
  }
}
