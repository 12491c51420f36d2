package dev.hfio;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.errors.HfIOException;
import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RepoType;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.dataset.DataFilesResolver;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.dataset.Features;
import dev.hfio.internal.dataset.FileFormat;
import dev.hfio.internal.dataset.Glob;
import dev.hfio.internal.dataset.RepoFile;
import dev.hfio.internal.dataset.ResolvedConfig;
import dev.hfio.internal.dataset.ResolvedDataset;
import dev.hfio.internal.dataset.ResolvedSplit;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.internal.parquet.RowGroupReader;
import dev.hfio.parquet.RowFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a read at pipeline construction: pins the revision to a commit, selects the files (dataset
 * config/split resolution like {@code datasets.load_dataset}, or Dask-like file/directory/glob
 * semantics for hf:// paths), reads the footers of at most {@link #FOOTER_SAMPLE} of those files
 * (the schema sample) with one tail request each, and infers and unifies the schema; JSON, CSV/TSV
 * and text files are planned by {@link TextReadPlanner}. Every failure (unknown split/config, an
 * unreadable or mixed format, incompatible shards, bad columns or filter) surfaces here, before the
 * pipeline runs.
 */
final class ReadPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(ReadPlanner.class);

  /**
   * Footers read at planning, at most: the schema sample (the first files in path order). Workers
   * read the other footers with the same {@code /resolve} that serves the file's row groups (the
   * client remembers every resolved location JVM-wide), so a full read of F files costs at most F +
   * {@value} resolver requests, at most one per file on each worker JVM, and at most F when
   * planning runs in the worker's JVM (as on the DirectRunner). Reading every footer at planning
   * would make the workers resolve each file a second time.
   */
  static final int FOOTER_SAMPLE = 8;

  private ReadPlanner() {}

  /** What the user asked for; nulls mean "not set". */
  record Request(
      String from,
      @Nullable String revision,
      @Nullable String config,
      @Nullable String split,
      @Nullable List<String> columns,
      @Nullable Schema schema,
      @Nullable RowFilter filter) {}

  /**
   * Plans {@code read} against the Hub described by {@code hub}. {@code HfIO.Read.expand} calls it;
   * tests call it directly to look at the plan of a read.
   */
  static ReadPlan plan(HfIO.Read read, HubClientConfig hub) {
    return plan(
        hub,
        read.getErrorHandler() != null,
        new Request(
            read.getFrom(),
            read.getRevision(),
            read.getConfig(),
            read.getSplit(),
            read.getColumns(),
            read.getSchema(),
            read.getFilter()));
  }

  /**
   * Plans the footer of the schema file of {@code readFiles()} (schema inference at construction).
   */
  static ReadPlan planHint(HfIO.ReadFiles readFiles, HubClientConfig hub) {
    ReadPlan hint =
        plan(
            hub,
            new Request(
                readFiles.getSchemaFile(),
                null,
                null,
                null,
                readFiles.getColumns(),
                null,
                readFiles.getFilter()));
    if (hint.textFormat() != null) {
      throw new IllegalArgumentException(
          "HfIO.readFiles(): its schema file "
              + readFiles.getSchemaFile()
              + " is a "
              + hint.textFormat().kind()
              + " file; readFiles() reads Parquet files only: read JSON, CSV and text files with"
              + " HfIO.read().from(<file, folder or glob>)");
    }
    return hint;
  }

  /** Plans {@code request} against the Hub described by {@code hub}. */
  static ReadPlan plan(HubClientConfig hub, Request request) {
    return plan(hub, false, request);
  }

  /**
   * Plans {@code request}; with {@code tolerant} (the read has an error handler) a sampled file
   * whose footer cannot be decoded is left to the workers, which report it as a bad record.
   */
  static ReadPlan plan(HubClientConfig hub, boolean tolerant, Request request) {
    HubClient client = hub.client();
    HfPath loc =
        HfPath.isHfPath(request.from())
            ? HfPath.parse(request.from())
            : HfPath.ofDataset(request.from());
    if (request.revision() != null
        && loc.revision() != null
        && !request.revision().equals(loc.revision())) {
      throw new IllegalArgumentException(
          "HfIO.read(): revision '"
              + loc.revision()
              + "' in from(\""
              + request.from()
              + "\") conflicts with withRevision(\""
              + request.revision()
              + "\"); give the revision only once");
    }
    RepoRef repo = loc.repo();
    String revision = request.revision() != null ? request.revision() : loc.revisionOrDefault();
    String sha = client.resolveRevision(repo, revision);
    String path = stripSlashes(loc.path());
    String where = repo + "@" + revision + " (commit " + sha + ")";

    List<RepoFile> files;
    FileFormat format;
    TextReadPlanner.CardView card = TextReadPlanner.CardView.NONE;
    Map<String, Object> declared = new LinkedHashMap<>(); // the card's features of the config
    boolean datasetMode = request.split() != null || request.config() != null || path.isEmpty();
    if (datasetMode) {
      Selection sel =
          datasetFiles(
              client,
              repo,
              revision,
              sha,
              path,
              request.config(),
              request.split(),
              where,
              declared);
      files = sel.files();
      format = sel.format();
      card = sel.card();
    } else {
      files = pathFiles(client, repo, sha, path, where, request.schema() != null);
      format = files.isEmpty() ? FileFormat.PARQUET : Formats.single(files, repo, revision, path);
    }
    LOG.info("HfIO.read planned {} file(s) of {}", files.size(), where);
    if (format != FileFormat.PARQUET && !files.isEmpty()) {
      return TextReadPlanner.plan(
          client, repo, revision, sha, files, format, card, request, tolerant);
    }

    if (files.isEmpty()) {
      if (request.schema() == null) {
        throw new DataFilesNotFoundException(
            "HfIO.read(): no Parquet files at '"
                + path
                + "' of "
                + where
                + "; pass withSchema(...) to read it as an empty PCollection");
      }
      return new ReadPlan(
          repo, revision, sha, List.of(), null, outputSchema(request, request.schema()), null);
    }

    int toRead = Math.min(files.size(), FOOTER_SAMPLE);
    List<ParquetFooter> sampled =
        readFooters(client, repo, sha, files.subList(0, toRead), tolerant);
    // the footers that could be read (all of them unless tolerant), in file order
    List<ParquetFooter> footers = sampled.stream().filter(f -> f != null).toList();
    if (footers.isEmpty()) {
      readFooters(client, repo, sha, files.subList(0, 1), false); // throws the first file's failure
    }
    Schema fileSchema = null;
    Schema output;
    if (request.schema() != null) {
      // An explicit schema: files are matched to it by field name on the workers, no unification.
      output = outputSchema(request, request.schema());
    } else {
      Map<String, Schema> schemas = new LinkedHashMap<>();
      for (ParquetFooter f : footers) {
        schemas.putIfAbsent(f.fileName(), f.beamSchema());
      }
      fileSchema = ParquetSchemas.unify(schemas);
      output = outputSchema(request, withFeatures(fileSchema, declared, footers.get(0)));
      validateReader(footers.get(0), request.columns(), request.filter());
    }
    List<ShardDescriptor> shards = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      RepoFile f = files.get(i);
      shards.add(
          new ShardDescriptor(
              repo, sha, f.path(), f.size(), i < sampled.size() ? sampled.get(i) : null));
    }
    return new ReadPlan(repo, revision, sha, shards, fileSchema, output, footers.get(0).fileName());
  }

  /**
   * The files' schema with the declared features applied (ClassLabel → enumeration, Image/Audio →
   * {@code HfFeatures} types): the card's features win over the first file's {@code huggingface}
   * footer key, as in {@code datasets}; without either the files' own schema.
   */
  static Schema withFeatures(
      Schema fileSchema, Map<String, Object> declared, ParquetFooter reference) {
    Map<String, Object> features =
        !declared.isEmpty()
            ? declared
            : Features.fromFooterJson(reference.huggingFaceMetadata().orElse(null))
                .orElse(Map.of());
    return features.isEmpty() ? fileSchema : Features.annotate(fileSchema, features);
  }

  /** The output schema for a full schema: projected to the requested columns, if any. */
  static Schema outputSchema(Request request, Schema full) {
    return request.columns() == null ? full : ParquetSchemas.project(full, request.columns());
  }

  /**
   * Builds a reader on a footer (no I/O: the tail is pinned) so bad columns and filters fail at
   * construction.
   */
  static void validateReader(
      ParquetFooter footer, @Nullable List<String> columns, @Nullable RowFilter filter) {
    try (RowGroupReader r =
        RowGroupReader.builder(new NoIoSource(footer), footer)
            .columns(columns)
            .filter(filter)
            .build()) {
      r.schema();
    } catch (IOException e) {
      throw new HfIOException(
          "Cannot check columns and filter against the footer of " + footer.fileName(), e);
    }
  }

  /** The files of a dataset read, their one format, and the card's view of the config. */
  private record Selection(
      List<RepoFile> files, FileFormat format, TextReadPlanner.CardView card) {}

  private static Selection datasetFiles(
      HubClient client,
      RepoRef repo,
      String revision,
      String sha,
      String base,
      @Nullable String config,
      @Nullable String split,
      String where,
      Map<String, Object> declaredOut) {
    if (repo.type() != RepoType.DATASET) {
      throw new IllegalArgumentException(
          "HfIO.read(): "
              + repo
              + " is not a dataset repository; splits and configs"
              + " exist only for datasets (use hf://datasets/...)");
    }
    List<RepoFile> all = new ArrayList<>();
    boolean hasReadme = false;
    for (TreeEntry e : client.listTree(repo).revision(sha).recursive().call()) {
      if (e.isFile()) {
        all.add(new RepoFile(e.path(), e.size()));
        hasReadme |= e.path().equals("README.md");
      }
    }
    DatasetCard card =
        hasReadme
            ? DatasetCard.parse(
                new String(client.readAllBytes(repo, sha, "README.md"), StandardCharsets.UTF_8))
            : null;
    ResolvedDataset ds = DataFilesResolver.resolve(repo.id(), revision, all, card, base);
    ResolvedConfig cfg = ds.config(config);
    Features.declared(card, cfg).ifPresent(declaredOut::putAll);
    List<ResolvedSplit> splits = split == null ? cfg.splits() : List.of(cfg.split(split));
    List<RepoFile> out = new ArrayList<>();
    FileFormat format = null;
    String formatSplit = null;
    for (ResolvedSplit s : splits) {
      s.requireFormat(Formats.READABLE);
      FileFormat f =
          Formats.single(
              s.files(), repo, revision, "split '" + s.name() + "' of config '" + cfg.name() + "'");
      if (format != null && f != format) {
        throw new dev.hfio.dataset.MixedFormatsException(
            repo.id(),
            revision,
            "config '" + cfg.name() + "' (every split)",
            Map.of(format.name(), "split " + formatSplit, f.name(), "split " + s.name()));
      }
      format = f;
      formatSplit = s.name();
      out.addAll(s.files());
    }
    return new Selection(
        out,
        format == null ? FileFormat.PARQUET : format,
        new TextReadPlanner.CardView(cfg.params(), new LinkedHashMap<>(declaredOut)));
  }

  /** Dask semantics: a file, every Parquet file under a directory, or the files matching a glob. */
  private static List<RepoFile> pathFiles(
      HubClient client, RepoRef repo, String sha, String path, String where, boolean schemaGiven) {
    List<RepoFile> found = new ArrayList<>();
    if (Glob.hasMagic(path)) {
      String[] parts = path.split("/");
      StringBuilder prefix = new StringBuilder();
      for (String p : parts) {
        if (Glob.hasMagic(p)) {
          break;
        }
        prefix.append(prefix.length() == 0 ? "" : "/").append(p);
      }
      Glob glob = Glob.compile(path);
      for (TreeEntry e :
          client.listTree(repo).revision(sha).path(prefix.toString()).recursive().call()) {
        if (e.isFile() && glob.matches(e.path())) {
          found.add(new RepoFile(e.path(), e.size()));
        }
      }
      found.sort((a, b) -> a.path().compareTo(b.path()));
      requireReadable(found, where);
      return found;
    }
    List<TreeEntry> info = client.pathsInfo(repo, sha, List.of(path));
    if (info.isEmpty()) {
      throw new DataFilesNotFoundException(
          "HfIO.read(): no file or directory '" + path + "' in " + where);
    }
    if (info.get(0).isFile()) {
      found.add(new RepoFile(info.get(0).path(), info.get(0).size()));
      requireReadable(found, where);
      return found;
    }
    List<RepoFile> other = new ArrayList<>();
    for (TreeEntry e : client.listTree(repo).revision(sha).path(path).recursive().call()) {
      if (!e.isFile() || hiddenBelow(e.path(), path)) {
        continue;
      }
      (e.path().endsWith(".parquet") ? found : other).add(new RepoFile(e.path(), e.size()));
    }
    if (found.isEmpty() && !other.isEmpty()) {
      // no Parquet: the JSON, CSV/TSV or text files under the folder (one format)
      List<RepoFile> data = new ArrayList<>();
      for (RepoFile f : other) {
        if (Formats.of(f.path()).filter(x -> x != FileFormat.PARQUET).isPresent()) {
          data.add(f);
        }
      }
      if (data.isEmpty() && !schemaGiven) {
        requireReadable(other, where);
      }
      data.sort((a, b) -> a.path().compareTo(b.path()));
      return data;
    }
    found.sort((a, b) -> a.path().compareTo(b.path()));
    return found;
  }

  private static boolean hiddenBelow(String file, String dir) {
    String rel = file.substring(Math.min(file.length(), dir.length() + 1));
    for (String c : rel.split("/")) {
      if (c.startsWith(".") || c.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  /** Every file must be Parquet, JSON, CSV/TSV or text (compressed or not). */
  private static void requireReadable(List<RepoFile> files, String where) {
    for (RepoFile f : files) {
      if (Formats.of(f.path()).isEmpty()) {
        Optional<FileFormat> fmt = FileFormat.infer(List.of(f.path()));
        throw new IllegalArgumentException(
            "HfIO.read(): '"
                + f.path()
                + "' in "
                + where
                + " is "
                + fmt.map(x -> x.module()).orElse("not a recognised data format")
                + "; HfIO reads Parquet, JSON Lines/JSON, CSV/TSV and text files: read the"
                + " viewer's Parquet export with withRevision(\"~parquet\")"
                + " (hf://datasets/<repo>@~parquet/<config>/<split>)");
      }
    }
  }

  /** Reads footers with one tail request each, several files at once; errors name the file. */
  static List<ParquetFooter> readFooters(
      HubClient client, RepoRef repo, String sha, List<RepoFile> files) {
    return readFooters(client, repo, sha, files, false);
  }

  /**
   * Like {@link #readFooters(HubClient, RepoRef, String, List)}; with {@code tolerant}, a footer
   * that cannot be decoded ({@link dev.hfio.parquet.ParquetReadException}) is null in the list.
   */
  static List<@Nullable ParquetFooter> readFooters(
      HubClient client, RepoRef repo, String sha, List<RepoFile> files, boolean tolerant) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, files.size()));
    try {
      List<Future<ParquetFooter>> fs = new ArrayList<>();
      for (RepoFile f : files) {
        fs.add(
            pool.submit(
                () -> {
                  ShardDescriptor d = new ShardDescriptor(repo, sha, f.path(), f.size(), null);
                  ParquetFooter cached = FooterCache.get(d.cacheKey());
                  if (cached != null) {
                    return cached;
                  }
                  ParquetFooter footer =
                      ParquetFooter.read(new HubRangeSource(client, repo, sha, f.path(), f.size()));
                  FooterCache.put(d.cacheKey(), footer);
                  return footer;
                }));
      }
      List<ParquetFooter> out = new ArrayList<>();
      for (Future<ParquetFooter> f : fs) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          if (!(tolerant && e.getCause() instanceof dev.hfio.parquet.ParquetReadException)) {
            throw e;
          }
          out.add(null);
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while reading Parquet footers of " + repo + "@" + sha, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new HfIOException(
          "Cannot read the Parquet footers of "
              + repo
              + " at commit "
              + sha
              + " ("
              + c.getClass().getSimpleName()
              + "); retry later",
          c instanceof IOException io ? io : new IOException(c));
    } finally {
      pool.shutdownNow();
    }
  }

  private static String stripSlashes(String p) {
    String s = p;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s;
  }

  /** A source that must never be read: the reader is only built to validate columns and filters. */
  private record NoIoSource(ParquetFooter footer) implements dev.hfio.internal.parquet.RangeSource {
    @Override
    public long size() {
      return footer.fileLength();
    }

    @Override
    public void readFully(long position, java.nio.ByteBuffer dst) throws IOException {
      throw new IOException("validation reader of " + footer.fileName() + " must not read data");
    }

    @Override
    public String name() {
      return footer.fileName();
    }

    @Override
    public void close() {}
  }
}
