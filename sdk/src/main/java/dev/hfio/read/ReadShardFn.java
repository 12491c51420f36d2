package dev.hfio.read;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.parquet.ParquetFooter;
import dev.hfio.parquet.ParquetReadException;
import dev.hfio.parquet.ParquetSchemaMismatchException;
import dev.hfio.parquet.ParquetSchemas;
import dev.hfio.parquet.RowFilter;
import dev.hfio.parquet.RowGroupInfo;
import dev.hfio.parquet.RowGroupReader;
import dev.hfio.parquet.RowGroupSplits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splittable DoFn reading one Parquet file per element. The restriction is an {@link OffsetRange} of row-group
 * indices; initial splits hold about {@link RowGroupSplits#DEFAULT_SPLIT_BYTES} of uncompressed data (batch runners
 * such as Flink and Spark never split dynamically, so these are the parallelism), and {@code @GetSize} is the
 * row groups' uncompressed size. Footers come with the element or from the per-JVM {@link FooterCache}; files whose
 * footer was not seen at construction are checked against the planned schema here.
 */
final class ReadShardFn extends DoFn<ShardDescriptor, Row> {
  static final String NAMESPACE = "hfio.read";

  private final HubClientConfig hub;
  private final @Nullable List<String> columns;
  private final @Nullable RowFilter filter;
  private final Schema outputSchema;
  /** Full file schema to check unplanned files against; null when the user gave the schema (convert by name). */
  private final @Nullable Schema expectedFileSchema;
  private final @Nullable String referenceFile;
  private final boolean userSchema;
  private final long splitBytes;

  private final Counter rows = Metrics.counter(NAMESPACE, "rows");
  private final Counter bytes = Metrics.counter(NAMESPACE, "bytes");
  private final Counter requests = Metrics.counter(NAMESPACE, "requests");
  private final Counter footersFetched = Metrics.counter(NAMESPACE, "footersFetched");
  private final Counter initialSplits = Metrics.counter(NAMESPACE, "initialSplits");
  private final Counter rowGroupsSkipped = Metrics.counter(NAMESPACE, "rowGroupsSkipped");

  ReadShardFn(HubClientConfig hub, @Nullable List<String> columns, @Nullable RowFilter filter, Schema outputSchema,
      @Nullable Schema expectedFileSchema, @Nullable String referenceFile, boolean userSchema, long splitBytes) {
    this.hub = hub;
    this.columns = columns == null ? null : List.copyOf(columns);
    this.filter = filter;
    this.outputSchema = outputSchema;
    this.expectedFileSchema = expectedFileSchema;
    this.referenceFile = referenceFile;
    this.userSchema = userSchema;
    this.splitBytes = splitBytes;
  }

  /** The file's footer: carried, cached, or fetched (once per JVM) and verified. */
  ParquetFooter footer(ShardDescriptor d) throws IOException {
    if (d.footer() != null) {
      return d.footer();
    }
    ParquetFooter f = FooterCache.get(d.cacheKey());
    if (f == null) {
      HubRangeSource src = new HubRangeSource(hub.client(), d.repo(), d.sha(), d.path(), d.size());
      long size = src.size();
      if (size <= FooterCache.SMALL_FILE_BYTES) {
        byte[] whole = fetchWhole(src, size);
        FooterCache.putSmallFile(d.cacheKey(), whole);
        f = ParquetFooter.read(new BytesRangeSource(whole, src.name()));
      } else {
        f = ParquetFooter.read(src);
      }
      footersFetched.inc();
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
      verify(f);
      FooterCache.put(d.cacheKey(), f);
    }
    return f;
  }

