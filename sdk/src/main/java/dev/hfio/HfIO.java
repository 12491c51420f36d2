package dev.hfio;

import com.google.auto.value.AutoValue;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RepoType;
import dev.hfio.internal.dataset.PushToHubLayout;
import dev.hfio.internal.parquet.ParquetCompression;
import dev.hfio.parquet.RowFilter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads and writes Hugging Face Hub datasets as Beam {@code PCollection<Row>}s.
 *
 * <pre>{@code
 * PCollection<Row> train = p.apply(HfIO.read().from("hf://datasets/username/my_dataset/train"));
 * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset").withSplit("train"));
 * }</pre>
 *
 * <p>Reads are planned once (listing, split resolution, schema from the Parquet footers) and pinned
 * to one commit; they split below the file by Parquet row groups. Writes upload Parquet shards from
 * the workers and publish everything in one atomic commit.
 *
 * <p><b>Connection</b> (the same rule for {@link Read}, {@link ReadFiles} and {@link Write}). The
 * base is the {@link HubClientConfig} given to {@code withHubConfig} (endpoint, token, retries,
 * timeouts); without it, the pipeline options ({@code --hfEndpoint}, {@code --hfToken}, {@code
 * --hfMaxAttempts}, ... of {@link HfOptions}) over the environment ({@code HF_ENDPOINT}; {@code
 * HF_TOKEN}, then the token file). {@code withToken} and {@code withEndpoint} then replace that one
 * field of the base, whichever order the calls come in. The token is never shown in display data.
 */
public final class HfIO {
  private HfIO() {}

  // ----- read -----

  /**
   * Reads a Hub dataset (or Parquet files of any repo) as a bounded {@code PCollection<Row>}. See
   * {@link Read}.
   *
   * <pre>{@code
   * p.apply(HfIO.read().from("hf://datasets/username/my_dataset"));        // all splits of the default config
   * p.apply(HfIO.read().from("hf://datasets/username/my_dataset/train"));  // every Parquet file under a folder
   * p.apply(HfIO.read().from("username/my_dataset").withSplit("test").withConfig("default")
   *     .withRevision("v1.0").withColumns("text", "label"));
   * }</pre>
   */
  public static Read read() {
    return new AutoValue_HfIO_Read.Builder().setConnection(HubConnection.defaults()).build();
  }

  /**
   * Reads the Parquet files named by a {@code PCollection<String>} of hf:// file paths (the ReadAll
   * form). The output schema must be known at construction: give it with {@link
   * ReadFiles#withSchema} or name a representative file with {@link ReadFiles#withSchemaFromFile},
   * whose footer is read at construction; every file is then checked against it on the workers.
   * Each path is pinned to the commit its revision points to when a worker resolves it (one HEAD
   * request per path).
   */
  public static ReadFiles readFiles() {
    return new AutoValue_HfIO_ReadFiles.Builder().setConnection(HubConnection.defaults()).build();
  }

  /**
   * A bounded read of Parquet data from the Hub. Planning happens at pipeline construction (in
   * {@code expand}): the revision is resolved to a commit sha and every later request is pinned to
   * it (a commit landing mid-read changes nothing); files are selected; the Parquet footers are
   * read (one tail request per file; for more than 64 files only the first 8, the rest are read and
   * checked against that schema on the workers, failing with the file named); the output schema is
   * inferred. Unknown splits or configs, non-Parquet splits, incompatible shards, bad columns or
   * filters fail there, before the pipeline runs.
   *
   * <p>File selection: with {@link #withSplit} or {@link #withConfig}, or when {@code from} is a
   * repository root, files are resolved exactly like {@code datasets.load_dataset} (README {@code
   * configs}, else default split patterns; on revision {@code ~parquet} the viewer's export
   * layout); no split means every split of the config, concatenated. Otherwise {@code from} is a
   * path read with Dask semantics: a file, every {@code .parquet} file under a folder (hidden and
   * {@code _}-prefixed entries skipped), or the files matching a glob. With both a path and a
   * split, the path acts as {@code data_dir}.
   *
   * <p>Reading: Create of small file descriptors, a Reshuffle, then a splittable DoFn per file
   * whose restriction is a range of row groups, split initially into about 64 MB (uncompressed)
   * pieces; maximum parallelism is the number of row groups. Only projected column chunks are
   * fetched; chunks of a row group less than 1 MiB apart are fetched with one request. Planning
   * reads at most 8 footers (the schema sample), the workers the others; each file is resolved
   * ({@code /resolve}, the Hub's resolvers quota) once per worker JVM and then read from the CDN
   * URL it redirected to, so a full read of F files makes at most F + 8 resolver requests. Metrics
   * (namespace {@code hfio.read}): rows, bytes, requests, footersFetched, initialSplits,
   * rowGroupsSkipped.
   *
   * <p>JSON Lines/JSON, CSV/TSV and text files (also {@code .gz}, {@code .zst}, {@code .bz2}) are
   * read under the same rules: schema from {@link #withSchema}, the card's features, or inferred
   * from the first rows of the first 8 files (one ranged read each); large uncompressed line files
   * are split by byte ranges; a malformed line fails naming file and line ({@code
   * MalformedRecordException}) or goes to {@link #withErrorHandler} (README "Formats read").
   *
   * <p>Empty data: a Parquet file without rows yields an empty PCollection with its schema; a path
   * with no Parquet file fails unless {@link #withSchema} is given. Data freshness: the snapshot of
   * the commit resolved at construction. Output is in the global window with timestamp MIN.
   *
   * <p>With {@link #watchForNewCommits} the read is unbounded instead: it tails a branch and reads
   * the files that later commits add, stamped with their commit's time.
   */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<Row>> {
    abstract @Nullable String getFrom();

    abstract @Nullable String getSplit();

    abstract @Nullable String getConfig();

    abstract @Nullable String getRevision();

    abstract @Nullable List<String> getColumns();

    abstract @Nullable Schema getSchema();

    abstract @Nullable RowFilter getFilter();

    abstract HubConnection getConnection();

    abstract org.joda.time.@Nullable Duration getPollInterval();

    abstract @Nullable Boolean getStartAtNewCommits();

    abstract @Nullable String getStartAfterCommit();

    abstract org.joda.time.@Nullable Instant getPollingUntil();

    abstract org.joda.time.@Nullable Duration getStopAfterIdle();

    abstract @Nullable ErrorHandler<BadRecord, ?> getErrorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setPollInterval(org.joda.time.Duration pollInterval);

      abstract Builder setStartAtNewCommits(Boolean startAtNewCommits);

      abstract Builder setStartAfterCommit(String sha);

      abstract Builder setPollingUntil(org.joda.time.Instant deadline);

      abstract Builder setStopAfterIdle(org.joda.time.Duration idle);

      abstract Builder setErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract Builder setFrom(String from);

      abstract Builder setSplit(String split);

      abstract Builder setConfig(String config);

      abstract Builder setRevision(String revision);

      abstract Builder setColumns(List<String> columns);

      abstract Builder setSchema(Schema schema);

      abstract Builder setFilter(RowFilter filter);

      abstract Builder setConnection(HubConnection connection);

      abstract Read build();
    }

