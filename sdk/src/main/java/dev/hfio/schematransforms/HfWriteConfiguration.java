package dev.hfio.schematransforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldDescription;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The configuration of {@link HfWriteSchemaTransformProvider}: the keys a Beam YAML, Python or
 * Managed-style caller gives ({@code path} or {@code repo}, {@code split}, {@code config}, {@code
 * mode}, {@code num_shards}, {@code compression}, {@code commit_message}, ...), as a typed object
 * whose Beam schema (snake_case field names) is the provider's configuration schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class HfWriteConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;

  @SchemaFieldDescription(
      "Where to write: hf://datasets/ns/name[@branch][/dir]. Give exactly one of path and repo.")
  public abstract @Nullable String getPath();

  @SchemaFieldDescription(
      "The dataset repo id (ns/name): the push_to_hub layout (split train unless split is given)."
          + " Give exactly one of path and repo.")
  public abstract @Nullable String getRepo();

  @SchemaFieldDescription("The split to write in the push_to_hub layout (repo root only).")
  public abstract @Nullable String getSplit();

  @SchemaFieldDescription("The config the split belongs to. Default: default.")
  public abstract @Nullable String getConfig();

  @SchemaFieldDescription("The branch to commit to. Default: main.")
  public abstract @Nullable String getRevision();

  @SchemaFieldDescription("overwrite (default), append or error_if_exists.")
  public abstract @Nullable String getMode();

  @SchemaFieldDescription("Exactly this many shards (1..99999); 0 or unset: runner-determined.")
  public abstract @Nullable Long getNumShards();

  @SchemaFieldDescription("snappy (default), zstd, gzip or uncompressed.")
  public abstract @Nullable String getCompression();

  @SchemaFieldDescription("The commit title.")
  public abstract @Nullable String getCommitMessage();

  @SchemaFieldDescription(
      "Create the repo if missing: public or private. Default: a missing repo fails.")
  public abstract @Nullable String getCreateRepo();

  @SchemaFieldDescription(
      "Route each row to the split named in this STRING column; every split in one commit, the column not stored.")
  public abstract @Nullable String getSplitField();

  @SchemaFieldDescription("Commit an unbounded input once every N seconds (one commit per firing).")
  public abstract @Nullable Long getTriggeringFrequencySeconds();

  @SchemaFieldDescription(
      "The Hub endpoint URL. Default: --hfEndpoint, HF_ENDPOINT, huggingface.co.")
  public abstract @Nullable String getEndpoint();

  @SchemaFieldDescription(
      "The access token (never displayed or logged). Default: --hfToken(Path), HF_TOKEN, the token"
          + " file.")
  public abstract @Nullable String getToken();

  @SchemaFieldDescription(
      "error_handling: {output: NAME}: rows the Parquet writer would refuse go to output NAME"
          + " (failed_row, error_message) instead of failing the write.")
  public abstract @Nullable ErrorHandling getErrorHandling();

  /** A builder with every key unset. */
  public static Builder builder() {
    return new AutoValue_HfWriteConfiguration.Builder();
  }

  /** The keys that are set, the token shown as {@code ***}. */
  @Override
  public final String toString() {
    return ConfigText.describe(
        "HfWriteConfiguration",
        "path",
        getPath(),
        "repo",
        getRepo(),
        "split",
        getSplit(),
        "config",
        getConfig(),
        "revision",
        getRevision(),
        "mode",
        getMode(),
        "num_shards",
        getNumShards(),
        "compression",
        getCompression(),
        "commit_message",
        getCommitMessage(),
        "create_repo",
        getCreateRepo(),
        "split_field",
        getSplitField(),
        "triggering_frequency_seconds",
        getTriggeringFrequencySeconds(),
        "endpoint",
        getEndpoint(),
        "token",
        getToken() == null ? null : ConfigText.HIDDEN,
        "error_handling",
        getErrorHandling() == null ? null : getErrorHandling().getOutput());
  }

  /** Builds a {@link HfWriteConfiguration}; every key is optional here, checked by the provider. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setPath(@Nullable String path);

    public abstract Builder setRepo(@Nullable String repo);

    public abstract Builder setSplit(@Nullable String split);

    public abstract Builder setConfig(@Nullable String config);

    public abstract Builder setRevision(@Nullable String revision);

    public abstract Builder setMode(@Nullable String mode);

    public abstract Builder setNumShards(@Nullable Long numShards);

    public abstract Builder setCompression(@Nullable String compression);

    public abstract Builder setCommitMessage(@Nullable String commitMessage);

    public abstract Builder setCreateRepo(@Nullable String createRepo);

    public abstract Builder setSplitField(@Nullable String splitField);

    public abstract Builder setTriggeringFrequencySeconds(@Nullable Long seconds);

    public abstract Builder setEndpoint(@Nullable String endpoint);

    public abstract Builder setToken(@Nullable String token);

    public abstract Builder setErrorHandling(@Nullable ErrorHandling errorHandling);

    public abstract HfWriteConfiguration build();
  }
}
