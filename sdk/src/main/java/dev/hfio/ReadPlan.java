package dev.hfio;

import dev.hfio.hub.RepoRef;
import dev.hfio.internal.text.TextFormat;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The outcome of planning a read at pipeline construction: the repository, the revision as asked
 * and the commit it was pinned to, the files to read (with the footers already fetched), and the
 * schemas.
 */
final class ReadPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RepoRef repo;
  private final String revision;
  private final String sha;
  private final List<ShardDescriptor> shards;
  private final @Nullable Schema fileSchema;
  private final Schema outputSchema;
  private final @Nullable String referenceFile;
  private final @Nullable TextFormat textFormat;
  private final List<TextShard> textShards;

  ReadPlan(
      RepoRef repo,
      String revision,
      String sha,
      List<ShardDescriptor> shards,
      @Nullable Schema fileSchema,
      Schema outputSchema,
      @Nullable String referenceFile) {
    this.repo = repo;
    this.revision = revision;
    this.sha = sha;
    this.shards = List.copyOf(shards);
    this.fileSchema = fileSchema;
    this.outputSchema = outputSchema;
    this.referenceFile = referenceFile;
    this.textFormat = null;
    this.textShards = List.of();
  }

  /**
   * The plan of a JSON, CSV/TSV or text read: {@code fileSchema} is the schema records are decoded
   * into (from withSchema, the card's features, or inferred), {@code outputSchema} its projection.
   */
  ReadPlan(
      RepoRef repo,
      String revision,
      String sha,
      TextFormat textFormat,
      List<TextShard> textShards,
      Schema fileSchema,
      Schema outputSchema) {
    this.repo = repo;
    this.revision = revision;
    this.sha = sha;
    this.shards = List.of();
    this.fileSchema = fileSchema;
    this.outputSchema = outputSchema;
    this.referenceFile = null;
    this.textFormat = textFormat;
    this.textShards = List.copyOf(textShards);
  }

  /** The decoder of a JSON, CSV/TSV or text read; null for Parquet. */
  @Nullable TextFormat textFormat() {
    return textFormat;
  }

  /** The files of a JSON, CSV/TSV or text read (empty for Parquet). */
  List<TextShard> textShards() {
    return textShards;
  }

  RepoRef repo() {
    return repo;
  }

  /** The revision as the user gave it (default {@code main}). */
  String revision() {
    return revision;
  }

  /** The commit every read is pinned to. */
  String sha() {
    return sha;
  }

  /** Number of planned files. */
  int fileCount() {
    return textFormat != null ? textShards.size() : shards.size();
  }

  /** Paths of the planned files, in reading order. */
  List<String> paths() {
    if (textFormat != null) {
      return textShards.stream().map(TextShard::path).toList();
    }
    return shards.stream().map(ShardDescriptor::path).toList();
  }

  /** How many footers were read at construction (the rest are read and verified on workers). */
  int footersAtConstruction() {
    return (int) shards.stream().filter(s -> s.footer() != null).count();
  }

  /** Schema of the output rows. */
  Schema outputSchema() {
    return outputSchema;
  }

  /**
   * Unified full schema of the files whose footers were read (null with an explicit schema and no
   * footer read).
   */
  @Nullable Schema fileSchema() {
    return fileSchema;
  }

  /** File whose schema the others are checked against on workers. */
  @Nullable String referenceFile() {
    return referenceFile;
  }

  List<ShardDescriptor> shards() {
    return shards;
  }
}
