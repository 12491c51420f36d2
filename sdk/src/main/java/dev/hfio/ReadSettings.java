package dev.hfio;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.parquet.RowFilter;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the row-group reader ({@link ReadShardFn}) of one {@code HfIO.read()} or {@code readFiles()}
 * needs, built from the transform and its plan at expansion: the resolved connection, projection,
 * filter, the output schema, and the schema files must have when their footer was not read at
 * construction. Immutable and serializable; the token inside the connection is never shown by
 * {@link #toString()}.
 */
final class ReadSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  final HubClientConfig hub;
  final @Nullable List<String> columns;
  final @Nullable RowFilter filter;
  final Schema outputSchema;

  /**
   * Full file schema to check unplanned files against; null when the user gave the schema (convert
   * by name).
   */
  final @Nullable Schema expectedFileSchema;

  /** The file the expected schema was read from, for messages. */
  final @Nullable String referenceFile;

  /** The user gave the output schema: files are matched to it by field name. */
  final boolean userSchema;

  final long splitBytes;

  private ReadSettings(Builder b) {
    this.hub = Objects.requireNonNull(b.hub, "hub");
    this.columns = b.columns == null ? null : List.copyOf(b.columns);
    this.filter = b.filter;
    this.outputSchema = Objects.requireNonNull(b.outputSchema, "outputSchema");
    this.expectedFileSchema = b.expectedFileSchema;
    this.referenceFile = b.referenceFile;
    this.userSchema = b.userSchema;
    this.splitBytes = b.splitBytes;
  }

  /** Settings of a planned {@code read()}. */
  static ReadSettings of(HfIO.Read spec, HubClientConfig hub, ReadPlan plan) {
    boolean userSchema = spec.getSchema() != null;
    return builder(hub, plan.outputSchema())
        .columns(spec.getColumns())
        .filter(spec.getFilter())
        .userSchema(userSchema)
        .checkFilesAgainst(userSchema ? null : plan.fileSchema(), plan.referenceFile())
        .build();
  }

  /**
   * Settings of {@code readFiles()}: with the user's schema, or with the plan of its schema file
   * ({@code hint}).
   */
  static ReadSettings of(HfIO.ReadFiles spec, HubClientConfig hub, @Nullable ReadPlan hint) {
    if (hint == null) {
      Schema given = Objects.requireNonNull(spec.getSchema(), "schema");
      Schema out =
          spec.getColumns() == null ? given : ParquetSchemas.project(given, spec.getColumns());
      return builder(hub, out)
          .columns(spec.getColumns())
          .filter(spec.getFilter())
          .userSchema(true)
          .build();
    }
    return builder(hub, hint.outputSchema())
        .columns(spec.getColumns())
        .filter(spec.getFilter())
        .checkFilesAgainst(hint.fileSchema(), spec.getSchemaFile())
        .build();
  }

  static Builder builder(HubClientConfig hub, Schema outputSchema) {
    return new Builder(hub, outputSchema);
  }

  @Override
  public String toString() {
    return "ReadSettings{endpoint="
        + hub.endpoint()
        + ", columns="
        + columns
        + ", filter="
        + filter
        + ", userSchema="
        + userSchema
        + ", splitBytes="
        + splitBytes
        + "}";
  }

  /**
   * Named settings for the tests and the factories above; defaults: all columns, no filter, split
   * bytes of the run.
   */
  static final class Builder {
    private final HubClientConfig hub;
    private final Schema outputSchema;
    private @Nullable List<String> columns;
    private @Nullable RowFilter filter;
    private @Nullable Schema expectedFileSchema;
    private @Nullable String referenceFile;
    private boolean userSchema;
    private long splitBytes = HubParquetRead.splitBytes();

    private Builder(HubClientConfig hub, Schema outputSchema) {
      this.hub = hub;
      this.outputSchema = outputSchema;
    }

    Builder columns(@Nullable List<String> c) {
      this.columns = c;
      return this;
    }

    Builder filter(@Nullable RowFilter f) {
      this.filter = f;
      return this;
    }

    /**
     * Files whose footer was not read at construction must have {@code fileSchema} (read from
     * {@code file}).
     */
    Builder checkFilesAgainst(@Nullable Schema fileSchema, @Nullable String file) {
      this.expectedFileSchema = fileSchema;
      this.referenceFile = file;
      return this;
    }

    Builder userSchema(boolean u) {
      this.userSchema = u;
      return this;
    }

    Builder splitBytes(long bytes) {
      this.splitBytes = bytes;
      return this;
    }

    ReadSettings build() {
      return new ReadSettings(this);
    }
  }
}
