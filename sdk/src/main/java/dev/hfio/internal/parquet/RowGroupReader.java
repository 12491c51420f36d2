package dev.hfio.internal.parquet;

import dev.hfio.parquet.ParquetReadException;
import dev.hfio.parquet.RowFilter;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.LogicalInverseRewriter;
import org.apache.parquet.filter2.statisticslevel.StatisticsFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads whole row groups of one Parquet file into Beam {@link Row}s. It fetches only the projected
 * column chunks of the requested row group, coalescing nearby chunks (see {@link
 * Builder#coalescing}) into one {@link RangeSource} request each, and skips row groups whose
 * statistics rule out the {@link RowFilter}. One instance per file and thread; it never re-reads
 * the footer. Closing it does not close the source.
 *
 * <pre>{@code
 * ParquetFooter footer = ParquetFooter.read(source);
 * try (RowGroupReader r = RowGroupReader.builder(source, footer).columns(List.of("id", "text")).build()) {
 *   for (int g = 0; g < footer.rowGroupCount(); g++) r.readRowGroup(g, out::output);
 * }
 * }</pre>
 */
public final class RowGroupReader implements Closeable {
  /**
   * Default largest gap between two column chunks that are still fetched with one request: 1 MiB.
   * The rule is request cost: once a file's location is resolved, every range is one request to the
   * CDN, which costs a round trip plus the request's setup (tens of milliseconds from a cloud
   * worker, more across regions), while 1 MiB downloads in about 10 ms at 100 MB/s. Bridging a gap
   * of up to 1 MiB is therefore cheaper than a second request, whatever the sizes of the chunks
   * around it; a projection of 2 of 5 columns whose chunks lie within 1 MiB of each other costs one
   * request per row group.
   */
  public static final long DEFAULT_COALESCE_GAP = 1L << 20;

  /**
   * Default bound on unrequested bytes fetched by coalescing, as a fraction of requested bytes:
   * none, since a gap within {@link #DEFAULT_COALESCE_GAP} costs less than the request it saves.
   */
  public static final double DEFAULT_MAX_WASTE = Double.POSITIVE_INFINITY;

  private final ParquetFooter footer;
  private final RangeSourceInputFile input;
  private final ParquetFileReader fileReader;
  private final MessageType readSchema;
  private final Schema readBeamSchema;
  private final Schema outputSchema;
  private final int[] outputIndices; // null when output == read schema
  private final FilterPredicate statsPredicate;
  private final FilterCompat.Filter recordFilter;
  private final MessageColumnIO columnIO;
  private final RowMaterializer materializer;
  private final long coalesceGap;
  private final double maxWaste;

  private long rowsEmitted;
  private long rowsFilteredOut;
  private long rowGroupsRead;
  private long rowGroupsSkipped;

  /** Starts configuring a reader of {@code source}, whose footer was already read. */
  public static Builder builder(RangeSource source, ParquetFooter footer) {
    return new Builder(source, footer);
  }

  /** Options of a {@link RowGroupReader}. */
  public static final class Builder {
    private final RangeSource source;
    private final ParquetFooter footer;
    private List<String> columns;
    private RowFilter filter;
    private long coalesceGap = DEFAULT_COALESCE_GAP;
    private double maxWaste = DEFAULT_MAX_WASTE;

    private Builder(RangeSource source, ParquetFooter footer) {
      this.source = source;
      this.footer = footer;
    }

    /** Top-level columns to read, in output order; null (default) reads all. */
    public Builder columns(List<String> columns) {
      this.columns = columns == null ? null : List.copyOf(columns);
      return this;
    }

    /** Row filter; its columns need not be projected. */
    public Builder filter(RowFilter filter) {
      this.filter = filter;
      return this;
    }

    /**
     * Two chunks are fetched with one request if the gap between them is at most {@code gap} bytes
     * and the gap bytes fetched in total stay within {@code maxWaste} × the requested bytes
     * (defaults {@link #DEFAULT_COALESCE_GAP} and no bound: see there why).
     */
    public Builder coalescing(long gap, double maxWaste) {
      this.coalesceGap = gap;
      this.maxWaste = maxWaste;
      return this;
    }

    public RowGroupReader build() throws IOException {
      return new RowGroupReader(this);
    }
  }

  private RowGroupReader(Builder b) throws IOException {
    this.footer = b.footer;
    this.coalesceGap = b.coalesceGap;
    this.maxWaste = b.maxWaste;
    MessageType fileSchema = footer.parquetSchema();
    List<String> outCols = b.columns;
    List<String> readCols = outCols;
    if (b.filter != null && outCols != null) {
      Set<String> needed = new LinkedHashSet<>(outCols);
      Set<String> filterCols = new LinkedHashSet<>();
      RowFilters.collectColumns(b.filter, filterCols);
      for (String c : filterCols) {
        needed.add(c.split("\\.")[0]);
      }
      readCols = new ArrayList<>(needed);
    }
    this.readSchema = ParquetSchemas.project(fileSchema, readCols);
    this.readBeamSchema = ParquetSchemas.toBeamSchema(readSchema);
    if (outCols != null && readCols.size() != outCols.size()) {
      this.outputSchema = ParquetSchemas.project(readBeamSchema, outCols);
      this.outputIndices = new int[outCols.size()];
      for (int i = 0; i < outCols.size(); i++) {
        outputIndices[i] = readBeamSchema.indexOf(outCols.get(i));
      }
    } else {
      this.outputSchema = readBeamSchema;
      this.outputIndices = null;
    }
    if (b.filter != null) {
      FilterPredicate p = RowFilters.toPredicate(b.filter, fileSchema);
      this.statsPredicate =
          LogicalInverseRewriter.rewrite(RowFilters.toPredicate(b.filter, fileSchema, true));
      this.recordFilter = FilterCompat.get(p);
    } else {
      this.statsPredicate = null;
      this.recordFilter = FilterCompat.NOOP;
    }
    this.input = new RangeSourceInputFile(b.source, footer.fileLength());
    byte[] tail = footer.tailBytes();
    input.pin(footer.fileLength() - tail.length, tail);
    try {
      this.fileReader =
          new ParquetFileReader(
              input, ParquetReadOptions.builder().withAllocator(input.allocator()).build());
    } catch (IOException | RuntimeException e) {
      throw new ParquetReadException(
          "Cannot open Parquet file " + footer.fileName() + ": " + e.getMessage(), e);
    }
    fileReader.setRequestedSchema(readSchema);
    this.columnIO =
        new ColumnIOFactory(footer.createdBy()).getColumnIO(readSchema, fileSchema, true);
    this.materializer = new RowMaterializer(readSchema, readBeamSchema);
  }

  /** Schema of the emitted rows (the projection of the file's Beam schema). */
  public Schema schema() {
    return outputSchema;
  }

  /** Whether column statistics prove that no row of row group {@code index} matches the filter. */
  public boolean canSkip(int index) {
    return statsPredicate != null
        && StatisticsFilter.canDrop(
            statsPredicate, footer.metadata().getBlocks().get(index).getColumns());
  }

  /**
   * Reads row group {@code index} and passes each (matching) row to {@code out}.
   *
   * @return number of rows emitted
   * @throws ParquetReadException naming the file and row group when the data is truncated or
   *     corrupt
   */
  public long readRowGroup(int index, Consumer<Row> out) throws IOException {
    List<BlockMetaData> blocks = footer.metadata().getBlocks();
    if (index < 0 || index >= blocks.size()) {
      throw new IndexOutOfBoundsException(
          "Row group "
              + index
              + " does not exist in "
              + footer.fileName()
              + " ("
              + blocks.size()
              + " row groups)");
    }
    if (canSkip(index)) {
      rowGroupsSkipped++;
      return 0;
    }
    BlockMetaData block = blocks.get(index);
    if (readSchema.getFieldCount() == 0) {
      // Empty projection (e.g. counting): rows carry no values and nothing needs fetching.
      Row empty = Row.withSchema(outputSchema).attachValues(new ArrayList<>());
      for (long i = 0; i < block.getRowCount(); i++) {
        out.accept(empty);
      }
      rowGroupsRead++;
      rowsEmitted += block.getRowCount();
      return block.getRowCount();
    }
    String where = "row group " + index + " of " + footer.fileName();
    RecordReader<Row> records;
    long rowCount;
    try {
      List<ByteRange> ranges = new ArrayList<>();
      for (ColumnChunkMetaData c : block.getColumns()) {
        if (readSchema.containsPath(c.getPath().toArray())) {
          ranges.add(new ByteRange(c.getStartingPos(), c.getTotalSize()));
        }
      }
      input.prefetch(ByteRange.coalesce(ranges, coalesceGap, maxWaste));
      PageReadStore pages;
      try {
        pages = fileReader.readRowGroup(index);
      } finally {
        input.releasePrefetched();
      }
      rowCount = pages.getRowCount();
      records = columnIO.getRecordReader(pages, materializer, recordFilter);
    } catch (IOException | RuntimeException e) {
      throw new ParquetReadException("Cannot read " + where + ": " + e, e);
    }
    rowGroupsRead++;
    long emitted = 0;
    for (long i = 0; i < rowCount; i++) {
      Row row;
      try {
        row = records.read();
        if (row == null || records.shouldSkipCurrentRecord()) {
          rowsFilteredOut++;
          continue;
        }
      } catch (RuntimeException e) {
        throw new ParquetReadException("Cannot decode record " + i + " of " + where + ": " + e, e);
      }
      out.accept(project(row));
      emitted++;
    }
    rowsEmitted += emitted;
    return emitted;
  }

  private Row project(Row row) {
    if (outputIndices == null) {
      return row;
    }
    List<Object> values = new ArrayList<>(outputIndices.length);
    for (int i : outputIndices) {
      values.add(row.getValue(i));
    }
    return Row.withSchema(outputSchema).attachValues(values);
  }

  /** Rows passed to the consumer so far. */
  public long rowsEmitted() {
    return rowsEmitted;
  }

  /** Rows decoded but rejected by the filter. */
  public long rowsFilteredOut() {
    return rowsFilteredOut;
  }

  public long rowGroupsRead() {
    return rowGroupsRead;
  }

  /** Row groups skipped by statistics without fetching any data. */
  public long rowGroupsSkipped() {
    return rowGroupsSkipped;
  }

  /**
   * Bytes fetched from the source by this reader (the footer read by {@link ParquetFooter#read}
   * excluded).
   */
  public long bytesRead() {
    return input.bytesRead();
  }

  /**
   * Bytes of fetched row-group data the Parquet engine received as copies rather than as views of
   * the fetched buffers (0 when every column chunk run lies in one fetched range).
   */
  public long bytesCopied() {
    return input.prefetchedBytesCopied();
  }

  /** Requests issued to the source by this reader. */
  public long readsIssued() {
    return input.readsIssued();
  }

  @Override
  public void close() throws IOException {
    fileReader.close();
  }
}
