package dev.hfio.write;

import dev.hfio.Visibility;
import dev.hfio.WriteMode;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.parquet.ParquetCompression;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.annotations.Internal;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Everything the workers and the finalize step of one {@code HfIO.write()} need, resolved at expansion time
 * (target, mode, sizes, the Beam schema of the rows, the client configuration). Serializable; the token inside the
 * client configuration is never shown by {@link #toString()}.
 */
@Internal
public final class WriteSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  final WriteTarget target;
  final WriteMode mode;
  final String commitMessage;
  final Visibility createRepo;
  final boolean createPr;
  final int maxOperationsPerCommit;
  final int numShards;
  final long maxShardBytes;
  final long rowGroupBytes;
  final ParquetCompression compression;
  final Schema schema;
  final HubClientConfig hubConfig;

  private WriteSettings(WriteTarget target, WriteMode mode, String commitMessage, Visibility createRepo,
      boolean createPr, int maxOperationsPerCommit, int numShards, long maxShardBytes, long rowGroupBytes,
      ParquetCompression compression, Schema schema, HubClientConfig hubConfig) {
    this.target = target;
    this.mode = Objects.requireNonNull(mode, "mode");
    this.commitMessage = commitMessage;
    this.createRepo = createRepo;
    this.createPr = createPr;
    this.maxOperationsPerCommit = maxOperationsPerCommit;
    this.numShards = numShards;
    this.maxShardBytes = maxShardBytes;
    this.rowGroupBytes = rowGroupBytes;
    this.compression = Objects.requireNonNull(compression, "compression");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.hubConfig = Objects.requireNonNull(hubConfig, "hubConfig");
  }

  /**
   * Settings of a write into the push_to_hub layout of {@code split} ({@code configName} may be "default") when
   * {@code split} is non-null, else into {@code directory} with Dask-like part files.
   */
  public static WriteSettings of(RepoRef repo, String revision, String directory, String configName, String split,
      WriteMode mode, String commitMessage, Visibility createRepo, boolean createPr, int maxOperationsPerCommit,
      int numShards, long maxShardBytes, long rowGroupBytes, ParquetCompression compression, Schema schema,
      HubClientConfig hubConfig) {
    WriteTarget t = split != null ? WriteTarget.ofSplit(repo, revision, configName, split)
        : WriteTarget.ofDirectory(repo, revision, directory);
    return new WriteSettings(t, mode, commitMessage, createRepo, createPr, maxOperationsPerCommit, numShards,
        maxShardBytes, rowGroupBytes, compression, schema, hubConfig);
  }

  /** Same settings with another client configuration (tests use it to inject a fault-free or retrying client). */
  WriteSettings withHubConfig(HubClientConfig config) {
    return new WriteSettings(target, mode, commitMessage, createRepo, createPr, maxOperationsPerCommit, numShards,
        maxShardBytes, rowGroupBytes, compression, schema, config);
  }

  HubClient client() {
    return hubConfig.client();
  }

  /** The commit title: the user's message, else push_to_hub-like defaults. */
  String summary() {
    if (commitMessage != null) {
      return commitMessage;
    }
    return target.isSplit() ? "Upload split '" + target.split() + "' with HfIO" : "Upload " + (target.directory()
        .isEmpty() ? "data" : target.directory()) + " with HfIO";
  }

  @Override
  public String toString() {
    return "WriteSettings{" + target.describe() + ", mode=" + mode + ", numShards=" + numShards
        + ", maxShardBytes=" + maxShardBytes + ", endpoint=" + hubConfig.endpoint() + "}";
  }
}
