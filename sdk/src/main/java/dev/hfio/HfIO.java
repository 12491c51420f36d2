package dev.hfio;

import com.google.auto.value.AutoValue;
import dev.hfio.dataset.PushToHubLayout;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoType;
import dev.hfio.parquet.ParquetCompression;
import dev.hfio.write.HubWriteExpansion;
import dev.hfio.write.WriteSettings;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
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
 * <p>Reads are planned once (listing, split resolution, schema from the Parquet footers) and pinned to one commit;
 * they split below the file by Parquet row groups. Writes upload Parquet shards from the workers and publish
 * everything in one atomic commit.
 */
public final class HfIO {
  private HfIO() {}

  // ===== BEGIN READ SECTION (owned by the read work; keep edits inside) =====
  // ===== END READ SECTION =====

  // ===== BEGIN WRITE SECTION (owned by the write work; keep edits inside) =====

  /**
   * Writes a schema'd {@code PCollection} (Rows, or any type with a Beam schema) to a Hub dataset. See {@link Write}.
   */
  public static Write write() {
    return new AutoValue_HfIO_Write.Builder()
        .setMode(WriteMode.OVERWRITE)
        .setCreatePr(false)
        .setMaxOperationsPerCommit(Write.DEFAULT_MAX_OPERATIONS_PER_COMMIT)
        .setNumShards(0)
        .setMaxShardBytes(Write.DEFAULT_MAX_SHARD_BYTES)
        .setRowGroupBytes(Write.DEFAULT_ROW_GROUP_BYTES)
        .setCompression(ParquetCompression.SNAPPY)
        .build();
  }

  /**
   * Writes a {@code PCollection<GenericRecord>} whose records follow {@code avroSchema}; the Parquet columns are
   * Beam's mapping of the Avro schema. Otherwise the same as {@link #write()}.
   */
  public static Write writeGenericRecords(org.apache.avro.Schema avroSchema) {
    checkWriteArg(avroSchema != null, "writeGenericRecords: avroSchema must not be null");
    checkWriteArg(avroSchema.getType() == org.apache.avro.Schema.Type.RECORD,
        "writeGenericRecords: avroSchema must be a RECORD schema, got %s", avroSchema.getType());
    return write().toBuilder().setAvroSchemaJson(avroSchema.toString()).build();
  }

  /**
   * A write failed for a reason the user must fix (token, missing repo, mode, schema); the message says what to do.
   */
  public static class WriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteException(String message) {
      super(message);
    }

    public WriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * What one {@link Write} published: the commit (null when the input was empty and nothing was committed), the
   * pull request when {@code withCreatePr}, the repo paths written, and row and byte totals. One element per write.
   */
  @AutoValue
  public abstract static class WriteResult implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract String repoId();

    /** The branch written ({@code main} by default). */
    public abstract String revision();

    /** Unique id of this write, also recorded in the commit description as {@code hfio-write-id: <id>}. */
    public abstract String writeId();

    public abstract @Nullable String commitSha();

    public abstract @Nullable String commitUrl();

    public abstract @Nullable String pullRequestUrl();

    /** Repo paths of the Parquet files written, in shard order. */
    public abstract List<String> files();

    public abstract long rows();

    /** Total bytes of the Parquet files written. */
    public abstract long bytes();

