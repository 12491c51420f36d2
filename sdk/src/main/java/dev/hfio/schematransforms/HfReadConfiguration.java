package dev.hfio.schematransforms;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldDescription;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The configuration of {@link HfReadSchemaTransformProvider}: the keys a Beam YAML, Python or
 * Managed-style caller gives ({@code path} or {@code repo}, {@code split}, {@code config}, {@code
 * revision}, {@code keep}/{@code drop}, {@code filter}, {@code endpoint}, {@code token}), as a
 * typed object whose Beam schema (snake_case field names) is the provider's configuration schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class HfReadConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;

  @SchemaFieldDescription(
      "What to read: an hf:// path (hf://datasets/ns/name[@rev][/file, folder or glob]). Give"
          + " exactly one of path and repo.")
  public abstract @Nullable String getPath();

  @SchemaFieldDescription(
      "The dataset repo id (ns/name), read like datasets.load_dataset. Give exactly one of path and"
          + " repo.")
  public abstract @Nullable String getRepo();

  @SchemaFieldDescription("The split to read (train, test, ...). Default: every split.")
  public abstract @Nullable String getSplit();

  @SchemaFieldDescription("The config (subset) to read. Default: the dataset's default config.")
  public abstract @Nullable String getConfig();

  @SchemaFieldDescription("Branch, tag or commit sha. Default: main.")
  public abstract @Nullable String getRevision();

  @SchemaFieldDescription(
      "Columns to read, in output order; only their data is fetched. Excludes drop.")
  public abstract @Nullable List<String> getKeep();

  @SchemaFieldDescription(
      "Columns to leave out of the output (still fetched: use keep to fetch less). Excludes keep.")
  public abstract @Nullable List<String> getDrop();

  @SchemaFieldDescription(
      "A row filter pushed into the Parquet reader, e.g. \"score >= 0.5 AND label = 'pos'\":"
          + " comparisons (= != <> < <= > >=), IS [NOT] NULL, [NOT] IN (...), AND, OR, NOT,"
          + " parentheses; 'text', numbers, TRUE, FALSE.")
  public abstract @Nullable String getFilter();

  @SchemaFieldDescription(
      "The Hub endpoint URL. Default: --hfEndpoint, HF_ENDPOINT, huggingface.co.")
  public abstract @Nullable String getEndpoint();

  @SchemaFieldDescription(
      "The access token (never displayed or logged). Default: --hfToken(Path), HF_TOKEN, the token"
          + " file.")
  public abstract @Nullable String getToken();

  /** A builder with every key unset. */
  public static Builder builder() {
    return new AutoValue_HfReadConfiguration.Builder();
  }

  /** The keys that are set, the token shown as {@code ***}. */
  @Override
  public final String toString() {
    return ConfigText.describe(
        "HfReadConfiguration",
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
        "keep",
        getKeep(),
        "drop",
        getDrop(),
        "filter",
        getFilter(),
        "endpoint",
        getEndpoint(),
        "token",
        getToken() == null ? null : ConfigText.HIDDEN);
  }

  /** Builds a {@link HfReadConfiguration}; every key is optional here, checked by the provider. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setPath(@Nullable String path);

    public abstract Builder setRepo(@Nullable String repo);

    public abstract Builder setSplit(@Nullable String split);

    public abstract Builder setConfig(@Nullable String config);

    public abstract Builder setRevision(@Nullable String revision);

    public abstract Builder setKeep(@Nullable List<String> keep);

    public abstract Builder setDrop(@Nullable List<String> drop);

    public abstract Builder setFilter(@Nullable String filter);

    public abstract Builder setEndpoint(@Nullable String endpoint);

    public abstract Builder setToken(@Nullable String token);

    public abstract HfReadConfiguration build();
  }
}
