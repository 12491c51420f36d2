package dev.hfio.internal.parquet;

import dev.hfio.parquet.ParquetReadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * The parsed footer of one Parquet file, read with a single tail request in the common case. It is
 * serializable (it keeps the raw footer bytes, re-parsed lazily) so it can travel with a
 * restriction or as side input and spare workers another footer request.
 */
public final class ParquetFooter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How many bytes of the tail are fetched by the first request. */
  public static final int DEFAULT_TAIL_BYTES = 64 * 1024;

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

  private final String fileName;
  private final long fileLength;
  private final byte[] footerBytes;
  private transient ParquetMetadata metadata;
  private transient List<RowGroupInfo> rowGroups;
  private transient Schema beamSchema;

  private ParquetFooter(
      String fileName, long fileLength, byte[] footerBytes, ParquetMetadata metadata) {
    this.fileName = fileName;
    this.fileLength = fileLength;
    this.footerBytes = footerBytes;
    this.metadata = metadata;
  }

  /**
   * Reads the footer with one request of {@link #DEFAULT_TAIL_BYTES} (two if the footer is larger).
   */
  public static ParquetFooter read(RangeSource source) throws IOException {
    return read(source, DEFAULT_TAIL_BYTES);
  }

  /** Reads the footer fetching {@code tailBytes} from the end first. */
  public static ParquetFooter read(RangeSource source, int tailBytes) throws IOException {
    String name = source.name();
    long size = source.size();
    if (size < 12) {
      throw new ParquetReadException(
          "Not a Parquet file or truncated: "
              + name
              + " is only "
              + size
              + " bytes (a Parquet file has at least 12)");
    }
    int tailLen = (int) Math.min(size, Math.max(8, tailBytes));
    ByteBuffer tail = ByteBuffer.allocate(tailLen);
    source.readFully(size - tailLen, tail);
    byte[] t = tail.array();
    byte[] magic = java.util.Arrays.copyOfRange(t, tailLen - 4, tailLen);
    if (java.util.Arrays.equals(magic, ENCRYPTED_MAGIC)) {
      throw new ParquetReadException("Encrypted Parquet footers are not supported: " + name);
    }
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new ParquetReadException(
          "Not a Parquet file or truncated: "
              + name
              + " (size "
              + size
              + ") does not end with the PAR1 magic;"
              + " re-upload or re-generate the file");
    }
    long footerLen =
        ByteBuffer.wrap(t, tailLen - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    if (footerLen + 12 > size) {
      throw new ParquetReadException(
          "Corrupt Parquet footer in "
              + name
              + ": footer length "
              + footerLen
              + " exceeds file size "
              + size);
    }
    byte[] footer = new byte[(int) footerLen];
    if (footerLen + 8 <= tailLen) {
      System.arraycopy(t, (int) (tailLen - 8 - footerLen), footer, 0, (int) footerLen);
    } else {
      int inTail = tailLen - 8;
      int missing = (int) footerLen - inTail;
      ByteBuffer head = ByteBuffer.wrap(footer, 0, missing);
      source.readFully(size - 8 - footerLen, head);
      System.arraycopy(t, 0, footer, missing, inTail);
    }
    return new ParquetFooter(name, size, footer, parse(name, footer));
  }

  private static ParquetMetadata parse(String name, byte[] footer) throws ParquetReadException {
    try {
      return new ParquetMetadataConverter()
          .readParquetMetadata(
              new ByteArrayInputStream(footer), ParquetMetadataConverter.NO_FILTER);
    } catch (IOException | RuntimeException e) {
      throw new ParquetReadException(
          "Corrupt Parquet footer in " + name + ": " + e.getMessage(), e);
    }
  }

  /** parquet-java's view of the footer (parsed lazily after deserialization). */
  ParquetMetadata metadata() {
    if (metadata == null) {
      try {
        metadata = parse(fileName, footerBytes);
      } catch (ParquetReadException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return metadata;
  }

  /** The raw serialized footer (without length and magic), as stored at the end of the file. */
  byte[] footerBytes() {
    return footerBytes;
  }

  /**
   * The last {@code footerLength + 8} bytes of the file, rebuilt, so a reader need not fetch them
   * again.
   */
  byte[] tailBytes() {
    byte[] tail = new byte[footerBytes.length + 8];
    System.arraycopy(footerBytes, 0, tail, 0, footerBytes.length);
    ByteBuffer.wrap(tail, footerBytes.length, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(footerBytes.length);
    System.arraycopy(MAGIC, 0, tail, footerBytes.length + 4, 4);
    return tail;
  }

  public String fileName() {
    return fileName;
  }

  public long fileLength() {
    return fileLength;
  }

  /** Size of the serialized footer in bytes. */
  public int footerLength() {
    return footerBytes.length;
  }

  public MessageType parquetSchema() {
    return metadata().getFileMetaData().getSchema();
  }

  /** The file's schema as a Beam schema (see {@link ParquetSchemas#toBeamSchema}). */
  public Schema beamSchema() {
    if (beamSchema == null) {
      beamSchema = ParquetSchemas.toBeamSchema(parquetSchema());
    }
    return beamSchema;
  }

  public Map<String, String> keyValueMetadata() {
    return metadata().getFileMetaData().getKeyValueMetaData();
  }

  /** The base64 Arrow IPC schema written by pyarrow under {@code ARROW:schema}, if any. */
  public Optional<String> arrowSchema() {
    return Optional.ofNullable(keyValueMetadata().get("ARROW:schema"));
  }

  /** The {@code huggingface} features JSON written by {@code datasets}, if any. */
  public Optional<String> huggingFaceMetadata() {
    return Optional.ofNullable(keyValueMetadata().get("huggingface"));
  }

  public String createdBy() {
    return metadata().getFileMetaData().getCreatedBy();
  }

  public long rowCount() {
    long n = 0;
    for (RowGroupInfo g : rowGroups()) {
      n += g.rowCount();
    }
    return n;
  }

  public int rowGroupCount() {
    return metadata().getBlocks().size();
  }

  /** All row groups in file order; {@code rowGroups().get(i).index() == i}. */
  public List<RowGroupInfo> rowGroups() {
    if (rowGroups == null) {
      List<RowGroupInfo> out = new ArrayList<>();
      List<BlockMetaData> blocks = metadata().getBlocks();
      for (int i = 0; i < blocks.size(); i++) {
        BlockMetaData b = blocks.get(i);
        List<ColumnChunkInfo> cols = new ArrayList<>();
        for (ColumnChunkMetaData c : b.getColumns()) {
          cols.add(
              new ColumnChunkInfo(
                  c.getPath().toDotString(),
                  c.getStartingPos(),
                  c.getTotalSize(),
                  c.getTotalUncompressedSize(),
                  c.getCodec().name(),
                  c.getValueCount()));
        }
        out.add(
            new RowGroupInfo(
                i, b.getRowCount(), b.getTotalByteSize(), b.getCompressedSize(), cols));
      }
      rowGroups = List.copyOf(out);
    }
    return rowGroups;
  }

  @Override
  public String toString() {
    return "ParquetFooter{"
        + fileName
        + ", "
        + fileLength
        + " bytes, "
        + rowGroupCount()
        + " row groups}";
  }
}
