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
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.BadRecordRouter;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
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

  /** The rows read. */
  static final TupleTag<Row> ROWS = new TupleTag<>("hfioRows") {};

  /**
   * The restriction of a file whose footer could not be read when the restriction was made (only
   * with an error handler): processing tries the footer once more and reports the file as a bad
   * record, or reads every row group if the footer now reads.
   */
  static final OffsetRange UNREADABLE_FOOTER = new OffsetRange(-1, 0);

  private final ReadSettings settings;

  /** Failures go to {@link BadRecordRouter#BAD_RECORD_TAG} instead of failing the pipeline. */
  private final boolean badRecords;

  private final Counter rows = Metrics.counter(NAMESPACE, "rows");
  private final Counter bytes = Metrics.counter(NAMESPACE, "bytes");
  private final Counter requests = Metrics.counter(NAMESPACE, "requests");
  private final Counter footersFetched = Metrics.counter(NAMESPACE, "footersFetched");
  private final Counter initialSplits = Metrics.counter(NAMESPACE, "initialSplits");
  // restrictions of packs processed: one per pack, plus one per checkpoint or split of a pack
  private final Counter packRestrictions = Metrics.counter(NAMESPACE, "packRestrictions");
  private final Counter rowGroupsSkipped = Metrics.counter(NAMESPACE, "rowGroupsSkipped");
  private final Counter unitsFailed = Metrics.counter(NAMESPACE, "badRecords");

  /**
   * The Parquet schema of the last file that passed {@link #verify}: a dataset's files mostly share
   * one, and checking it again cost about 2.5% of a 2,000-small-file read. Per instance (one
   * thread).
   */
  private transient org.apache.parquet.schema.@Nullable MessageType lastVerified;

  ReadShardFn(ReadSettings settings) {
    this(settings, false);
  }

  ReadShardFn(ReadSettings settings, boolean badRecords) {
    this.settings = settings;
    this.badRecords = badRecords;
  }

  /**
   * Reads {@code files}: the rows, with the unreadable files and row groups sent to {@code handler}
   * as bad records when one is given (else they fail the pipeline).
   */
  static PCollection<Row> applyTo(
      PCollection<ShardDescriptor> files,
      ReadSettings settings,
      @Nullable ErrorHandler<BadRecord, ?> handler) {
    // Without a handler the step has one output, as before error handlers existed: a pipeline
    // that does not use them keeps its graph (and a Dataflow --update its compatibility).
    TupleTagList additional =
        handler == null ? TupleTagList.empty() : TupleTagList.of(BadRecordRouter.BAD_RECORD_TAG);
    PCollectionTuple out =
        files.apply(
            "ReadRowGroups",
            ParDo.of(new ReadShardFn(settings, handler != null)).withOutputTags(ROWS, additional));
    if (handler != null) {
      handler.addErrorCollection(
          out.get(BadRecordRouter.BAD_RECORD_TAG)
              .setCoder(BadRecord.getCoder(files.getPipeline())));
    }
    return out.get(ROWS).setRowSchema(settings.outputSchema);
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
    return !d.isPack() && d.size() >= 0 && d.size() <= FooterCache.SMALL_FILE_BYTES;
  }

  /** The whole file, in one ranged GET through {@code src}. */
  static byte[] fetchWhole(HubRangeSource src, long size) throws IOException {
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
    if (expectedFileSchema == null || f.parquetSchema().equals(lastVerified)) {
      return; // the Beam schema is a function of the Parquet schema: the same one passes again
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
    lastVerified = f.parquetSchema();
  }

  @GetInitialRestriction
  public OffsetRange initialRestriction(@Element ShardDescriptor d) throws IOException {
    if (d.isPack()) {
      return new OffsetRange(0, PackGroups.bounds(d.pack()).length - 1); // one unit per group
    }
    if (isSmall(d)) {
      return new OffsetRange(0, 1);
    }
    try {
      return RowGroupSplits.all(footer(d).rowGroups());
    } catch (ParquetReadException | ParquetSchemaMismatchException e) {
      if (!badRecords) {
        throw e;
      }
      return UNREADABLE_FOOTER;
    }
  }

  @SplitRestriction
  public void splitRestriction(
      @Element ShardDescriptor d, @Restriction OffsetRange range, OutputReceiver<OffsetRange> out)
      throws IOException {
    if (d.isPack() || isSmall(d) || range.equals(UNREADABLE_FOOTER)) {
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
    if (d.isPack()) {
      int[] groups = PackGroups.bounds(d.pack());
      int to = PackGroups.firstFile(groups, range.getTo());
      double sum = 0;
      for (int i = PackGroups.firstFile(groups, range.getFrom()); i < to; i++) {
        sum += Math.max(1, d.pack().get(i).size());
      }
      return sum;
    }
    if (isSmall(d)) {
      return d.size()
          * (double) (range.getTo() - range.getFrom()); // whole-file unit: the listed size
    }
    if (range.equals(UNREADABLE_FOOTER)) {
      return Math.max(1, d.size());
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
      MultiOutputReceiver outputs)
      throws IOException {
    OutputReceiver<Row> out = outputs.get(ROWS);
    if (d.isPack()) {
      processPack(d, tracker, out, outputs);
      return;
    }
    Failures failures = new Failures(d, outputs);
    if (isSmall(d)) {
      processSmall(d, tracker, out, failures);
      return;
    }
    java.util.function.LongPredicate claim = tracker::tryClaim;
    long from = tracker.currentRestriction().getFrom();
    if (tracker.currentRestriction().equals(UNREADABLE_FOOTER)) {
      if (!tracker.tryClaim(UNREADABLE_FOOTER.getFrom())) {
        return;
      }
      claim = g -> true; // the footer reads now: the whole file is this one unit
      from = 0;
    }
    ParquetFooter footer;
    try {
      footer = footer(d);
    } catch (ParquetReadException | ParquetSchemaMismatchException e) {
      failures.file(e);
      return;
    }
    HubRangeSource src =
        new HubRangeSource(settings.hub.client(), d.repo(), d.sha(), d.path(), footer.fileLength());
    try {
      readRowGroups(footer, src, from, claim, out, failures);
    } finally {
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
    }
  }

  /** {@link #process} with the rows going to {@code out} and no bad-record output (tests). */
  @SuppressWarnings("unchecked")
  void process(
      ShardDescriptor d, RestrictionTracker<OffsetRange, Long> tracker, OutputReceiver<Row> out)
      throws IOException {
    process(
        d,
        tracker,
        new MultiOutputReceiver() {
          @Override
          public <T> OutputReceiver<T> get(TupleTag<T> tag) {
            if (!tag.equals(ROWS)) {
              throw new IllegalStateException("no output " + tag + " outside a pipeline");
            }
            return (OutputReceiver<T>) out;
          }

          @Override
          public <T> OutputReceiver<Row> getRowReceiver(TupleTag<T> tag) {
            return get((TupleTag<Row>) tag);
          }
        });
  }

  /**
   * Claims the whole-file unit, fetches the file once, and reads footer and every row group from
   * those bytes.
   */
  private void processSmall(
      ShardDescriptor d,
      RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<Row> out,
      Failures failures)
      throws IOException {
    if (!tracker.tryClaim(tracker.currentRestriction().getFrom())) {
      return;
    }
    HubRangeSource src =
        new HubRangeSource(settings.hub.client(), d.repo(), d.sha(), d.path(), d.size());
    byte[] data;
    try {
      data = fetchWhole(src, d.size());
    } finally {
      requests.inc(src.requests());
      bytes.inc(src.bytesRead());
    }
    readWhole(d, new BytesRangeSource(data, src.name()), out, failures);
  }

  /**
   * Reads the small files of a pack, one restriction unit per {@linkplain PackGroups group} of
   * files, fetching a few files ahead of the one being decoded.
   */
  private void processPack(
      ShardDescriptor pack,
      RestrictionTracker<OffsetRange, Long> tracker,
      OutputReceiver<Row> out,
      MultiOutputReceiver outputs)
      throws IOException {
    packRestrictions.inc();
    OffsetRange range = tracker.currentRestriction();
    int[] groups = PackGroups.bounds(pack.pack());
    int last = groups.length - 1;
    try (SmallFilePrefetcher files =
        new SmallFilePrefetcher(
            settings.hub.client(),
            pack.pack(),
            PackGroups.firstFile(groups, range.getFrom()),
            PackGroups.firstFile(groups, range.getTo()))) {
      for (long g = range.getFrom(); g < last && tracker.tryClaim(g); g++) {
        for (int i = groups[(int) g]; i < groups[(int) g + 1]; i++) {
          ShardDescriptor d = pack.pack().get(i);
          SmallFilePrefetcher.Fetched f = files.take();
          requests.inc(f.requests());
          bytes.inc(f.bytesRead());
          readWhole(d, new BytesRangeSource(f.bytes(), f.name()), out, new Failures(d, outputs));
        }
      }
    }
  }

  /** Footer (unless carried or cached) and every row group of a file held in memory. */
  private void readWhole(
      ShardDescriptor d, BytesRangeSource whole, OutputReceiver<Row> out, Failures failures)
      throws IOException {
    ParquetFooter footer = d.footer() != null ? d.footer() : FooterCache.get(d.cacheKey());
    if (footer == null) {
      try {
        footer = ParquetFooter.read(whole);
        footersFetched.inc();
        verify(footer);
      } catch (ParquetReadException | ParquetSchemaMismatchException e) {
        failures.file(e);
        return;
      }
    }
    readRowGroups(footer, whole, 0, g -> true, out, failures);
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
      OutputReceiver<Row> out,
      Failures failures)
      throws IOException {
    List<RowGroupInfo> groups = footer.rowGroups();
    try (RowGroupReader reader =
        RowGroupReader.builder(data, footer)
            .columns(readColumns(footer))
            .filter(settings.filter)
            .build()) {
      Schema readerSchema = reader.schema();
      RowAdapter adapt;
      try {
        adapt =
            readerSchema.equals(settings.outputSchema)
                ? null
                : new RowAdapter(readerSchema, settings.outputSchema, footer.fileName());
      } catch (ParquetSchemaMismatchException e) {
        failures.file(e);
        return;
      }
      for (long i = from; i < groups.size() && claim.test(i); i++) {
        int g = (int) i;
        long emitted;
        // with an error handler a row group is emitted only once it decoded completely
        List<Row> held = badRecords ? new ArrayList<>() : null;
        java.util.function.Consumer<Row> sink = held != null ? held::add : row -> out.output(row);
        try {
          emitted =
              reader.readRowGroup(g, row -> sink.accept(adapt == null ? row : adapt.apply(row)));
        } catch (IOException | RuntimeException e) {
          ParquetReadException failure =
              e instanceof ParquetReadException p
                  ? p
                  : new ParquetReadException(
                      "Failed reading row group " + g + " of " + footer.fileName() + ": " + e, e);
          if (!badRecords || !isDecodeFailure(e)) {
            throw failure;
          }
          failures.rowGroup(g, failure);
          continue;
        }
        if (held != null) {
          held.forEach(out::output);
        }
        rows.inc(emitted);
      }
      rowGroupsSkipped.inc(reader.rowGroupsSkipped());
    }
  }

  /**
   * A failure of the bytes (corrupt, undecodable, a value that cannot convert), not of the Hub or
   * the network: those keep failing the bundle so the runner retries it.
   */
  private static boolean isDecodeFailure(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.hfio.hub.HubException || t instanceof java.net.SocketException) {
        return false;
      }
    }
    return true;
  }

  /** Reports the unreadable units of one file as bad records, or fails when there is no handler. */
  private final class Failures {
    private final ShardDescriptor d;
    private final MultiOutputReceiver outputs;

    Failures(ShardDescriptor d, MultiOutputReceiver outputs) {
      this.d = d;
      this.outputs = outputs;
    }

    /** The whole file: footer unreadable, or its schema does not match the planned one. */
    void file(RuntimeException e) {
      if (!badRecords) {
        throw e;
      }
      report(null, e, "Parquet file not read");
    }

    void rowGroup(int g, ParquetReadException e) {
      report(g, e, "Row group " + g + " not read");
    }

    private void report(@Nullable Integer rowGroup, RuntimeException e, String what) {
      unitsFailed.inc();
      String where =
          "hf://" + d.repo().type().plural() + "/" + d.repo().id() + "@" + d.sha() + "/" + d.path();
      outputs
          .get(BadRecordRouter.BAD_RECORD_TAG)
          .output(
              BadRecords.of(
                  BadRecords.context(
                      "repo",
                      d.repo().id(),
                      "revision",
                      d.sha(),
                      "path",
                      d.path(),
                      "rowGroup",
                      rowGroup),
                  null,
                  null,
                  e,
                  what
                      + " ("
                      + where
                      + "): "
                      + RowFailures.reason(e)
                      + "; the rest of the read went on. Re-upload or fix the file."));
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
    // per output field: the conversion to its declared feature type (e.g. a ClassLabel), or null
    private final java.util.List<java.util.function.Function<Object, Object>> convert =
        new ArrayList<>();

    RowAdapter(Schema in, Schema out, String file) {
      this.out = out;
      this.index = new int[out.getFieldCount()];
      for (int i = 0; i < index.length; i++) {
        Schema.Field f = out.getField(i);
        index[i] = in.hasField(f.getName()) ? in.indexOf(f.getName()) : -1;
        convert.add(
            index[i] < 0
                ? null
                : dev.hfio.internal.dataset.FeatureValues.converter(
                    in.getField(index[i]).getType(), f.getType()));
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
      for (int f = 0; f < index.length; f++) {
        Object v = index[f] < 0 ? null : row.getValue(index[f]);
        values.add(v == null || convert.get(f) == null ? v : convert.get(f).apply(v));
      }
      return Row.withSchema(out).attachValues(values);
    }
  }
}
