package dev.hfio;

/**
 * Reads and writes Hugging Face Hub datasets as Beam {@code PCollection<Row>}s.
 *
 * <pre>{@code
 * PCollection<Row> train = p.apply(HfIO.read().from("hf://datasets/username/my_dataset/train"));
 * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset").withSplit("train"));
 * }</pre>
 *
 * <p>Reads are planned once (listing, split resolution, schema from the Parquet footers) and pinned to one commit;
 * they split below the file by Parquet row groups. Writes upload Parquet shards from the workers and publish
 * everything in one atomic commit.
 */
public final class HfIO {
  private HfIO() {}

  // ===== BEGIN READ SECTION (owned by the read work; keep edits inside) =====

  /**
   * Reads a Hub dataset (or Parquet files of any repo) as a bounded {@code PCollection<Row>}. See {@link Read}.
   *
   * <pre>{@code
   * p.apply(HfIO.read().from("hf://datasets/username/my_dataset"));        // all splits of the default config
   * p.apply(HfIO.read().from("hf://datasets/username/my_dataset/train"));  // every Parquet file under a folder
   * p.apply(HfIO.read().from("username/my_dataset").withSplit("test").withConfig("default")
   *     .withRevision("v1.0").withColumns("text", "label"));
   * }</pre>
   */
  public static Read read() {
    return new AutoValue_HfIO_Read.Builder().build();
  }

  /**
   * Reads the Parquet files named by a {@code PCollection<String>} of hf:// file paths (the ReadAll form). The
   * output schema must be known at construction: give it with {@link ReadFiles#withSchema} or name a
   * representative file with {@link ReadFiles#withSchemaFromFile}, whose footer is read at construction; every
   * file is then checked against it on the workers. Each path is pinned to the commit its revision points to when a
   * worker resolves it (one HEAD request per path).
   */
  public static ReadFiles readFiles() {
    return new AutoValue_HfIO_ReadFiles.Builder().build();
  }

  /**
   * A bounded read of Parquet data from the Hub. Planning happens at pipeline construction (in {@code expand}): the
   * revision is resolved to a commit sha and every later request is pinned to it (a commit landing mid-read changes
   * nothing); files are selected; the Parquet footers are read (one tail request per file; for more than 64 files
   * only the first 8, the rest are read and checked against that schema on the workers, failing with the file
   * named); the output schema is inferred. Unknown splits or configs, non-Parquet splits, incompatible shards, bad
   * columns or filters fail there, before the pipeline runs.
   *
   * <p>File selection: with {@link #withSplit} or {@link #withConfig}, or when {@code from} is a repository root, files
   * are resolved exactly like {@code datasets.load_dataset} (README {@code configs}, else default split patterns; on
   * revision {@code ~parquet} the viewer's export layout); no split means every split of the config, concatenated.
   * Otherwise {@code from} is a path read with Dask semantics: a file, every {@code .parquet} file under a folder
   * (hidden and {@code _}-prefixed entries skipped), or the files matching a glob. With both a path and a split, the
   * path acts as {@code data_dir}.
   *
   * <p>Reading: Create of small file descriptors, a Reshuffle, then a splittable DoFn per file whose restriction is a
   * range of row groups, split initially into about 64 MB (uncompressed) pieces; maximum parallelism is the number
   * of row groups. Only projected column chunks are fetched, with nearby ranges coalesced. Metrics (namespace
   * {@code hfio.read}): rows, bytes, requests, footersFetched, initialSplits, rowGroupsSkipped.
   *
   * <p>Empty data: a Parquet file without rows yields an empty PCollection with its schema; a path with no Parquet
   * file fails unless {@link #withSchema} is given. Data freshness: the snapshot of the commit resolved at
   * construction. Output is in the global window with timestamp MIN.
   */
  @com.google.auto.value.AutoValue
  public abstract static class Read extends org.apache.beam.sdk.transforms.PTransform<org.apache.beam.sdk.values.PBegin, org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row>> {
    abstract @org.checkerframework.checker.nullness.qual.Nullable String getFrom();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getSplit();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getConfig();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getRevision();

    abstract java.util.@org.checkerframework.checker.nullness.qual.Nullable List<String> getColumns();

    abstract org.apache.beam.sdk.schemas.@org.checkerframework.checker.nullness.qual.Nullable Schema getSchema();

    abstract dev.hfio.parquet.@org.checkerframework.checker.nullness.qual.Nullable RowFilter getFilter();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getToken();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getEndpoint();

    abstract dev.hfio.hub.@org.checkerframework.checker.nullness.qual.Nullable HubClientConfig getHubConfig();

