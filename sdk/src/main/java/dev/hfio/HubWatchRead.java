package dev.hfio;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.SplitNotFoundException;
import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.dataset.DataFilesResolver;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.dataset.Glob;
import dev.hfio.internal.dataset.RepoFile;
import dev.hfio.internal.dataset.ResolvedConfig;
import dev.hfio.internal.dataset.ResolvedDataset;
import dev.hfio.internal.dataset.WatchPatterns;
import dev.hfio.internal.parquet.ParquetSchemas;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Requirements;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expansion of a watched {@code HfIO.read()} ({@code watchForNewCommits}): planned at construction
 * like a bounded read (schema from the footers of the files at the head, or the given schema), the
 * watched files fixed (folder, glob or split patterns), the start commit's files listed when the
 * read starts after it; then Beam's {@link Watch} over {@link CommitPollFn}, a Reshuffle and the
 * row-group reader ({@link ReadShardFn}) of the bounded read. Output is unbounded.
 */
final class HubWatchRead extends PTransform<PBegin, PCollection<Row>> {
  private static final Logger LOG = LoggerFactory.getLogger(HubWatchRead.class);

  private final HubClientConfig hub;
  private final ReadPlan plan;
  private final ReadSettings settings;
  private final @Nullable ErrorHandler<BadRecord, ?> errorHandler;
  private final WatchedFiles files;
  private final Duration pollInterval;
  private final @Nullable String startCommit;
  private final Set<String> skip;
  private final @Nullable Instant until;
  private final @Nullable Duration idle;

  private HubWatchRead(
      HubClientConfig hub,
      ReadPlan plan,
      WatchedFiles files,
      Duration pollInterval,
      @Nullable String startCommit,
      Set<String> skip,
      @Nullable Instant until,
      @Nullable Duration idle,
      ReadSettings settings,
      @Nullable ErrorHandler<BadRecord, ?> errorHandler) {
    this.hub = hub;
    this.plan = plan;
    this.files = files;
    this.pollInterval = pollInterval;
    this.startCommit = startCommit;
    this.skip = skip;
    this.until = until;
    this.idle = idle;
    this.settings = settings;
    this.errorHandler = errorHandler;
  }

  /**
   * True when {@code read} watches for new commits; checks the watch options' combinations (start
   * options only one, and only with {@code watchForNewCommits}).
   */
  static boolean isWatched(HfIO.Read read) {
    boolean atNew = Boolean.TRUE.equals(read.getStartAtNewCommits());
    if (read.getPollInterval() == null) {
      String orphan =
          atNew
              ? "withStartAtNewCommits()"
              : read.getStartAfterCommit() != null
                  ? "withStartAfterCommit(...)"
                  : read.getPollingUntil() != null
                      ? "withPollingUntil(...)"
                      : read.getStopAfterIdle() != null ? "withStopAfterIdle(...)" : null;
      if (orphan != null) {
        throw new IllegalArgumentException(
            "HfIO.read(): "
                + orphan
                + " applies to a read that watches for new commits; add"
                + " watchForNewCommits(pollInterval) or remove it");
      }
      return false;
    }
    if (atNew && read.getStartAfterCommit() != null) {
      throw new IllegalArgumentException(
          "HfIO.read(): withStartAtNewCommits() and withStartAfterCommit(\""
              + read.getStartAfterCommit()
              + "\") both say where to start; give only one");
    }
    return true;
  }

  /** The watch settings of {@code read} as display data (nothing for a bounded read). */
  static void displayData(HfIO.Read read, DisplayData.Builder builder) {
    if (read.getPollInterval() == null) {
      return;
    }
    builder
        .add(DisplayData.item("pollInterval", read.getPollInterval()).withLabel("Poll interval"))
        .addIfNotNull(
            DisplayData.item(
                    "startAtNewCommits",
                    Boolean.TRUE.equals(read.getStartAtNewCommits()) ? "true" : null)
                .withLabel("Skip the files at the head at construction"))
        .addIfNotNull(
            DisplayData.item("startAfterCommit", read.getStartAfterCommit())
                .withLabel("Skip the files of commit"))
        .addIfNotNull(
            DisplayData.item("pollingUntil", read.getPollingUntil()).withLabel("Polling until"))
        .addIfNotNull(
            DisplayData.item("stopAfterIdle", read.getStopAfterIdle())
                .withLabel("Stop after idle"));
  }