    /**
     * Required. What to read: an hf:// path ({@code hf://datasets/ns/name[@rev][/path]}, a file,
     * folder or glob) or a dataset repo id ({@code ns/name}).
     */
    public Read from(String pathOrRepoId) {
      readCheck(
          pathOrRepoId != null && !pathOrRepoId.isBlank(),
          "from: expected an hf:// path or repo id, got %s",
          pathOrRepoId);
      if (HfPath.isHfPath(pathOrRepoId)) {
        HfPath.parse(pathOrRepoId); // fails with InvalidHfPathException naming the expected form
      } else {
        readCheck(
            RepoRef.isValidId(pathOrRepoId),
            "from: '%s' is neither an hf:// path nor a repo id of the form namespace/name",
            pathOrRepoId);
      }
      return toBuilder().setFrom(pathOrRepoId).build();
    }

    /** The split to read ({@code train}, {@code test}, ...). Default: every split of the config. */
    public Read withSplit(String split) {
      readCheck(
          split != null && !split.isBlank(),
          "withSplit: split name must be non-empty, got %s",
          split);
      return toBuilder().setSplit(split).build();
    }

    /**
     * The config (subset) to read. Default: the dataset's default config, as {@code load_dataset}
     * picks it.
     */
    public Read withConfig(String config) {
      readCheck(
          config != null && !config.isBlank(),
          "withConfig: config name must be non-empty, got %s",
          config);
      return toBuilder().setConfig(config).build();
    }

    /**
     * Branch, tag, {@code refs/...}, {@code ~parquet} (the viewer's Parquet export) or commit sha.
     * Default: the revision in {@code from}, else {@code main}. Resolved to a commit sha at
     * construction.
     */
    public Read withRevision(String revision) {
      readCheck(
          revision != null && !revision.isBlank(),
          "withRevision: revision must be non-empty, got %s",
          revision);
      return toBuilder().setRevision(revision).build();
    }

    /**
     * Top-level columns to read, in output order; only their column chunks are fetched. Default:
     * all columns.
     */
    public Read withColumns(String... columns) {
      readCheck(columns != null && columns.length > 0, "withColumns: give at least one column");
      Set<String> seen = new HashSet<>();
      for (String c : columns) {
        readCheck(
            c != null && !c.isBlank(),
            "withColumns: column names must be non-empty, got %s",
            Arrays.toString(columns));
        readCheck(seen.add(c), "withColumns: column '%s' given twice", c);
      }
      return toBuilder().setColumns(List.of(columns)).build();
    }

    /**
     * Output schema instead of the one inferred from the footers. Fields are matched by name; a
     * field missing from a file must be nullable and reads as null. With {@link #withColumns}, the
     * schema is projected to them.
     */
    public Read withSchema(Schema schema) {
      readCheck(schema != null, "withSchema: schema must not be null");
      return toBuilder().setSchema(schema).build();
    }

    /**
     * Row filter: row groups whose statistics rule it out are skipped unread, remaining rows
     * filtered exactly.
     */
    public Read withFilter(RowFilter filter) {
      readCheck(filter != null, "withFilter: filter must not be null");
      return toBuilder().setFilter(filter).build();
    }

    /**
     * The access token, replacing the connection's token (see {@link HfIO} "Connection"). Never
     * displayed.
     */
    public Read withToken(String token) {
      readCheck(token != null && !token.isBlank(), "withToken: token must be non-empty");
      return toBuilder().setConnection(getConnection().withToken(token)).build();
    }

    /**
     * The Hub endpoint URL, replacing the connection's endpoint (see {@link HfIO} "Connection").
     */
    public Read withEndpoint(String endpoint) {
      readCheck(
          endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
          "withEndpoint: expected an http(s) URL, got %s",
          endpoint);
      return toBuilder().setConnection(getConnection().withEndpoint(endpoint)).build();
    }

    /**
     * The base connection (endpoint, token, retries, timeouts) instead of options/environment; see
     * {@link HfIO}.
     */
    public Read withHubConfig(HubClientConfig config) {
      readCheck(config != null, "withHubConfig: config must not be null");
      return toBuilder().setConnection(getConnection().withBase(config)).build();
    }

