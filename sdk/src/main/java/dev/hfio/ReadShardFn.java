package dev.hfio;

import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.internal.parquet.RowGroupInfo;
import dev.hfio.internal.parquet.RowGroupReader;
import dev.hfio.internal.parquet.RowGroupSplits;
import dev.hfio.parquet.ParquetReadException;
import dev.hfio.parquet.ParquetSchemaMismatchException;
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
 * Splittable DoFn reading one Parquet file per element. The restriction is an {@link OffsetRange}
 * of row-group indices; initial splits hold about {@link RowGroupSplits#DEFAULT_SPLIT_BYTES} of
 * uncompressed data (batch runners such as Flink and Spark never split dynamically, so these are
 * the parallelism), and {@code @GetSize} is the row groups' uncompressed size. Footers come with
 * the element or from the per-JVM {@link FooterCache}; files whose footer was not seen at
 * construction are checked against the planned schema here. Small files (see {@link #isSmall}) are
 * one whole-file unit, fetched once when processed.
 */
final class ReadShardFn extends DoFn<ShardDescriptor, Row> {
  static final String NAMESPACE = "hfio.read";

  private final ReadSettings settings;

  private final Counter rows = Metrics.counter(NAMESPACE, "rows");
  private final Counter bytes = Metrics.counter(NAMESPACE, "bytes");
  private final Counter requests = Metrics.counter(NAMESPACE, "requests");
  private final Counter footersFetched = Metrics.counter(NAMESPACE, "footersFetched");
  private final Counter initialSplits = Metrics.counter(NAMESPACE, "initialSplits");
  private final Counter rowGroupsSkipped = Metrics.counter(NAMESPACE, "rowGroupsSkipped");

  ReadShardFn(ReadSettings settings) {
    this.settings = settings;
  }

  /** The file's footer: carried, cached, or fetched (once per JVM) and verified. */
  ParquetFooter footer(ShardDescriptor d) throws IOException {
    if (d.footer() != null) {
      return d.footer();
    }
    ParquetFooter f = FooterCache.get(d.cacheKey());
    if (f == null) {
      HubRangeSource src =
          new HubRangeSource(settings.hub.client(), d.repo(), d.sha(), d.path(), d.size());
      long size = src.size();
      f =
          size <= FooterCache.SMALL_FILE_BYTES
              ? ParquetFooter.read(new BytesRangeSource(fetchWhole(src, size), src.name()))
              : ParquetFooter.read(src);
      footersFetched.inc();
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
      verify(f);
      FooterCache.put(d.cacheKey(), f);
    }
    return f;
  }

  /**
   * A file listed at most {@link FooterCache#SMALL_FILE_BYTES} is read whole, footer and data from
   * one GET, in {@code @ProcessElement}: its restriction is the single unit {@code [0, 1)}, so the
   * restriction methods fetch nothing. (Fetching it up front and keeping the bytes until processing
   * breaks on runners such as Flink that compute every element's restriction before processing any:
   * the bytes are evicted and fetched twice.)
   */
  static boolean isSmall(ShardDescriptor d) {
    return d.size() >= 0 && d.size() <= FooterCache.SMALL_FILE_BYTES;
  }

  private static byte[] fetchWhole(HubRangeSource src, long size) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) size);
    src.readFully(0, buf);
    return buf.array();
  }

  /** Same field names in the same order, with equivalent types (nested row UUIDs ignored). */
  static boolean sameStructure(Schema a, Schema b) {
    return a.getFieldNames().equals(b.getFieldNames()) && a.equivalent(b);
  }

  private void verify(ParquetFooter f) {
    Schema expectedFileSchema = settings.expectedFileSchema;
    if (expectedFileSchema == null) {
      return;
    }
    String ref = settings.referenceFile == null ? "the planned schema" : settings.referenceFile;
    Map<String, Schema> m = new LinkedHashMap<>();
    m.put(ref, expectedFileSchema);
    m.put(f.fileName(), f.beamSchema());
    Schema unified = ParquetSchemas.unify(m);
    // Structural comparison: Schema.equals refused two schemas that print identically once they had
    // crossed to a Spark executor (SparkClusterHfTest).
    if (!sameStructure(unified, expectedFileSchema)) {
      throw new ParquetSchemaMismatchException(
          "Parquet file "
              + f.fileName()
              + " has a schema incompatible with "
              + ref
              + " (the schema planned at construction): "
              + f.beamSchema()
              + " vs "
              + expectedFileSchema
              + "; fix the file or pass withSchema(...) with nullable fields");
    }
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element ShardDescriptor d) throws IOException {
    if (isSmall(d)) {
      return new OffsetRange(0, 1);
    }
    return RowGroupSplits.all(footer(d).rowGroups());
  }

  @SplitRestriction
  public void splitRestriction(
      @Element ShardDescriptor d, @Restriction OffsetRange range, OutputReceiver<OffsetRange> out)
      throws IOException {
    if (isSmall(d)) {
      initialSplits.inc();
      out.output(range);
      return;
    }
    List<OffsetRange> splits =
        RowGroupSplits.split(footer(d).rowGroups(), range, settings.splitBytes);
    initialSplits.inc(splits.size());
    for (OffsetRange r : splits) {
      out.output(r);
    }
  }

  @GetSize
  public double size(@Element ShardDescriptor d, @Restriction OffsetRange range)
      throws IOException {
    if (isSmall(d)) {
      return d.size()
          * (double) (range.getTo() - range.getFrom()); // whole-file unit: the listed size
    }
    return RowGroupSplits.byteSize(footer(d).rowGroups(), range);
  }

  @GetRestrictionCoder
  public OffsetRange.Coder restrictionCoder() {
    return OffsetRange.Coder.of();
  }

  @ProcessElement
  public void process(
      @Element ShardDescriptor d,
      RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<Row> out)
      throws IOException {
    if (isSmall(d)) {
      processSmall(d, tracker, out);
      return;
    }
    ParquetFooter footer = footer(d);
    HubRangeSource src =
        new HubRangeSource(settings.hub.client(), d.repo(), d.sha(), d.path(), footer.fileLength());
    try {
      readRowGroups(footer, src, tracker.currentRestriction().getFrom(), tracker::tryClaim, out);
    } finally {
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
    }
  }

  /**
   * Claims the whole-file unit, fetches the file once, and reads footer and every row group from
   * those bytes.
   */
  private void processSmall(
      ShardDescriptor d, RestrictionTracker<OffsetRange, Long> tracker, OutputReceiver<Row> out)
      throws IOException {
    if (!tracker.tryClaim(tracker.currentRestriction().getFrom())) {
      return;
    }
    HubRangeSource src =
        new HubRangeSource(settings.hub.client(), d.repo(), d.sha(), d.path(), d.size());
    try {
      BytesRangeSource whole = new BytesRangeSource(fetchWhole(src, d.size()), src.name());
      ParquetFooter footer = d.footer() != null ? d.footer() : FooterCache.get(d.cacheKey());
      if (footer == null) {
        footer = ParquetFooter.read(whole);
        footersFetched.inc();
        verify(footer);
      }
      readRowGroups(footer, whole, 0, g -> true, out);
    } finally {
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
    }
  }

  /**
   * Reads row groups from {@code from} on while {@code claim} allows, emitting rows in the output
   * schema.
   */
  private void readRowGroups(
      ParquetFooter footer,
      dev.hfio.internal.parquet.RangeSource data,
      long from,
      java.util.function.LongPredicate claim,
      OutputReceiver<Row> out)
      throws IOException {
    List<RowGroupInfo> groups = footer.rowGroups();
    try (RowGroupReader reader =
        RowGroupReader.builder(data, footer)
            .columns(readColumns(footer))
            .filter(settings.filter)
            .build()) {
      Schema readerSchema = reader.schema();
      RowAdapter adapt =
          readerSchema.equals(settings.outputSchema)
              ? null
              : new RowAdapter(readerSchema, settings.outputSchema, footer.fileName());
      for (long i = from; i < groups.size() && claim.test(i); i++) {
        int g = (int) i;
        long emitted;
        try {
          emitted =
              reader.readRowGroup(g, row -> out.output(adapt == null ? row : adapt.apply(row)));
        } catch (ParquetReadException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          throw new ParquetReadException(
              "Failed reading row group " + g + " of " + footer.fileName() + ": " + e, e);
        }
        rows.inc(emitted);
      }
      rowGroupsSkipped.inc(reader.rowGroupsSkipped());
    }
  }

  private @Nullable List<String> readColumns(ParquetFooter footer) {
    if (!settings.userSchema) {
      return settings.columns;
    }
    Schema file = footer.beamSchema();
    List<String> cols = new ArrayList<>();
    for (Schema.Field f : settings.outputSchema.getFields()) {
      if (file.hasField(f.getName())) {
        cols.add(f.getName());
      }
    }
    return cols;
  }

  /**
   * Rebuilds a decoded row in the output schema by field name (missing nullable fields become
   * null).
   */
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
          throw new ParquetSchemaMismatchException(
              "Parquet file "
                  + file
                  + " has no column '"
                  + f.getName()
                  + "', which is non-nullable in the requested schema "
                  + out);
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
