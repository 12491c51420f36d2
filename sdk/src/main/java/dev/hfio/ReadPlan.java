package dev.hfio;

import dev.hfio.hub.RepoRef;
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
    return shards.size();
  }

  /** Paths of the planned files, in reading order. */
  List<String> paths() {
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