    /**
     * Makes the read unbounded: it polls the branch head every {@code pollInterval} (at least 1 s)
     * and reads each Parquet file that commits add under the read's file, folder, glob or split
     * patterns once, through the same row-group reader as the bounded read. By default the files
     * already there are read first ({@link #withStartAtNewCommits}, {@link #withStartAfterCommit}
     * skip them); without {@link #withPollingUntil} or {@link #withStopAfterIdle} it polls forever.
     *
     * <p><b>Cost.</b> A poll is one API request for the branch head (its sha and commit date, no
     * file list); only when the head moved, one paged listing of the watched folder at the new
     * commit (one request per 1,000 entries). Both are paced like every other call, and polls of
     * one read never come closer than the interval. The Hub's free plan allows 1,000 API requests
     * per 5 minutes per account: a 1 s interval uses 300 of them, 10 s uses 30.
     *
     * <p><b>Guarantees.</b> A file version (path and blob id) is read once: Beam's {@code Watch}
     * keeps the keys it emitted in its checkpointed state, so a restarted runner neither repeats
     * nor skips files. Each file is pinned to the commit it was first seen at; its rows carry that
     * commit's time as timestamp (files already there at the first poll carry that head's time;
     * when several commits land between two polls, the newest one's), and the watermark follows
     * commit times: it advances when a new commit is seen, or to the end when polling stops. The
     * schema, and the folder, glob or split patterns, are fixed at construction: a later change of
     * the dataset card does not change what is watched, and a new file whose schema does not match
     * fails the pipeline. No retractions: a file deleted by a later commit stays read; a file
     * replaced (same path, new content) is read again as a new file. A dataset without data files
     * yet needs {@link #withSchema}; its split is then watched in the push_to_hub layout ({@code
     * data/{split}-*}).
     */
    public Read watchForNewCommits(org.joda.time.Duration pollInterval) {
      readCheck(
          pollInterval != null
              && !pollInterval.isShorterThan(org.joda.time.Duration.standardSeconds(1)),
          "watchForNewCommits: poll interval must be at least 1 second, got %s",
          pollInterval);
      return toBuilder().setPollInterval(pollInterval).build();
    }

    /**
     * With {@link #watchForNewCommits}: skip the files present at the head resolved at pipeline
     * construction (shown in display data); read only files added by later commits.
     */
    public Read withStartAtNewCommits() {
      return toBuilder().setStartAtNewCommits(true).build();
    }

    /**
     * With {@link #watchForNewCommits}: skip the files present at commit {@code sha} (full or at
     * least 7 hex digits), e.g. the last commit a previous run read; read files added after it.
     */
    public Read withStartAfterCommit(String sha) {
      readCheck(
          sha != null && sha.matches("[0-9a-f]{7,40}"),
          "withStartAfterCommit: expected a commit sha (7 to 40 lowercase hex digits), got %s",
          sha);
      return toBuilder().setStartAfterCommit(sha).build();
    }

    /** With {@link #watchForNewCommits}: stop polling at {@code deadline}. */
    public Read withPollingUntil(org.joda.time.Instant deadline) {
      readCheck(deadline != null, "withPollingUntil: deadline must not be null");
      return toBuilder().setPollingUntil(deadline).build();
    }

    /**
     * With {@link #watchForNewCommits}: stop polling once no new file came for {@code idle}
     * (counted from the first poll when none ever came).
     */
    public Read withStopAfterIdle(org.joda.time.Duration idle) {
      readCheck(
          idle != null && idle.isLongerThan(org.joda.time.Duration.ZERO),
          "withStopAfterIdle: idle duration must be positive, got %s",
          idle);
      return toBuilder().setStopAfterIdle(idle).build();
    }

