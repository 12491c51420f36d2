package dev.hfio;

import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.internal.dataset.PushToHubLayout;
import dev.hfio.internal.parquet.ParquetCompression;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything the workers and the finalize step of one {@code HfIO.write()} need, resolved at
 * expansion time (target, mode, sizes, the Beam schema of the rows, the client configuration).
 * Serializable; the token inside the client configuration is never shown by {@link #toString()}.
 */
final class WriteSettings implements Serializable {
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

  /**
   * A file above the viewer's limits fails the write instead of a warning ({@link ViewerLimits}).
   */
  final boolean failOnViewerLimits;

  /** Rows routed by split into one commit ({@code withSplitField}/{@code withSplitFn}), or null. */
  final @Nullable SplitRouting routing;

  /**
   * A random id of this write, drawn once at expansion: the key under which each worker JVM runs
   * the preflight once ({@link WritePreflight#ensure}) and the prefix of its local shard folders.
   */
  final String writeKey;

  private WriteSettings(
      String writeKey,
      WriteTarget target,
      WriteMode mode,
      String commitMessage,
      Visibility createRepo,
      boolean createPr,
      int maxOperationsPerCommit,
      int numShards,
      long maxShardBytes,
      long rowGroupBytes,
      ParquetCompression compression,
      Schema schema,
      HubClientConfig hubConfig,
      @Nullable SplitRouting routing,
      boolean failOnViewerLimits) {
    this.writeKey = Objects.requireNonNull(writeKey, "writeKey");
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
    this.routing = routing;
    this.failOnViewerLimits = failOnViewerLimits;
  }

  /**
   * The settings of {@code spec} writing rows of {@code schema} through {@code hub}. The target is
   * resolved like {@link HfIO.Write#expand} checked it: a split (or a repo-root target, which means
   * split {@code train}) writes the push_to_hub layout, anything else part files into the target's
   * directory.
   */
  static WriteSettings of(HfIO.Write spec, Schema schema, HubClientConfig hub) {
    HfPath p = HfPath.ofDataset(Objects.requireNonNull(spec.target(), "target"));
    String branch = spec.revision() != null ? spec.revision() : p.revision();
    String split = spec.split();
    if (split == null && spec.config() == null && p.isRoot()) {
      split = "train";
    }
    String configName = spec.config() == null ? PushToHubLayout.DEFAULT_CONFIG : spec.config();
    SplitRouting routing = SplitRouting.of(spec, configName, schema);
    if (routing != null) {
      split = null;
      schema = routing.writtenSchema();
    }
    WriteTarget t =
        routing != null
            ? WriteTarget.ofDirectory(p.repo(), branch, PushToHubLayout.dataDir(configName))
            : split != null
                ? WriteTarget.ofSplit(p.repo(), branch, configName, split)
                : WriteTarget.ofDirectory(p.repo(), branch, p.path());
    return new WriteSettings(
        java.util.UUID.randomUUID().toString().replace("-", ""),
        t,
        spec.mode(),
        spec.commitMessage(),
        spec.createRepo(),
        spec.createPr(),
        spec.maxOperationsPerCommit(),
        spec.numShards(),
        spec.maxShardBytes(),
        spec.rowGroupBytes(),
        spec.compression(),
        schema,
        hub,
        routing,
        spec.failOnViewerLimits());
  }

  /**
   * Same settings with another client configuration (tests use it to inject a fault-free or
   * retrying client).
   */
  WriteSettings withHubConfig(HubClientConfig config) {
    return new WriteSettings(
        writeKey,
        target,
        mode,
        commitMessage,
        createRepo,
        createPr,
        maxOperationsPerCommit,
        numShards,
        maxShardBytes,
        rowGroupBytes,
        compression,
        schema,
        config,
        routing,
        failOnViewerLimits);
  }

  HubClient client() {
    return hubConfig.client();
  }

  /** The commit title: the user's message, else push_to_hub-like defaults. */
  String summary() {
    if (commitMessage != null) {
      return commitMessage;
    }
    if (routing != null) {
      return "Upload splits of config '" + routing.configName() + "' with HfIO";
    }
    return target.isSplit()
        ? "Upload split '" + target.split() + "' with HfIO"
        : "Upload " + (target.directory().isEmpty() ? "data" : target.directory()) + " with HfIO";
  }

  @Override
  public String toString() {
    return "WriteSettings{"
        + target.describe()
        + ", mode="
        + mode
        + ", numShards="
        + numShards
        + ", maxShardBytes="
        + maxShardBytes
        + ", endpoint="
        + hubConfig.endpoint()
        + "}";
  }
}