    abstract Builder toBuilder();

    private transient dev.hfio.read.@org.checkerframework.checker.nullness.qual.Nullable ReadPlan lastPlan;

    @com.google.auto.value.AutoValue.Builder
    abstract static class Builder {
      abstract Builder setFrom(String from);

      abstract Builder setSplit(String split);

      abstract Builder setConfig(String config);

      abstract Builder setRevision(String revision);

      abstract Builder setColumns(java.util.List<String> columns);

      abstract Builder setSchema(org.apache.beam.sdk.schemas.Schema schema);

      abstract Builder setFilter(dev.hfio.parquet.RowFilter filter);

      abstract Builder setToken(String token);

      abstract Builder setEndpoint(String endpoint);

      abstract Builder setHubConfig(dev.hfio.hub.HubClientConfig config);

      abstract Read build();
    }

    /**
     * Required. What to read: an hf:// path ({@code hf://datasets/ns/name[@rev][/path]}, a file, folder or glob) or
     * a dataset repo id ({@code ns/name}).
     */
    public Read from(String pathOrRepoId) {
      readCheck(pathOrRepoId != null && !pathOrRepoId.isBlank(), "from: expected an hf:// path or repo id, got %s",
          pathOrRepoId);
      if (dev.hfio.hub.HfPath.isHfPath(pathOrRepoId)) {
        dev.hfio.hub.HfPath.parse(pathOrRepoId); // fails with InvalidHfPathException naming the expected form
      } else {
        readCheck(dev.hfio.hub.RepoRef.isValidId(pathOrRepoId),
            "from: '%s' is neither an hf:// path nor a repo id of the form namespace/name", pathOrRepoId);
      }
      return toBuilder().setFrom(pathOrRepoId).build();
    }

    /** The split to read ({@code train}, {@code test}, ...). Default: every split of the config. */
    public Read withSplit(String split) {
      readCheck(split != null && !split.isBlank(), "withSplit: split name must be non-empty, got %s", split);
      return toBuilder().setSplit(split).build();
    }

    /** The config (subset) to read. Default: the dataset's default config, as {@code load_dataset} picks it. */
    public Read withConfig(String config) {
      readCheck(config != null && !config.isBlank(), "withConfig: config name must be non-empty, got %s", config);
      return toBuilder().setConfig(config).build();
    }

    /**
     * Branch, tag, {@code refs/...}, {@code ~parquet} (the viewer's Parquet export) or commit sha. Default: the
     * revision in {@code from}, else {@code main}. Resolved to a commit sha at construction.
     */
    public Read withRevision(String revision) {
      readCheck(revision != null && !revision.isBlank(), "withRevision: revision must be non-empty, got %s",
          revision);
      return toBuilder().setRevision(revision).build();
    }

    /** Top-level columns to read, in output order; only their column chunks are fetched. Default: all columns. */
    public Read withColumns(String... columns) {
      readCheck(columns != null && columns.length > 0, "withColumns: give at least one column");
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String c : columns) {
        readCheck(c != null && !c.isBlank(), "withColumns: column names must be non-empty, got %s",
            java.util.Arrays.toString(columns));
        readCheck(seen.add(c), "withColumns: column '%s' given twice", c);
      }
      return toBuilder().setColumns(java.util.List.of(columns)).build();
    }

    /**
     * Output schema instead of the one inferred from the footers. Fields are matched by name; a field missing from
     * a file must be nullable and reads as null. With {@link #withColumns}, the schema is projected to them.
     */
    public Read withSchema(org.apache.beam.sdk.schemas.Schema schema) {
      readCheck(schema != null, "withSchema: schema must not be null");
      return toBuilder().setSchema(schema).build();
    }

    /** Row filter: row groups whose statistics rule it out are skipped unread, remaining rows filtered exactly. */
    public Read withFilter(dev.hfio.parquet.RowFilter filter) {
      readCheck(filter != null, "withFilter: filter must not be null");
      return toBuilder().setFilter(filter).build();
    }

    /** Access token. Default: {@code --hfToken}, else HF_TOKEN / token file. Never shown in display data. */
    public Read withToken(String token) {
      readCheck(token != null && !token.isBlank(), "withToken: token must be non-empty");
      return toBuilder().setToken(token).build();
    }

    /** Hub endpoint URL. Default: {@code --hfEndpoint}, else HF_ENDPOINT, else https://huggingface.co. */
    public Read withEndpoint(String endpoint) {
      readCheck(endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
          "withEndpoint: expected an http(s) URL, got %s", endpoint);
      return toBuilder().setEndpoint(endpoint).build();
    }