  private static byte[] fetchWhole(HubRangeSource src, long size) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) size);
    src.readFully(0, buf);
    return buf.array();
  }

  /**
   * Where to read a file's data from: small files come whole in one request (or from the bytes fetched with their
   * footer on this JVM), larger ones through ranged reads of the projected chunks.
   */
  private dev.hfio.parquet.RangeSource dataSource(ShardDescriptor d, ParquetFooter footer, HubRangeSource remote)
      throws IOException {
    if (footer.fileLength() > FooterCache.SMALL_FILE_BYTES) {
      return remote;
    }
    byte[] whole = FooterCache.smallFile(d.cacheKey());
    if (whole == null) {
      whole = fetchWhole(remote, footer.fileLength());
    }
    return new BytesRangeSource(whole, remote.name());
  }

  private void verify(ParquetFooter f) {
    if (expectedFileSchema == null) {
      return;
    }
    String ref = referenceFile == null ? "the planned schema" : referenceFile;
    Map<String, Schema> m = new LinkedHashMap<>();
    m.put(ref, expectedFileSchema);
    m.put(f.fileName(), f.beamSchema());
    Schema unified = ParquetSchemas.unify(m);
    if (!unified.equals(expectedFileSchema)) {
      throw new ParquetSchemaMismatchException("Parquet file " + f.fileName() + " has a schema incompatible with "
          + ref + " (the schema planned at construction): " + f.beamSchema() + " vs " + expectedFileSchema
          + "; fix the file or pass withSchema(...) with nullable fields");
    }
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element ShardDescriptor d) throws IOException {
    return RowGroupSplits.all(footer(d).rowGroups());
  }

  @SplitRestriction
  public void splitRestriction(@Element ShardDescriptor d, @Restriction OffsetRange range,
      OutputReceiver<OffsetRange> out) throws IOException {
    List<OffsetRange> splits = RowGroupSplits.split(footer(d).rowGroups(), range, splitBytes);
    initialSplits.inc(splits.size());
    for (OffsetRange r : splits) {
      out.output(r);
    }
  }

  @GetSize
  public double size(@Element ShardDescriptor d, @Restriction OffsetRange range) throws IOException {
    return RowGroupSplits.byteSize(footer(d).rowGroups(), range);
  }

  @GetRestrictionCoder
  public OffsetRange.Coder restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public void process(@Element ShardDescriptor d, RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<Row> out) throws IOException {
    ParquetFooter footer = footer(d);
    List<RowGroupInfo> groups = footer.rowGroups();
    HubRangeSource src = new HubRangeSource(hub.client(), d.repo(), d.sha(), d.path(), footer.fileLength());
    List<String> readColumns = readColumns(footer);
    dev.hfio.parquet.RangeSource data = dataSource(d, footer, src);
    try (RowGroupReader reader = RowGroupReader.builder(data, footer).columns(readColumns).filter(filter).build()) {
      Schema readerSchema = reader.schema();
      RowAdapter adapt = readerSchema.equals(outputSchema) ? null : new RowAdapter(readerSchema, outputSchema,
          footer.fileName());
      OffsetRange r = tracker.currentRestriction();
      for (long i = r.getFrom(); i < groups.size() && tracker.tryClaim(i); i++) {
        int g = (int) i;
        long emitted;
        try {
          emitted = reader.readRowGroup(g, row -> out.output(adapt == null ? row : adapt.apply(row)));
        } catch (ParquetReadException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw new ParquetReadException("Failed reading row group " + g + " of " + footer.fileName() + ": " + e, e);
        }
        rows.inc(emitted);
      }
      rowGroupsSkipped.inc(reader.rowGroupsSkipped());
      if (tracker.currentRestriction().getTo() >= groups.size()) {
        FooterCache.removeSmallFile(d.cacheKey());
      }
    } finally {
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
    }
  }

  private @Nullable List<String> readColumns(ParquetFooter footer) {
    if (!userSchema) {
      return columns;
    }
    Schema file = footer.beamSchema();
    List<String> cols = new ArrayList<>();
    for (Schema.Field f : outputSchema.getFields()) {
      if (file.hasField(f.getName())) {
        cols.add(f.getName());
      }
    }
    return cols;
  }

  /** Rebuilds a decoded row in the output schema by field name (missing nullable fields become null). */
  static final class RowAdapter {
    private final int[] index;
    private final Schema out;

    RowAdapter(Schema in, Schema out, String file) {
      this.out = out;
      this.index = new int[out.getFieldCount()];
      for (int i = 0; i < index.length; i++) {
        Schema.Field f = out.getField(i);
        index[i] = in.hasField(f.getName()) ? in.indexOf(f.getName()) : -1;
        if (index[i] < 0 && !f.getType().getNullable()) {
          throw new ParquetSchemaMismatchException("Parquet file " + file + " has no column '" + f.getName()
              + "', which is non-nullable in the requested schema " + out);
        }
      }
    }

    Row apply(Row row) {
      List<Object> values = new ArrayList<>(index.length);
      for (int i : index) {
        values.add(i < 0 ? null : row.getValue(i));
      }
      return Row.withSchema(out).attachValues(values);
    }
  }
}