  /** Plans the watched read of {@code read} (whose poll interval is set) against {@code hub}. */
  static HubWatchRead of(HfIO.Read read, HubClientConfig hub) {
    HubClient client = hub.client();
    HfPath loc = HfPath.isHfPath(read.getFrom()) ? HfPath.parse(read.getFrom()) : null;
    String path = loc == null ? "" : strip(loc.path());
    ReadPlan plan = planWatched(read, hub, client);
    if (plan.textFormat() != null) {
      throw new IllegalArgumentException(
          "HfIO.read().watchForNewCommits(...): "
              + read.getFrom()
              + " holds "
              + plan.textFormat().kind()
              + " files; watching reads Parquet files only (read the snapshot without"
              + " watchForNewCommits)");
    }
    RepoRef repo = plan.repo();
    boolean datasetMode = read.getSplit() != null || read.getConfig() != null || path.isEmpty();
    WatchedFiles files =
        datasetMode
            ? WatchedFiles.dataset(
                patterns(client, repo, plan, path, read.getConfig(), read.getSplit()))
            : pathFiles(client, repo, plan.sha(), path);
    String startCommit = null;
    Set<String> skip = Set.of();
    if (Boolean.TRUE.equals(read.getStartAtNewCommits())) {
      startCommit = plan.sha();
    } else if (read.getStartAfterCommit() != null) {
      startCommit = client.resolveRevision(repo, read.getStartAfterCommit());
    }
    if (startCommit != null) {
      skip = new HashSet<>();
      for (TreeEntry e : files.select(files.list(client, repo, startCommit))) {
        skip.add(WatchedFiles.key(e));
      }
    }
    LOG.info(
        "HfIO.read watches {}@{} ({}), every {}; {} file(s) of commit {} skipped",
        repo,
        plan.revision(),
        files,
        read.getPollInterval(),
        skip.size(),
        startCommit);
    return new HubWatchRead(
        hub,
        plan,
        files,
        read.getPollInterval(),
        startCommit,
        skip,
        read.getPollingUntil(),
        read.getStopAfterIdle(),
        ReadSettings.of(read, hub, plan),
        read.getErrorHandler());
  }

  /**
   * The bounded read's plan; a dataset or folder without data files yet is an empty plan when the
   * schema is given, and an error saying to give it otherwise.
   */
  private static ReadPlan planWatched(HfIO.Read read, HubClientConfig hub, HubClient client) {
    try {
      return ReadPlanner.plan(read, hub);
    } catch (DataFilesNotFoundException | SplitNotFoundException e) {
      if (read.getSchema() == null) {
        throw new DataFilesNotFoundException(
            "HfIO.read().watchForNewCommits(...): "
                + e.getMessage()
                + "; a watched read must know its schema before the first file lands: pass"
                + " withSchema(...)");
      }
      HfPath loc =
          HfPath.isHfPath(read.getFrom())
              ? HfPath.parse(read.getFrom())
              : HfPath.ofDataset(read.getFrom());
      String revision = read.getRevision() != null ? read.getRevision() : loc.revisionOrDefault();
      String sha = client.resolveRevision(loc.repo(), revision);
      Schema schema = read.getSchema();
      Schema out =
          read.getColumns() == null ? schema : ParquetSchemas.project(schema, read.getColumns());
      return new ReadPlan(loc.repo(), revision, sha, List.of(), null, out, null);
    }
  }