    /** The full client configuration (endpoint, token, retries, timeouts); excludes withToken/withEndpoint. */
    public Read withHubConfig(dev.hfio.hub.HubClientConfig config) {
      readCheck(config != null, "withHubConfig: config must not be null");
      return toBuilder().setHubConfig(config).build();
    }

    /** The plan made by the last {@link #expand} (for tests and tooling); null before expansion. */
    public dev.hfio.read.@org.checkerframework.checker.nullness.qual.Nullable ReadPlan plan() {
      return lastPlan;
    }

    @Override
    public org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> expand(org.apache.beam.sdk.values.PBegin input) {
      readCheck(getFrom() != null, "HfIO.read(): from(...) is required");
      dev.hfio.hub.HubClientConfig hub = readHubConfig(getHubConfig(), getToken(), getEndpoint(),
          input.getPipeline().getOptions());
      dev.hfio.read.ReadPlan plan = dev.hfio.read.ReadPlanner.plan(hub, new dev.hfio.read.ReadPlanner.Request(
          getFrom(), getRevision(), getConfig(), getSplit(), getColumns(), getSchema(), getFilter()));
      lastPlan = plan;
      return dev.hfio.read.HubParquetRead.expand(input, hub, plan, getColumns(), getFilter(), getSchema() != null);
    }