    /**
     * Sends what cannot be decoded to {@code handler} as {@link BadRecord}s and reads the rest: a
     * file whose footer is unreadable or whose schema does not match the planned one (one record
     * per file), or a row group that fails to decode (one record per row group; its rows are
     * emitted only once the whole row group decoded, so a row group is read entirely or not at
     * all). Each record names repo, revision (commit sha), path and row group, with the exception's
     * type and message. A file among the footers read at construction that cannot be read is then
     * left to the workers (which report it) instead of failing the construction, unless no footer
     * at all can be read. Hub and network failures still fail (the runner retries them). Without a
     * handler every such failure fails the pipeline, naming the file.
     */
    public Read withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      readCheck(handler != null, "withErrorHandler: handler must not be null");
      return toBuilder().setErrorHandler(handler).build();
    }

    @Override
    public PCollection<Row> expand(PBegin input) {
      readCheck(getFrom() != null, "HfIO.read(): from(...) is required");
      HubClientConfig hub = getConnection().resolve(input.getPipeline().getOptions());
      if (HubWatchRead.isWatched(this)) {
        return input.apply("WatchForNewCommits", HubWatchRead.of(this, hub));
      }
      ReadPlan plan = ReadPlanner.plan(this, hub);
      if (plan.textFormat() != null) {
        return HubTextRead.expand(input, ReadSettings.of(this, hub, plan), plan, getErrorHandler());
      }
      return HubParquetRead.expand(
          input, ReadSettings.of(this, hub, plan), plan, getErrorHandler());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(readItem("from", getFrom(), "Hub path or repo"))
          .addIfNotNull(readItem("revision", getRevision(), "Revision"))
          .addIfNotNull(readItem("config", getConfig(), "Config"))
          .addIfNotNull(readItem("split", getSplit(), "Split"))
          .addIfNotNull(
              readItem(
                  "columns",
                  getColumns() == null ? null : String.join(",", getColumns()),
                  "Columns"))
          .addIfNotNull(readItem("filter", getFilter(), "Row filter"))
          .addIfNotNull(readItem("endpoint", getConnection().endpointForDisplay(), "Hub endpoint"))
          .addIfNotNull(
              readItem(
                  "errorHandler",
                  getErrorHandler() == null ? null : getErrorHandler().getClass().getSimpleName(),
                  "Undecodable files and row groups go to the error handler"));
      HubWatchRead.displayData(this, builder);
    }
  }

  /**
   * Reads Parquet files named by hf:// paths in the input (see {@link HfIO#readFiles()}). Exactly
   * one of {@link #withSchema} or {@link #withSchemaFromFile} is required.
   */
  @AutoValue
  public abstract static class ReadFiles extends PTransform<PCollection<String>, PCollection<Row>> {
    abstract @Nullable Schema getSchema();

    abstract @Nullable String getSchemaFile();

    abstract @Nullable List<String> getColumns();

    abstract @Nullable RowFilter getFilter();

    abstract HubConnection getConnection();

    abstract @Nullable ErrorHandler<BadRecord, ?> getErrorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setErrorHandler(ErrorHandler<BadRecord, ?> handler);

      abstract Builder setSchema(Schema schema);

      abstract Builder setSchemaFile(String path);

      abstract Builder setColumns(List<String> columns);

      abstract Builder setFilter(RowFilter filter);

      abstract Builder setConnection(HubConnection connection);

      abstract ReadFiles build();
    }

    /** Output schema, fields matched by name (missing fields must be nullable). */
    public ReadFiles withSchema(Schema schema) {
      readCheck(schema != null, "withSchema: schema must not be null");
      return toBuilder().setSchema(schema).build();
    }

    /**
     * An hf:// Parquet file whose footer gives the schema at construction; every input file must
     * match it.
     */
    public ReadFiles withSchemaFromFile(String hfPath) {
      readCheck(
          hfPath != null && HfPath.isHfPath(hfPath),
          "withSchemaFromFile: expected an hf:// file path, got %s",
          hfPath);
      HfPath.parse(hfPath);
      return toBuilder().setSchemaFile(hfPath).build();
    }

    /** Top-level columns to read, in output order. Default: all. */
    public ReadFiles withColumns(String... columns) {
      readCheck(columns != null && columns.length > 0, "withColumns: give at least one column");
      for (String c : columns) {
        readCheck(c != null && !c.isBlank(), "withColumns: column names must be non-empty");
      }
      readCheck(
          new HashSet<>(List.of(columns)).size() == columns.length,
          "withColumns: duplicate column in %s",
          Arrays.toString(columns));
      return toBuilder().setColumns(List.of(columns)).build();
    }

    /** Row filter (row-group skipping by statistics, then exact filtering). */
    public ReadFiles withFilter(RowFilter filter) {
      readCheck(filter != null, "withFilter: filter must not be null");
      return toBuilder().setFilter(filter).build();
    }

    /**
     * The access token, replacing the connection's token (see {@link HfIO} "Connection"). Never
     * displayed.
     */
    public ReadFiles withToken(String token) {
      readCheck(token != null && !token.isBlank(), "withToken: token must be non-empty");
      return toBuilder().setConnection(getConnection().withToken(token)).build();
    }

    /**
     * The Hub endpoint URL, replacing the connection's endpoint (see {@link HfIO} "Connection").
     */
    public ReadFiles withEndpoint(String endpoint) {
      readCheck(
          endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
          "withEndpoint: expected an http(s) URL, got %s",
          endpoint);
      return toBuilder().setConnection(getConnection().withEndpoint(endpoint)).build();
    }

    /**
     * The base connection (endpoint, token, retries, timeouts) instead of options/environment; see
     * {@link HfIO}.
     */
    public ReadFiles withHubConfig(HubClientConfig config) {
      readCheck(config != null, "withHubConfig: config must not be null");
      return toBuilder().setConnection(getConnection().withBase(config)).build();
    }

    /**
     * Sends files and row groups that cannot be decoded to {@code handler} as {@link BadRecord}s
     * (see {@link Read#withErrorHandler}); without it they fail the pipeline.
     */
    public ReadFiles withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      readCheck(handler != null, "withErrorHandler: handler must not be null");
      return toBuilder().setErrorHandler(handler).build();
    }

    @Override
    public PCollection<Row> expand(PCollection<String> input) {
      readCheck(
          getSchema() != null ^ getSchemaFile() != null,
          "HfIO.readFiles(): give exactly one of withSchema(...) or withSchemaFromFile(...)");
      HubClientConfig hub = getConnection().resolve(input.getPipeline().getOptions());
      ReadPlan hint = getSchema() != null ? null : ReadPlanner.planHint(this, hub);
      return HubParquetRead.expandFiles(input, ReadSettings.of(this, hub, hint), getErrorHandler());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(readItem("schemaFile", getSchemaFile(), "Schema from file"))
          .addIfNotNull(
              readItem(
                  "columns",
                  getColumns() == null ? null : String.join(",", getColumns()),
                  "Columns"))
          .addIfNotNull(readItem("filter", getFilter(), "Row filter"))
          .addIfNotNull(readItem("endpoint", getConnection().endpointForDisplay(), "Hub endpoint"))
          .addIfNotNull(
              readItem(
                  "errorHandler",
                  getErrorHandler() == null ? null : getErrorHandler().getClass().getSimpleName(),
                  "Undecodable files and row groups go to the error handler"));
    }
  }

  /**
   * A display data item of the read transforms (skipped by addIfNotNull when the value is null).
   */
  private static DisplayData.ItemSpec<String> readItem(
      String key, @Nullable Object value, String label) {
    String text = value == null ? null : value.toString();
    return DisplayData.item(key, text).withLabel(label);
  }

  /** Argument check of the read transforms: IllegalArgumentException with a formatted message. */
  private static void readCheck(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(message, args));
    }
  }

  // ----- write -----

  /**
   * Writes a schema'd {@code PCollection} (Rows, or any type with a Beam schema) to a Hub dataset.
   * See {@link Write}.
   */
  public static Write write() {
    return new AutoValue_HfIO_Write.Builder()
        .setMode(WriteMode.OVERWRITE)
        .setModeExplicit(false)
        .setCreatePr(false)
        .setMaxOperationsPerCommit(Write.DEFAULT_MAX_OPERATIONS_PER_COMMIT)
        .setNumShards(0)
        .setMaxShardBytes(Write.DEFAULT_MAX_SHARD_BYTES)
        .setRowGroupBytes(Write.DEFAULT_ROW_GROUP_BYTES)
        .setCompression(ParquetCompression.SNAPPY)
        .setFailOnViewerLimits(false)
        .setConnection(HubConnection.defaults())
        .build();
  }

  /**
   * Writes a {@code PCollection<GenericRecord>} whose records follow {@code avroSchema}; the
   * Parquet columns are Beam's mapping of the Avro schema. Otherwise the same as {@link #write()}.
   */
  public static Write writeGenericRecords(org.apache.avro.Schema avroSchema) {
    checkWriteArg(avroSchema != null, "writeGenericRecords: avroSchema must not be null");
    checkWriteArg(
        avroSchema.getType() == org.apache.avro.Schema.Type.RECORD,
        "writeGenericRecords: avroSchema must be a RECORD schema, got %s",
        avroSchema.getType());
    return write().toBuilder().setAvroSchemaJson(avroSchema.toString()).build();
  }

  /**
   * A write failed for a reason the user must fix (token, missing repo, mode, schema); the message
   * says what to do.
   */
  public static class WriteException extends dev.hfio.errors.HfException {
    private static final long serialVersionUID = 1L;

    public WriteException(String message) {
      super(message);
    }

    public WriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Writes rows as Parquet shards to a Hugging Face dataset repo and publishes them in one atomic
   * commit.
   *
   * <pre>{@code
   * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset"));            // split "train", push_to_hub layout
   * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset/train"));      // a directory of part files
   * rows.apply(HfIO.write().to("username/my_dataset").withSplit("test")
   *     .withMode(WriteMode.APPEND).withCommitMessage("Add test").withCreateRepo(Visibility.PRIVATE));
   * }</pre>
   *
   * <p><b>Layouts.</b> With {@link #withSplit} (or a repo-root target, which means split {@code
   * train}) the write uses the {@code push_to_hub} layout: {@code
   * data/{split}-00000-of-0000N.parquet} (or {@code {config}/...} with {@link #withConfig}) and
   * updates the README card's {@code configs} (and {@code dataset_info} when the counts are exact:
   * OVERWRITE with plain column types). A target with a path writes {@code
   * {path}/part-00000-of-0000N.parquet} and leaves the card alone. APPEND names end in {@code
   * -<first 8 chars of the write id>}.
   *
   * <p><b>Guarantees.</b> A bounded input is written in one commit. Workers write shards to local
   * temp files (memory: one row group per open writer) and upload them as LFS objects; nothing is
   * visible until one commit (guarded by the head it was computed from, retried on conflicts) adds
   * them, deletes replaced files and updates the card. Beyond {@link #withMaxOperationsPerCommit}
   * operations on {@code main}, the operations are staged on a pull request that is merged once. A
   * retried commit step finds its write id in the branch history and does not commit twice. Empty
   * input commits nothing; the result then has a null commit and no files.
   *
   * <p><b>Unbounded input</b> (streaming). Each pane of the input's windows and triggers (or each
   * firing of {@link #withTriggeringFrequency}) is appended as one commit of uniquely named shards
   * ({@code ...-of-0000N-<pane id>.parquet}), no sooner than {@link #withMinCommitInterval} after
   * the previous commit (panes ready meanwhile share one commit). The mode is APPEND unless
   * ERROR_IF_EXISTS is asked for (checked once, before the first upload); OVERWRITE and {@link
   * #withCreatePr} are refused. Every commit lists its pane ids ({@code HfIO-Pane-Id: <id>}); a
   * replayed commit step finds them on the branch and commits nothing. The commit step requires
   * stable input, so on Flink it needs checkpointing. The card keeps its {@code configs}; the
   * config's {@code dataset_info} is dropped (counts of appends are not exact). One {@link
   * WriteResult} per commit.
   *
   * <p><b>Authentication.</b> The connection rule of {@link HfIO}: {@link #withToken}, else the
   * token of the {@link #withHubConfig} config if one is given, else {@code --hfToken} ({@link
   * HfOptions}), else {@code HF_TOKEN} / the token file. The token must have write access; it is
   * checked before any upload and never shown in display data.
   */
  @AutoValue
  public abstract static class Write extends PTransform<PCollection<?>, Write.Result> {
    private static final long serialVersionUID = 1L;

    /**
     * Default {@link #withMaxOperationsPerCommit}: the Hub advises at most about 100 files per
     * commit.
     */
    public static final int DEFAULT_MAX_OPERATIONS_PER_COMMIT = 100;

    /** Default {@link #withMaxShardBytes}: 500 MB, like {@code datasets}. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 500L * 1000 * 1000;

    /** Default {@link #withRowGroupBytes}: about 100 MB, like {@code datasets}. */
    public static final long DEFAULT_ROW_GROUP_BYTES = 100L * 1000 * 1000;

    abstract @Nullable String target();

    abstract @Nullable String split();

    abstract @Nullable String config();

    abstract WriteMode mode();

    abstract @Nullable String commitMessage();

    abstract @Nullable Visibility createRepo();

    abstract @Nullable String revision();

    abstract boolean createPr();

    abstract int maxOperationsPerCommit();

    abstract int numShards();

    abstract long maxShardBytes();

    abstract long rowGroupBytes();

    abstract ParquetCompression compression();

    abstract boolean failOnViewerLimits();

    abstract HubConnection connection();

    abstract @Nullable String avroSchemaJson();

    abstract boolean modeExplicit();

    abstract org.joda.time.@Nullable Duration triggeringFrequency();

    abstract org.joda.time.@Nullable Duration minCommitInterval();

    abstract @Nullable String splitField();

    abstract @Nullable SerializableFunction<Row, String> splitFn();

    abstract @Nullable ErrorHandler<BadRecord, ?> errorHandler();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setTarget(String v);

      abstract Builder setSplit(String v);

      abstract Builder setConfig(String v);

      abstract Builder setMode(WriteMode v);

      abstract Builder setCommitMessage(String v);

      abstract Builder setCreateRepo(Visibility v);

      abstract Builder setRevision(String v);

      abstract Builder setCreatePr(boolean v);

      abstract Builder setMaxOperationsPerCommit(int v);

      abstract Builder setNumShards(int v);

      abstract Builder setMaxShardBytes(long v);

      abstract Builder setRowGroupBytes(long v);

      abstract Builder setCompression(ParquetCompression v);

      abstract Builder setFailOnViewerLimits(boolean v);

      abstract Builder setConnection(HubConnection v);

      abstract Builder setAvroSchemaJson(String v);

      abstract Builder setModeExplicit(boolean v);

      abstract Builder setTriggeringFrequency(org.joda.time.Duration v);

      abstract Builder setMinCommitInterval(org.joda.time.Duration v);

      abstract Builder setSplitField(String v);

      abstract Builder setSplitFn(SerializableFunction<Row, String> v);

      abstract Builder setErrorHandler(ErrorHandler<BadRecord, ?> v);

      abstract Write build();
    }

    /**
     * Required. The dataset repo, optionally with a directory: {@code
     * hf://datasets/ns/name[@branch][/dir]} or a bare {@code ns/name}. The repo root means split
     * {@code train} in the push_to_hub layout; a directory gets part files.
     */
    public Write to(String target) {
      checkWriteArg(
          target != null && !target.isBlank(),
          "to: target must be an hf://datasets/... path or a repo id");
      HfPath p;
      try {
        p = HfPath.ofDataset(target);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "to: '"
                + target
                + "' is not a dataset location; expected "
                + "hf://datasets/namespace/name[@branch][/dir] or namespace/name ("
                + e.getMessage()
                + ")",
            e);
      }
      checkWriteArg(p.repo().type() == RepoType.DATASET, "to: '%s' is not a dataset repo", target);
      return toBuilder().setTarget(target).build();
    }

    /**
     * Writes one split in the push_to_hub layout ({@code data/{split}-NNNNN-of-NNNNN.parquet} plus
     * the card). Names must match {@code ^\w+(\.\w+)*$} (e.g. train, validation, test). The target
     * must be the repo root.
     */
    public Write withSplit(String split) {
      checkWriteArg(
          PushToHubLayout.isValidSplitName(split),
          "withSplit: invalid split name '%s': split names must "
              + "match ^\\w+(\\.\\w+)*$ (letters, digits, '_', dot-separated parts, no '-'), e.g. train",
          split);
      return toBuilder().setSplit(split).build();
    }

    /**
     * The config the split belongs to (default {@code default}, stored under {@code data/}; others
     * under their name).
     */
    public Write withConfig(String config) {
      try {
        PushToHubLayout.validateConfigName(config);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("withConfig: " + e.getMessage(), e);
      }
      return toBuilder().setConfig(config).build();
    }

    /**
     * What to do with existing data of the target (default {@link WriteMode#OVERWRITE}; on an
     * unbounded input {@link WriteMode#APPEND}, and OVERWRITE is refused there).
     */
    public Write withMode(WriteMode mode) {
      checkWriteArg(mode != null, "withMode: mode must not be null");
      return toBuilder().setMode(mode).setModeExplicit(true).build();
    }

    /** The commit title (default "Upload split 'x' with HfIO" or "Upload dir with HfIO"). */
    public Write withCommitMessage(String message) {
      checkWriteArg(
          message != null && !message.isBlank(), "withCommitMessage: message must not be blank");
      return toBuilder().setCommitMessage(message).build();
    }

    /**
     * Creates the repo with this visibility if it does not exist (default: a missing repo is an
     * error).
     */
    public Write withCreateRepo(Visibility visibility) {
      checkWriteArg(visibility != null, "withCreateRepo: visibility must not be null");
      return toBuilder().setCreateRepo(visibility).build();
    }

    /** The branch to commit to (default {@code main}); created from {@code main} if missing. */
    public Write withRevision(String branch) {
      checkWriteArg(
          branch != null && !branch.isBlank() && !branch.contains(" "),
          "withRevision: '%s' is not a branch name",
          branch);
      checkWriteArg(
          !branch.startsWith("refs/"),
          "withRevision: write to a branch, not '%s' (use withCreatePr for a" + " pull request)",
          branch);
      return toBuilder().setRevision(branch).build();
    }

    /**
     * Opens a pull request against {@code main} with the write instead of committing to the branch.
     */
    public Write withCreatePr() {
      return toBuilder().setCreatePr(true).build();
    }

    /**
     * Above this many operations (files added, deleted, README) one commit is split into commits on
     * a pull request that is merged once (default 100, allowed 1..10000).
     */
    public Write withMaxOperationsPerCommit(int n) {
      checkWriteArg(n >= 1 && n <= 10_000, "withMaxOperationsPerCommit: %s is not in 1..10000", n);
      return toBuilder().setMaxOperationsPerCommit(n).build();
    }

    /**
     * Exactly up to {@code n} shards (rows dealt round-robin, plus a GroupByKey); 0 =
     * runner-determined (one or more files per bundle, rolling at {@link #withMaxShardBytes}).
     * Allowed 0..99999. Shards without rows are not written. On an unbounded input the count is per
     * pane, and 0 (the default) means {@link #DEFAULT_STREAMING_SHARDS_PER_PANE}: a stream's
     * bundles are small and many, and one file per bundle would fill a Hub directory.
     */
    public Write withNumShards(int n) {
      checkWriteArg(
          n >= 0 && n <= 99_999, "withNumShards: %s is not in 0..99999 (0 = runner-determined)", n);
      return toBuilder().setNumShards(n).build();
    }

    /** A shard is closed once its file reaches this many bytes (default 500 MB; at least 1 MiB). */
    public Write withMaxShardBytes(long bytes) {
      checkWriteArg(bytes >= (1 << 20), "withMaxShardBytes: %s is below 1 MiB", bytes);
      return toBuilder().setMaxShardBytes(bytes).build();
    }

    /**
     * Target Parquet row-group size in buffered bytes (default ~100 MB; at least 64 KiB). Bounds
     * worker memory.
     */
    public Write withRowGroupBytes(long bytes) {
      checkWriteArg(bytes >= (64 << 10), "withRowGroupBytes: %s is below 64 KiB", bytes);
      return toBuilder().setRowGroupBytes(bytes).build();
    }

    /**
     * Column compression (default {@link Compression#SNAPPY}, like {@code datasets}; ZSTD is
     * smaller).
     */
    public Write withCompression(Compression compression) {
      checkWriteArg(compression != null, "withCompression: compression must not be null");
      return toBuilder().setCompression(toParquet(compression)).build();
    }

    /** The engine's codec for the user-facing choice. */
    /**
     * Fails the write, before anything is committed, with a {@link
     * dev.hfio.parquet.ViewerLimitException} naming the file when a file exceeds what the Hub's
     * dataset viewer reads (a row group above 300,000,000 bytes before compression, the viewer's
     * largest read, or a column name above 500 characters); by default such a file is committed and
     * a warning is logged.
     */
    public Write withFailOnViewerLimits() {
      return toBuilder().setFailOnViewerLimits(true).build();
    }

    private static ParquetCompression toParquet(Compression compression) {
      return switch (compression) {
        case SNAPPY -> ParquetCompression.SNAPPY;
        case ZSTD -> ParquetCompression.ZSTD;
        case GZIP -> ParquetCompression.GZIP;
        case UNCOMPRESSED -> ParquetCompression.UNCOMPRESSED;
      };
    }

    /**
     * The token to write with, replacing the connection's token (see {@link HfIO} "Connection").
     * Never displayed.
     */
    public Write withToken(String token) {
      checkWriteArg(token != null && !token.isBlank(), "withToken: token must not be blank");
      return toBuilder().setConnection(connection().withToken(token)).build();
    }

    /** The Hub endpoint, replacing the connection's endpoint (see {@link HfIO} "Connection"). */
    public Write withEndpoint(String endpoint) {
      checkWriteArg(
          endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
          "withEndpoint: '%s' is not an http(s) URL",
          endpoint);
      return toBuilder().setConnection(connection().withEndpoint(endpoint)).build();
    }

    /**
     * The base connection (endpoint, token, retries, timeouts) instead of options/environment; see
     * {@link HfIO}.
     */
    public Write withHubConfig(HubClientConfig config) {
      checkWriteArg(config != null, "withHubConfig: config must not be null");
      return toBuilder().setConnection(connection().withBase(config)).build();
    }

    /**
     * Unbounded input only: instead of the input's own windows and triggers, one commit per firing
     * of a processing-time trigger that fires this long after the first row of each pane (the rows
     * are re-windowed into the global window, fired panes discarded). Must be positive.
     */
    public Write withTriggeringFrequency(org.joda.time.Duration frequency) {
      checkWriteArg(
          frequency != null && frequency.getMillis() > 0,
          "withTriggeringFrequency: %s is not a positive duration",
          frequency);
      return toBuilder().setTriggeringFrequency(frequency).build();
    }

    /**
     * Unbounded input only: the least time between two commits of the write (default {@link
     * #DEFAULT_MIN_COMMIT_INTERVAL}, 60 s, so at most 60 commits an hour; {@code ZERO} commits
     * every pane on its own). Panes that become ready sooner are published together in one commit
     * that lists all their pane ids.
     */
    public Write withMinCommitInterval(org.joda.time.Duration interval) {
      checkWriteArg(
          interval != null && interval.getMillis() >= 0,
          "withMinCommitInterval: %s is not a duration >= 0",
          interval);
      return toBuilder().setMinCommitInterval(interval).build();
    }

    /**
     * Routes the rows by the value of the STRING field {@code field} and writes every split in the
     * push_to_hub layout ({@code data/{split}-NNNNN-of-NNNNN.parquet}, or {@code {config}/...} with
     * {@link #withConfig}) with the card's {@code configs} (and {@code dataset_info}) listing each,
     * all in ONE commit. The field is not stored. Split names must match {@code ^\w+(\.\w+)*$}; a
     * row with another value fails the write, or goes to the error handler ({@link
     * #withErrorHandler}). Modes apply per written split: OVERWRITE replaces the files of the
     * splits written and keeps the others, APPEND adds to each, ERROR_IF_EXISTS refuses if any
     * written split has files (checked at the commit). {@link #withNumShards} is per split. Not
     * with {@link #withSplit}; bounded input only; the target must be the repo root.
     */
    public Write withSplitField(String field) {
      checkWriteArg(
          field != null && !field.isBlank(),
          "withSplitField: expected the name of a STRING field, got %s",
          field);
      return toBuilder().setSplitField(field).build();
    }

    /**
     * Like {@link #withSplitField}, but the split of each row is {@code fn(row)} and the rows are
     * stored whole.
     */
    public Write withSplitFn(SerializableFunction<Row, String> fn) {
      checkWriteArg(fn != null, "withSplitFn: function must not be null");
      return toBuilder().setSplitFn(fn).build();
    }

    /**
     * Sends rows the write cannot store (a value the Parquet column cannot hold, e.g. a decimal
     * that does not fit; a null in a non-null field; a wrong-typed value; an invalid split name) to
     * {@code handler} as {@link BadRecord}s naming the repo, branch, split and field, and commits
     * the other rows. Without a handler such a row fails the write with a {@link WriteException}
     * naming the field, and nothing is committed. Each row is then converted twice (checked, then
     * written).
     */
    public Write withErrorHandler(ErrorHandler<BadRecord, ?> handler) {
      checkWriteArg(handler != null, "withErrorHandler: handler must not be null");
      return toBuilder().setErrorHandler(handler).build();
    }

    /**
     * Shards per pane of a write of an unbounded input without {@link #withNumShards}: one file per
     * pane (more only past {@link #withMaxShardBytes}), whatever the runner's bundle size.
     */
    public static final int DEFAULT_STREAMING_SHARDS_PER_PANE = 1;

    /** Default {@link #withMinCommitInterval}: 60 seconds. */
    public static final org.joda.time.Duration DEFAULT_MIN_COMMIT_INTERVAL =
        org.joda.time.Duration.standardSeconds(60);

    @Override
    public Result expand(PCollection<?> input) {
      checkWriteArg(
          target() != null,
          "HfIO.write() needs a target: call to(\"hf://datasets/namespace/name\")");
      boolean unbounded = input.isBounded() == PCollection.IsBounded.UNBOUNDED;
      if (unbounded) {
        StreamingWriteChecks.check(this, input);
      } else {
        StreamingWriteChecks.checkBounded(this);
      }
      HfPath p = HfPath.ofDataset(target());
      if (p.revision() != null && revision() != null && !p.revision().equals(revision())) {
        throw new IllegalArgumentException(
            "HfIO.write(): the target names revision '"
                + p.revision()
                + "' but withRevision('"
                + revision()
                + "') was given; use one");
      }
      String branch = revision() != null ? revision() : p.revision();
      checkWriteArg(
          branch == null || !branch.startsWith("refs/"),
          "HfIO.write(): cannot write to '%s': write to a branch, or use withCreatePr()",
          branch);
      checkWriteArg(
          !(createPr() && branch != null && !branch.equals("main")),
          "HfIO.write(): withCreatePr() opens a pull request against main; it cannot be combined with branch '%s'",
          branch);
      SplitRouting.checkSpec(this, unbounded);
      if (split() != null || config() != null || splitField() != null || splitFn() != null) {
        checkWriteArg(
            p.isRoot(),
            "HfIO.write(): withSplit/withConfig use the push_to_hub layout and need the repo "
                + "root as target, got directory '%s'; drop the directory or the split",
            p.path());
      }
      HubClientConfig hub = connection().resolve(input.getPipeline().getOptions());
      if (!hub.hasToken()) {
        throw new IllegalArgumentException(
            "HfIO.write() to "
                + target()
                + " needs a Hugging Face token with write "
                + "access: pass --hfToken=hf_... (HfOptions), set HF_TOKEN, or call withToken(...)");
      }
      PCollection<Row> rows = toRows(input);
      Write spec =
          !unbounded || modeExplicit() ? this : toBuilder().setMode(WriteMode.APPEND).build();
      WriteSettings settings = WriteSettings.of(spec, rows.getSchema(), hub);
      if (errorHandler() != null) {
        rows = CheckRowsFn.apply(rows, settings, errorHandler());
      }
      if (unbounded) {
        return new Result(
            input.getPipeline(),
            HubStreamingWrite.expand(
                rows,
                settings,
                triggeringFrequency(),
                minCommitInterval() == null ? DEFAULT_MIN_COMMIT_INTERVAL : minCommitInterval()));
      }
      return new Result(input.getPipeline(), HubWriteExpansion.expand(rows, settings));
    }

    @SuppressWarnings("unchecked")
    private PCollection<Row> toRows(PCollection<?> input) {
      if (avroSchemaJson() != null) {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(avroSchemaJson());
        Schema beam = AvroUtils.toBeamSchema(avro);
        return ((PCollection<GenericRecord>) input)
            .apply(
                "AvroToRows",
                MapElements.into(TypeDescriptors.rows())
                    .via((GenericRecord r) -> AvroUtils.toBeamRowStrict(r, beam)))
            .setRowSchema(beam);
      }
      if (!input.hasSchema()) {
        throw new IllegalArgumentException(
            "HfIO.write() needs a PCollection with a Beam schema (Rows with "
                + "setRowSchema, or a type with @DefaultSchema), got coder "
                + input.getCoder()
                + "; for Avro GenericRecords use HfIO.writeGenericRecords(avroSchema)");
      }
      if (input.getCoder() instanceof RowCoder) {
        return (PCollection<Row>) input;
      }
      return ((PCollection<Object>) input).apply("ToRows", Convert.toRows());
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(DisplayData.item("target", target()).withLabel("Target dataset location"))
          .addIfNotNull(DisplayData.item("split", split()).withLabel("Split"))
          .addIfNotNull(DisplayData.item("config", config()).withLabel("Config"))
          .add(
              DisplayData.item(
                      "mode", modeExplicit() ? mode().name() : "OVERWRITE (APPEND if unbounded)")
                  .withLabel("Write mode (default: OVERWRITE, APPEND on unbounded input)"))
          .addIfNotNull(DisplayData.item("revision", revision()).withLabel("Branch"))
          .add(DisplayData.item("createPr", createPr()).withLabel("Open a pull request"))
          .add(
              DisplayData.item("numShards", numShards())
                  .withLabel(
                      "Shards (0 = runner-determined; per pane and 0 = 1 on unbounded input)"))
          .add(DisplayData.item("maxShardBytes", maxShardBytes()).withLabel("Max shard bytes"))
          .add(DisplayData.item("rowGroupBytes", rowGroupBytes()).withLabel("Row group bytes"))
          .add(DisplayData.item("compression", compression().name()).withLabel("Compression"))
          .add(
              DisplayData.item("failOnViewerLimits", failOnViewerLimits())
                  .withLabel("Fail on the viewer's limits"))
          .add(
              DisplayData.item("maxOperationsPerCommit", maxOperationsPerCommit())
                  .withLabel("Max operations per commit"))
          .addIfNotNull(
              DisplayData.item("endpoint", connection().endpointForDisplay())
                  .withLabel("Hub endpoint"))
          .addIfNotNull(
              DisplayData.item("triggeringFrequency", triggeringFrequency())
                  .withLabel("Commit per processing-time firing every (unbounded input)"))
          .addIfNotNull(
              DisplayData.item("minCommitInterval", minCommitInterval())
                  .withLabel("Least time between commits (unbounded input)"))
          .addIfNotNull(
              DisplayData.item("splitField", splitField())
                  .withLabel("Split field (every split in one commit)"))
          .addIfNotNull(
              DisplayData.item("splitFn", splitFn() == null ? null : splitFn().getClass().getName())
                  .withLabel("Split function (every split in one commit)"))
          .addIfNotNull(
              DisplayData.item(
                      "errorHandler",
                      errorHandler() == null ? null : errorHandler().getClass().getSimpleName())
                  .withLabel("Unwritable rows go to the error handler"));
    }

    /**
     * The output of a {@link Write}: one {@link WriteResult} per write, for {@code Wait.on} or
     * inspection.
     */
    public static final class Result implements POutput {
      private static final TupleTag<WriteResult> TAG = new TupleTag<>("hfioWriteResults");
      private final Pipeline pipeline;
      private final PCollection<WriteResult> results;

      Result(Pipeline pipeline, PCollection<WriteResult> results) {
        this.pipeline = pipeline;
        this.results = results;
      }

      /** The commit(s) made, one element per write. */
      public PCollection<WriteResult> getWriteResults() {
        return results;
      }

      @Override
      public Pipeline getPipeline() {
        return pipeline;
      }

      @Override
      public Map<TupleTag<?>, PValue> expand() {
        return Map.of(TAG, results);
      }

      @Override
      public void finishSpecifyingOutput(
          String transformName, PInput input, PTransform<?, ?> transform) {}
    }
  }

  private static void checkWriteArg(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(message, args));
    }
  }
}