    /** Creates a result (used by the write's commit step). */
    public static WriteResult of(String repoId, String revision, String writeId, @Nullable String commitSha,
        @Nullable String commitUrl, @Nullable String pullRequestUrl, List<String> files, long rows, long bytes) {
      return new AutoValue_HfIO_WriteResult(repoId, revision, writeId, commitSha, commitUrl, pullRequestUrl,
          java.util.Collections.unmodifiableList(new java.util.ArrayList<>(files)), rows, bytes);
    }
  }

  /**
   * Writes rows as Parquet shards to a Hugging Face dataset repo and publishes them in one atomic commit.
   *
   * <pre>{@code
   * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset"));            // split "train", push_to_hub layout
   * rows.apply(HfIO.write().to("hf://datasets/username/my_dataset/train"));      // a directory of part files
   * rows.apply(HfIO.write().to("username/my_dataset").withSplit("test")
   *     .withMode(WriteMode.APPEND).withCommitMessage("Add test").withCreateRepo(Visibility.PRIVATE));
   * }</pre>
   *
   * <p><b>Layouts.</b> With {@link #withSplit} (or a repo-root target, which means split {@code train}) the write
   * uses the {@code push_to_hub} layout: {@code data/{split}-00000-of-0000N.parquet} (or {@code {config}/...} with
   * {@link #withConfig}) and updates the README card's {@code configs} (and {@code dataset_info} when the counts are
   * exact: OVERWRITE with plain column types). A target with a path writes {@code {path}/part-00000-of-0000N.parquet}
   * and leaves the card alone. APPEND names end in {@code -<first 8 chars of the write id>}.
   *
   * <p><b>Guarantees.</b> Bounded input only. Workers write shards to local temp files (memory: one row group per
   * open writer) and upload them as LFS objects; nothing is visible until one commit (guarded by the head it was
   * computed from, retried on conflicts) adds them, deletes replaced files and updates the card. Beyond {@link
   * #withMaxOperationsPerCommit} operations on {@code main}, the operations are staged on a pull request that is
   * merged once. A retried commit step finds its write id in the branch history and does not commit twice.
   * Empty input commits nothing; the result then has a null commit and no files.
   *
   * <p><b>Authentication.</b> {@link #withToken}, else {@code --hfToken} ({@link dev.hfio.fs.HfOptions}), else
   * {@code HF_TOKEN} / the token file. The token must have write access; it is checked before any upload and never
   * shown in display data.
   */
  @AutoValue
  public abstract static class Write extends PTransform<PCollection<?>, Write.Result> {
    private static final long serialVersionUID = 1L;
    /** Default {@link #withMaxOperationsPerCommit}: the Hub advises at most about 100 files per commit. */
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

    abstract @Nullable String token();

    abstract @Nullable String endpoint();

    abstract @Nullable HubClientConfig hubConfig();

    abstract @Nullable String avroSchemaJson();

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

      abstract Builder setToken(String v);

      abstract Builder setEndpoint(String v);

      abstract Builder setHubConfig(HubClientConfig v);

      abstract Builder setAvroSchemaJson(String v);

      abstract Write build();
    }

    /**
     * Required. The dataset repo, optionally with a directory: {@code hf://datasets/ns/name[@branch][/dir]} or a bare
     * {@code ns/name}. The repo root means split {@code train} in the push_to_hub layout; a directory gets part files.
     */
    public Write to(String target) {
      checkWriteArg(target != null && !target.isBlank(), "to: target must be an hf://datasets/... path or a repo id");
      HfPath p;
      try {
        p = HfPath.ofDataset(target);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("to: '" + target + "' is not a dataset location; expected "
            + "hf://datasets/namespace/name[@branch][/dir] or namespace/name (" + e.getMessage() + ")", e);
      }
      checkWriteArg(p.repo().type() == RepoType.DATASET, "to: '%s' is not a dataset repo", target);
      return toBuilder().setTarget(target).build();
    }

    /**
     * Writes one split in the push_to_hub layout ({@code data/{split}-NNNNN-of-NNNNN.parquet} plus the card). Names
     * must match {@code ^\w+(\.\w+)*$} (e.g. train, validation, test). The target must be the repo root.
     */
    public Write withSplit(String split) {
      checkWriteArg(PushToHubLayout.isValidSplitName(split), "withSplit: invalid split name '%s': split names must "
          + "match ^\\w+(\\.\\w+)*$ (letters, digits, '_', dot-separated parts, no '-'), e.g. train", split);
      return toBuilder().setSplit(split).build();
    }

    /** The config the split belongs to (default {@code default}, stored under {@code data/}; others under their name). */
    public Write withConfig(String config) {
      try {
        PushToHubLayout.validateConfigName(config);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("withConfig: " + e.getMessage(), e);
      }
      return toBuilder().setConfig(config).build();
    }

    /** What to do with existing data of the target (default {@link WriteMode#OVERWRITE}). */
    public Write withMode(WriteMode mode) {
      checkWriteArg(mode != null, "withMode: mode must not be null");
      return toBuilder().setMode(mode).build();
    }

    /** The commit title (default "Upload split 'x' with HfIO" or "Upload dir with HfIO"). */
    public Write withCommitMessage(String message) {
      checkWriteArg(message != null && !message.isBlank(), "withCommitMessage: message must not be blank");
      return toBuilder().setCommitMessage(message).build();
    }

    /** Creates the repo with this visibility if it does not exist (default: a missing repo is an error). */
    public Write withCreateRepo(Visibility visibility) {
      checkWriteArg(visibility != null, "withCreateRepo: visibility must not be null");
      return toBuilder().setCreateRepo(visibility).build();
    }

    /** The branch to commit to (default {@code main}); created from {@code main} if missing. */
    public Write withRevision(String branch) {
      checkWriteArg(branch != null && !branch.isBlank() && !branch.contains(" "),
          "withRevision: '%s' is not a branch name", branch);
      checkWriteArg(!branch.startsWith("refs/"), "withRevision: write to a branch, not '%s' (use withCreatePr for a"
          + " pull request)", branch);
      return toBuilder().setRevision(branch).build();
    }

    /** Opens a pull request against {@code main} with the write instead of committing to the branch. */
    public Write withCreatePr() {
      return toBuilder().setCreatePr(true).build();
    }

    /**
     * Above this many operations (files added, deleted, README) one commit is split into commits on a pull request
     * that is merged once (default 100, allowed 1..10000).
     */
    public Write withMaxOperationsPerCommit(int n) {
      checkWriteArg(n >= 1 && n <= 10_000, "withMaxOperationsPerCommit: %s is not in 1..10000", n);
      return toBuilder().setMaxOperationsPerCommit(n).build();
    }

    /**
     * Exactly up to {@code n} shards (rows dealt round-robin, plus a GroupByKey); 0 = runner-determined (one or more
     * files per bundle, rolling at {@link #withMaxShardBytes}). Allowed 0..99999. Shards without rows are not written.
     */
    public Write withNumShards(int n) {
      checkWriteArg(n >= 0 && n <= 99_999, "withNumShards: %s is not in 0..99999 (0 = runner-determined)", n);
      return toBuilder().setNumShards(n).build();
    }

    /** A shard is closed once its file reaches this many bytes (default 500 MB; at least 1 MiB). */
    public Write withMaxShardBytes(long bytes) {
      checkWriteArg(bytes >= (1 << 20), "withMaxShardBytes: %s is below 1 MiB", bytes);
      return toBuilder().setMaxShardBytes(bytes).build();
    }

    /** Target Parquet row-group size in buffered bytes (default ~100 MB; at least 64 KiB). Bounds worker memory. */
    public Write withRowGroupBytes(long bytes) {
      checkWriteArg(bytes >= (64 << 10), "withRowGroupBytes: %s is below 64 KiB", bytes);
      return toBuilder().setRowGroupBytes(bytes).build();
    }

    /** Column compression (default SNAPPY, like {@code datasets}; ZSTD is smaller). */
    public Write withCompression(ParquetCompression compression) {
      checkWriteArg(compression != null, "withCompression: compression must not be null");
      return toBuilder().setCompression(compression).build();
    }

    /** The token to write with (default: {@code --hfToken}, then {@code HF_TOKEN}). Never displayed. */
    public Write withToken(String token) {
      checkWriteArg(token != null && !token.isBlank(), "withToken: token must not be blank");
      return toBuilder().setToken(token).build();
    }

    /** The Hub endpoint (default: {@code --hfEndpoint}, then {@code HF_ENDPOINT}, then huggingface.co). */
    public Write withEndpoint(String endpoint) {
      checkWriteArg(endpoint != null && (endpoint.startsWith("http://") || endpoint.startsWith("https://")),
          "withEndpoint: '%s' is not an http(s) URL", endpoint);
      return toBuilder().setEndpoint(endpoint).build();
    }

    /** A complete client configuration (endpoint, token, retries, timeouts); withToken/withEndpoint still apply. */
    public Write withHubConfig(HubClientConfig config) {
      checkWriteArg(config != null, "withHubConfig: config must not be null");
      return toBuilder().setHubConfig(config).build();
    }

    @Override
    public Result expand(PCollection<?> input) {
      checkWriteArg(target() != null, "HfIO.write() needs a target: call to(\"hf://datasets/namespace/name\")");
      checkWriteArg(input.isBounded() == PCollection.IsBounded.BOUNDED,
          "HfIO.write() supports bounded input only; window and batch unbounded data into bounded writes");
      HfPath p = HfPath.ofDataset(target());
      if (p.revision() != null && revision() != null && !p.revision().equals(revision())) {
        throw new IllegalArgumentException("HfIO.write(): the target names revision '" + p.revision()
            + "' but withRevision('" + revision() + "') was given; use one");
      }
      String branch = revision() != null ? revision() : p.revision();
      checkWriteArg(branch == null || !branch.startsWith("refs/"),
          "HfIO.write(): cannot write to '%s': write to a branch, or use withCreatePr()", branch);
      checkWriteArg(!(createPr() && branch != null && !branch.equals("main")),
          "HfIO.write(): withCreatePr() opens a pull request against main; it cannot be combined with branch '%s'",
          branch);
      String split = split();
      if (split != null || config() != null) {
        checkWriteArg(p.isRoot(), "HfIO.write(): withSplit/withConfig use the push_to_hub layout and need the repo "
            + "root as target, got directory '%s'; drop the directory or the split", p.path());
      } else if (p.isRoot()) {
        split = "train";
      }
      HubClientConfig hub = hubConfig() != null ? hubConfig() : HfOptions.hubConfig(input.getPipeline().getOptions());
      if (endpoint() != null) {
        hub = hub.withEndpoint(endpoint());
      }
      if (token() != null) {
        hub = hub.withToken(token());
      }
      if (!hub.hasToken()) {
        throw new IllegalArgumentException("HfIO.write() to " + target() + " needs a Hugging Face token with write "
            + "access: pass --hfToken=hf_... (HfOptions), set HF_TOKEN, or call withToken(...)");
      }
      PCollection<Row> rows = toRows(input);
      WriteSettings settings = WriteSettings.of(p.repo(), branch, p.path(), config() == null
          ? PushToHubLayout.DEFAULT_CONFIG : config(), split, mode(), commitMessage(), createRepo(), createPr(),
          maxOperationsPerCommit(), numShards(), maxShardBytes(), rowGroupBytes(), compression(), rows.getSchema(),
          hub);
      return new Result(input.getPipeline(), HubWriteExpansion.expand(rows, settings));
    }

    @SuppressWarnings("unchecked")
    private PCollection<Row> toRows(PCollection<?> input) {
      if (avroSchemaJson() != null) {
        org.apache.avro.Schema avro = new org.apache.avro.Schema.Parser().parse(avroSchemaJson());
        Schema beam = AvroUtils.toBeamSchema(avro);
        return ((PCollection<GenericRecord>) input)
            .apply("AvroToRows", MapElements.into(TypeDescriptors.rows())
                .via((GenericRecord r) -> AvroUtils.toBeamRowStrict(r, beam)))
            .setRowSchema(beam);
      }
      if (!input.hasSchema()) {
        throw new IllegalArgumentException("HfIO.write() needs a PCollection with a Beam schema (Rows with "
            + "setRowSchema, or a type with @DefaultSchema), got coder " + input.getCoder()
            + "; for Avro GenericRecords use HfIO.writeGenericRecords(avroSchema)");
      }
      if (input.getCoder() instanceof org.apache.beam.sdk.coders.RowCoder) {
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
          .add(DisplayData.item("mode", mode().name()).withLabel("Write mode"))
          .addIfNotNull(DisplayData.item("revision", revision()).withLabel("Branch"))
          .add(DisplayData.item("createPr", createPr()).withLabel("Open a pull request"))
          .add(DisplayData.item("numShards", numShards()).withLabel("Shards (0 = runner-determined)"))
          .add(DisplayData.item("maxShardBytes", maxShardBytes()).withLabel("Max shard bytes"))
          .add(DisplayData.item("rowGroupBytes", rowGroupBytes()).withLabel("Row group bytes"))
          .add(DisplayData.item("compression", compression().name()).withLabel("Compression"))
          .add(DisplayData.item("maxOperationsPerCommit", maxOperationsPerCommit())
              .withLabel("Max operations per commit"))
          .addIfNotNull(DisplayData.item("endpoint", endpoint() != null ? endpoint()
              : hubConfig() != null ? hubConfig().endpoint() : null).withLabel("Hub endpoint"));
    }

    /** The output of a {@link Write}: one {@link WriteResult} per write, for {@code Wait.on} or inspection. */
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
      public void finishSpecifyingOutput(String transformName, PInput input,
          PTransform<?, ?> transform) {}
    }
  }
  private static void checkWriteArg(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(message, args));
    }
  }
  // ===== END WRITE SECTION =====
}