    @Override
    public void populateDisplayData(org.apache.beam.sdk.transforms.display.DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("from", getFrom()).withLabel("Hub path or repo"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("revision", getRevision()).withLabel("Revision"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("config", getConfig()).withLabel("Config"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("split", getSplit()).withLabel("Split"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("columns", getColumns() == null ? null : String.join(",", getColumns()))
              .withLabel("Columns"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("filter", getFilter() == null ? null : getFilter().toString())
              .withLabel("Row filter"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("endpoint", getEndpoint() != null ? getEndpoint()
              : getHubConfig() == null ? null : getHubConfig().endpoint()).withLabel("Hub endpoint"));
    }
  }

  /**
   * Reads Parquet files named by hf:// paths in the input (see {@link HfIO#readFiles()}). Exactly one of {@link
   * #withSchema} or {@link #withSchemaFromFile} is required.
   */
  @com.google.auto.value.AutoValue
  public abstract static class ReadFiles extends org.apache.beam.sdk.transforms.PTransform<org.apache.beam.sdk.values.PCollection<String>, org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row>> {
    abstract org.apache.beam.sdk.schemas.@org.checkerframework.checker.nullness.qual.Nullable Schema getSchema();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getSchemaFile();

    abstract java.util.@org.checkerframework.checker.nullness.qual.Nullable List<String> getColumns();

    abstract dev.hfio.parquet.@org.checkerframework.checker.nullness.qual.Nullable RowFilter getFilter();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getToken();

    abstract @org.checkerframework.checker.nullness.qual.Nullable String getEndpoint();

    abstract dev.hfio.hub.@org.checkerframework.checker.nullness.qual.Nullable HubClientConfig getHubConfig();

    abstract Builder toBuilder();

    @com.google.auto.value.AutoValue.Builder
    abstract static class Builder {
      abstract Builder setSchema(org.apache.beam.sdk.schemas.Schema schema);

      abstract Builder setSchemaFile(String path);

      abstract Builder setColumns(java.util.List<String> columns);

      abstract Builder setFilter(dev.hfio.parquet.RowFilter filter);

      abstract Builder setToken(String token);

      abstract Builder setEndpoint(String endpoint);

      abstract Builder setHubConfig(dev.hfio.hub.HubClientConfig config);

      abstract ReadFiles build();
    }

    /** Output schema, fields matched by name (missing fields must be nullable). */
    public ReadFiles withSchema(org.apache.beam.sdk.schemas.Schema schema) {
      readCheck(schema != null, "withSchema: schema must not be null");
      return toBuilder().setSchema(schema).build();
    }

    /** An hf:// Parquet file whose footer gives the schema at construction; every input file must match it. */
    public ReadFiles withSchemaFromFile(String hfPath) {
      readCheck(hfPath != null && dev.hfio.hub.HfPath.isHfPath(hfPath),
          "withSchemaFromFile: expected an hf:// file path, got %s", hfPath);
      dev.hfio.hub.HfPath.parse(hfPath);
      return toBuilder().setSchemaFile(hfPath).build();
    }

    /** Top-level columns to read, in output order. Default: all. */
    public ReadFiles withColumns(String... columns) {
      readCheck(columns != null && columns.length > 0, "withColumns: give at least one column");
      for (String c : columns) {
        readCheck(c != null && !c.isBlank(), "withColumns: column names must be non-empty");
      }
      readCheck(new java.util.HashSet<>(java.util.List.of(columns)).size() == columns.length,
          "withColumns: duplicate column in %s", java.util.Arrays.toString(columns));
      return toBuilder().setColumns(java.util.List.of(columns)).build();
    }

    /** Row filter (row-group skipping by statistics, then exact filtering). */
    public ReadFiles withFilter(dev.hfio.parquet.RowFilter filter) {
      readCheck(filter != null, "withFilter: filter must not be null");
      return toBuilder().setFilter(filter).build();
    }

    /** Access token (never shown in display data). */
    public ReadFiles withToken(String token) {
      readCheck(token != null && !token.isBlank(), "withToken: token must be non-empty");
      return toBuilder().setToken(token).build();
    }

    /** Hub endpoint URL. */
    public ReadFiles withEndpoint(String endpoint) {
      readCheck(endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
          "withEndpoint: expected an http(s) URL, got %s", endpoint);
      return toBuilder().setEndpoint(endpoint).build();
    }

    /** The full client configuration; excludes withToken/withEndpoint. */
    public ReadFiles withHubConfig(dev.hfio.hub.HubClientConfig config) {
      readCheck(config != null, "withHubConfig: config must not be null");
      return toBuilder().setHubConfig(config).build();
    }

    @Override
    public org.apache.beam.sdk.values.PCollection<org.apache.beam.sdk.values.Row> expand(org.apache.beam.sdk.values.PCollection<String> input) {
      readCheck(getSchema() != null ^ getSchemaFile() != null,
          "HfIO.readFiles(): give exactly one of withSchema(...) or withSchemaFromFile(...)");
      dev.hfio.hub.HubClientConfig hub = readHubConfig(getHubConfig(), getToken(), getEndpoint(),
          input.getPipeline().getOptions());
      if (getSchema() != null) {
        org.apache.beam.sdk.schemas.Schema out = getColumns() == null ? getSchema()
            : dev.hfio.parquet.ParquetSchemas.project(getSchema(), getColumns());
        return dev.hfio.read.HubParquetRead.expandFiles(input, hub, out, null, null, getColumns(), getFilter(),
            true);
      }
      dev.hfio.read.ReadPlan hint = dev.hfio.read.HubParquetRead.planHint(hub, getSchemaFile(), getColumns(),
          getFilter());
      return dev.hfio.read.HubParquetRead.expandFiles(input, hub, hint.outputSchema(),
          hint.fileSchemaForWorkers(), getSchemaFile(), getColumns(), getFilter(), false);
    }

    @Override
    public void populateDisplayData(org.apache.beam.sdk.transforms.display.DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("schemaFile", getSchemaFile()).withLabel("Schema from file"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("columns", getColumns() == null ? null : String.join(",", getColumns()))
              .withLabel("Columns"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("filter", getFilter() == null ? null : getFilter().toString())
              .withLabel("Row filter"))
          .addIfNotNull(org.apache.beam.sdk.transforms.display.DisplayData.item("endpoint", getEndpoint()).withLabel("Hub endpoint"));
    }
  }

  /** withHubConfig, else pipeline options / environment, with withToken / withEndpoint applied on top. */
  private static dev.hfio.hub.HubClientConfig readHubConfig(dev.hfio.hub.@org.checkerframework.checker.nullness.qual.Nullable HubClientConfig explicit, @org.checkerframework.checker.nullness.qual.Nullable String token,
      @org.checkerframework.checker.nullness.qual.Nullable String endpoint, org.apache.beam.sdk.options.PipelineOptions options) {
    if (explicit != null) {
      readCheck(token == null && endpoint == null,
          "withHubConfig(...) cannot be combined with withToken/withEndpoint; set them on the HubClientConfig");
      return explicit;
    }
    dev.hfio.hub.HubClientConfig c = dev.hfio.fs.HfOptions.hubConfig(options);
    if (endpoint != null) {
      c = c.withEndpoint(endpoint);
    }
    if (token != null) {
      c = c.withToken(token);
    }
    return c;
  }
  /** Argument check of the read transforms: IllegalArgumentException with a formatted message. */
  private static void readCheck(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(message, args));
    }
  }
  // ===== END READ SECTION =====

  // ===== BEGIN WRITE SECTION (owned by the write work; keep edits inside) =====
  // ===== END WRITE SECTION =====
}