  /**
   * The split patterns at the planned commit (as the bounded read resolves them); the push_to_hub
   * layout when the dataset has no data files (or not the asked split) yet.
   */
  private static WatchPatterns patterns(
      HubClient client,
      RepoRef repo,
      ReadPlan plan,
      String base,
      @Nullable String config,
      @Nullable String split) {
    List<RepoFile> all = new ArrayList<>();
    boolean hasReadme = false;
    for (TreeEntry e : client.listTree(repo).revision(plan.sha()).recursive().call()) {
      if (e.isFile()) {
        all.add(new RepoFile(e.path(), e.size()));
        hasReadme |= e.path().equals("README.md");
      }
    }
    try {
      DatasetCard card =
          hasReadme
              ? DatasetCard.parse(
                  new String(
                      client.readAllBytes(repo, plan.sha(), "README.md"), StandardCharsets.UTF_8))
              : null;
      ResolvedDataset ds = DataFilesResolver.resolve(repo.id(), plan.revision(), all, card, base);
      ResolvedConfig cfg = ds.config(config);
      return WatchPatterns.of(split == null ? cfg.splits() : List.of(cfg.split(split)));
    } catch (DataFilesNotFoundException | SplitNotFoundException e) {
      return WatchPatterns.pushToHub(base, config, split);
    }
  }

  /** Dask semantics of the bounded read: a file, a folder or a glob; a missing path is a folder. */
  private static WatchedFiles pathFiles(HubClient client, RepoRef repo, String sha, String path) {
    if (Glob.hasMagic(path)) {
      return WatchedFiles.glob(path);
    }
    List<TreeEntry> info = client.pathsInfo(repo, sha, List.of(path));
    if (info.isEmpty()) {
      return path.endsWith(".parquet") ? WatchedFiles.file(path) : WatchedFiles.directory(path);
    }
    return info.get(0).isFile() ? WatchedFiles.file(path) : WatchedFiles.directory(path);
  }

  private static String strip(String p) {
    String s = p == null ? "" : p;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s;
  }

  /** The commit whose files are skipped, or null when the files at the start are read. */
  @Nullable String startCommit() {
    return startCommit;
  }

  /** Keys of the skipped file versions. */
  Set<String> skipped() {
    return skip;
  }

  WatchedFiles files() {
    return files;
  }

  ReadPlan plan() {
    return plan;
  }

  @Override
  public PCollection<Row> expand(PBegin begin) {
    CommitPollFn poll =
        new CommitPollFn(hub, plan.repo(), plan.revision(), files, skip, pollInterval);
    SerializableFunction<KV<String, ShardDescriptor>, String> key = KV::getKey;
    PCollection<KV<String, KV<String, ShardDescriptor>>> found =
        begin
            .apply("Branch", Create.of(plan.repo() + "@" + plan.revision()))
            .apply(
                "PollHead",
                Watch.growthOf(Contextful.of(poll, Requirements.empty()), key)
                    .withPollInterval(pollInterval)
                    .withTerminationPerInput(WatchTermination.of(until, idle))
                    .withOutputCoder(KvCoder.of(StringUtf8Coder.of(), ShardDescriptorCoder.of()))
                    .withOutputKeyCoder(StringUtf8Coder.of()));
    return ReadShardFn.applyTo(
        found
            .apply("DropBranch", Values.create())
            .apply("DropKey", Values.create())
            .setCoder(ShardDescriptorCoder.of())
            .apply("Reshuffle", Reshuffle.viaRandomKey()),
        settings,
        errorHandler);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("pollInterval", pollInterval).withLabel("Poll interval"))
        .add(DisplayData.item("watched", files.toString()).withLabel("Watched files"))
        .add(DisplayData.item("headAtConstruction", plan.sha()).withLabel("Head at construction"))
        .addIfNotNull(
            DisplayData.item("startAfterCommit", startCommit)
                .withLabel("Files of this commit skipped"))
        .addIfNotNull(DisplayData.item("pollingUntil", until).withLabel("Polling until"))
        .addIfNotNull(DisplayData.item("stopAfterIdle", idle).withLabel("Stop after idle"));
  }
}
