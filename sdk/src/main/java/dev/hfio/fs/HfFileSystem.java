package dev.hfio.fs;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.HubException;
import dev.hfio.hub.ListTreeCommand;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.dataset.Glob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MatchResult.Status;
import org.apache.beam.sdk.io.fs.MoveOptions;

/**
 * Beam {@link FileSystem} for the {@code hf} scheme, so file-based IOs (TextIO, AvroIO, ParquetIO,
 * FileIO) read and write {@code hf://datasets/ns/name[@rev]/path} unchanged. Registered by {@link
 * HfFileSystemRegistrar}; configured by {@link HfOptions}.
 *
 * <p>Reads:
 *
 * <ul>
 *   <li>{@code match} resolves each spec's revision to ONE commit sha (once per repo and revision
 *       per call) and returns ids carrying {@code @<sha>}, so everything read later comes from that
 *       snapshot. Globs ({@code *}, {@code **}, {@code ?}, {@code [..]}, fsspec rules) cost one
 *       tree listing of their literal prefix (recursive only when the pattern spans directories),
 *       paged by the Hub, never one call per directory. Non-glob specs of one repo and revision
 *       share one paths-info call. A spec naming a directory (with or without trailing '/') matches
 *       the directory itself. Metadata carries size, {@code isReadSeekEfficient=true}, the checksum
 *       (git blob sha1, or the sha256 of LFS files) and, for literal specs only, the last-modified
 *       time of the last commit touching the file (a glob listing does not ask the Hub for it,
 *       which would cost one page per 50 files: 0 there). Missing files and empty globs are {@code
 *       NOT_FOUND}; other failures are {@code ERROR} with an {@link HfFileSystemException} whose
 *       cause is the typed Hub error.
 *   <li>{@code open} returns a seekable channel (ranged reads with read-ahead). Sizes learnt by
 *       {@code match} are cached per JVM by pinned path, so opening a matched file costs no extra
 *       request.
 * </ul>
 *
 * <p>Writes are commits, so:
 *
 * <ul>
 *   <li>{@code create} buffers to a local temp file and commits that one file on {@code close()}
 *       (through LFS when the Hub asks). One commit per file is slow and rate limited on the real
 *       Hub: to write many files use {@code HfIO.write}, which commits them together.
 *   <li>{@code copy}, {@code rename} and {@code delete} make ONE commit per call (per destination
 *       repo and branch). LFS files are copied within a repo by their sha256 without re-upload;
 *       regular files are re-added.
 *   <li>Deleting (or renaming away) an id pinned to a commit sha, as {@code match} returns them,
 *       deletes on the branch whose head is that commit ({@code main} preferred); if no branch
 *       points there any more it is refused.
 *   <li>Writes need a token with write access ({@code --hfToken} or {@code HF_TOKEN}), else {@link
 *       HfTokenRequiredException}. Writing at a commit sha is refused: name a branch.
 * </ul>
 */
class HfFileSystem extends FileSystem<HfResourceId> {
  private static final String SHA = "[0-9a-f]{40}";

  private final HubClientConfig config;
  private final int readAhead;

  /** A file system reaching the Hub described by {@code config}. */
  public HfFileSystem(HubClientConfig config, int readAheadBytes) {
    this.config = Objects.requireNonNull(config, "config");
    if (readAheadBytes < 1) {
      throw new IllegalArgumentException(
          "--hfReadAheadBytes must be positive, got " + readAheadBytes);
    }
    this.readAhead = readAheadBytes;
  }

  /**
   * A file system configured from pipeline options ({@link HfOptions}, environment for what is
   * unset).
   */
  public static HfFileSystem fromOptions(HfOptions options) {
    return new HfFileSystem(HfOptions.hubConfig(options), options.getHfReadAheadBytes());
  }

  private HubClient client() {
    return config.client();
  }

  @Override
  protected String getScheme() {
    return HfPath.SCHEME;
  }

  // ================================================================ match

  /** One (repo, revision) pair of a match call. */
  private record RevKey(RepoRef repo, String revision) {}

  /** One listing of a match call. */
  private record ListKey(RepoRef repo, String sha, String dir, boolean recursive) {}

  /** The commit a revision resolved to, or why it did not. */
  private record Pinned(String sha, HubException error) {}

  @Override
  protected List<MatchResult> match(List<String> specs) {
    MatchResult[] results = new MatchResult[specs.size()];
    HfPath[] paths = new HfPath[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      paths[i] =
          HfPath.parse(
              specs.get(i)); // InvalidHfPathException (an IllegalArgumentException) on bad specs
    }
    Map<RevKey, Pinned> pins = new HashMap<>();
    Map<ListKey, Object> listings = new HashMap<>(); // List<TreeEntry> or HubException
    Map<RevKey, List<Integer>> literal = new LinkedHashMap<>();
    for (int i = 0; i < paths.length; i++) {
      HfPath p = paths[i];
      Pinned pin = pin(pins, p);
      if (pin.error != null) {
        results[i] = failure(specs.get(i), pin.error);
        continue;
      }
      if (Glob.hasMagic(p.path())) {
        results[i] = matchGlob(specs.get(i), p, pin.sha, listings);
      } else if (p.path().isEmpty()) {
        results[i] =
            MatchResult.create(Status.OK, List.of(directory(HfPath.of(p.repo(), pin.sha, ""))));
      } else {
        literal.computeIfAbsent(new RevKey(p.repo(), pin.sha), k -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<RevKey, List<Integer>> group : literal.entrySet()) {
      matchLiterals(specs, paths, group.getKey(), group.getValue(), results);
    }
    return Arrays.asList(results);
  }

  private Pinned pin(Map<RevKey, Pinned> pins, HfPath p) {
    if (p.revision() != null && p.revision().matches(SHA)) {
      return new Pinned(p.revision(), null);
    }
    return pins.computeIfAbsent(
        new RevKey(p.repo(), p.revisionOrDefault()),
        k -> {
          try {
            return new Pinned(client().resolveRevision(k.repo(), k.revision()), null);
          } catch (HubException e) {
            return new Pinned(null, e);
          }
        });
  }

  private MatchResult matchGlob(String spec, HfPath p, String sha, Map<ListKey, Object> listings) {
    String pattern = p.path();
    String[] parts = pattern.split("/", -1);
    int lit = 0;
    while (lit < parts.length - 1 && !Glob.hasMagic(parts[lit])) {
      lit++;
    }
    String dir = String.join("/", Arrays.asList(parts).subList(0, lit));
    boolean recursive = parts.length - lit > 1 || pattern.contains("**");
    Glob glob;
    try {
      glob = Glob.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid glob in '" + spec + "': " + e.getMessage(), e);
    }
    ListKey key = new ListKey(p.repo(), sha, dir, recursive);
    Object listing =
        listings.computeIfAbsent(
            key,
            k -> {
              try {
                List<TreeEntry> entries = new ArrayList<>();
                ListTreeCommand ls = client().listTree(k.repo()).revision(k.sha()).path(k.dir());
                Iterator<TreeEntry> it = (k.recursive() ? ls.recursive() : ls).iterate();
                it.forEachRemaining(entries::add);
                return entries;
              } catch (EntryNotFoundException e) {
                return List.of(); // the literal prefix does not exist: nothing matches
              } catch (HubException e) {
                return e;
              }
            });
    if (listing instanceof HubException e) {
      return failure(spec, e);
    }
    @SuppressWarnings("unchecked")
    List<TreeEntry> entries = (List<TreeEntry>) listing;
    List<Metadata> out = new ArrayList<>();
    for (TreeEntry e : entries) {
      if (e.isFile() && glob.matches(e.path())) {
        out.add(file(HfPath.of(p.repo(), sha, e.path()), e));
      }
    }
    if (out.isEmpty()) {
      return MatchResult.create(
          Status.NOT_FOUND,
          new HfFileNotFoundException(
              "No files match '"
                  + spec
                  + "' at commit "
                  + sha
                  + " of "
                  + p.repo()
                  + " (listed '"
                  + (dir.isEmpty() ? "/" : dir + "/")
                  + "'"
                  + (recursive ? " recursively" : "")
                  + ", "
                  + entries.size()
                  + " entries)",
              null));
    }
    return MatchResult.create(Status.OK, out);
  }

  private void matchLiterals(
      List<String> specs,
      HfPath[] paths,
      RevKey key,
      List<Integer> indexes,
      MatchResult[] results) {
    List<String> wanted = new ArrayList<>();
    for (int i : indexes) {
      wanted.add(trimSlash(paths[i].path()));
    }
    Map<String, TreeEntry> found = new HashMap<>();
    try {
      for (TreeEntry e :
          client()
              .pathsInfo(key.repo())
              .revision(key.revision())
              .paths(new ArrayList<>(new java.util.LinkedHashSet<>(wanted)))
              .expand()
              .call()) {
        found.put(trimSlash(e.path()), e);
      }
    } catch (HubException e) {
      for (int i : indexes) {
        results[i] = failure(specs.get(i), e);
      }
      return;
    }
    for (int n = 0; n < indexes.size(); n++) {
      int i = indexes.get(n);
      TreeEntry e = found.get(wanted.get(n));
      boolean wantsDirectory = paths[i].path().endsWith("/");
      HfPath pinned = HfPath.of(key.repo(), key.revision(), wanted.get(n));
      if (e != null && e.isDirectory()) {
        results[i] = MatchResult.create(Status.OK, List.of(directory(pinned)));
      } else if (e != null && !wantsDirectory) {
        results[i] = MatchResult.create(Status.OK, List.of(file(pinned, e)));
      } else {
        results[i] =
            MatchResult.create(
                Status.NOT_FOUND,
                new HfFileNotFoundException(
                    "'"
                        + specs.get(i)
                        + "' does not exist at commit "
                        + key.revision()
                        + " of "
                        + key.repo()
                        + (e != null
                            ? " as a directory (it is a file: drop the trailing '/')"
                            : ""),
                    null));
      }
    }
  }

  private static MatchResult failure(String spec, HubException e) {
    java.io.IOException io = HubErrors.forRead(e);
    Status status = io instanceof HfFileNotFoundException ? Status.NOT_FOUND : Status.ERROR;
    if (status == Status.ERROR) {
      io = new HfFileSystemException("Cannot match '" + spec + "': " + e.getMessage(), e);
    }
    return MatchResult.create(status, io);
  }

  private static Metadata file(HfPath pinned, TreeEntry e) {
    SizeCache.put(pinned, e.size());
    Metadata.Builder b =
        Metadata.builder()
            .setResourceId(HfResourceId.of(pinned, false))
            .setSizeBytes(e.size())
            .setIsReadSeekEfficient(true)
            .setLastModifiedMillis(lastModified(e));
    if (e.etag() != null) {
      b.setChecksum(e.etag());
    }
    return b.build();
  }

  private static Metadata directory(HfPath pinned) {
    return Metadata.builder()
        .setResourceId(HfResourceId.of(pinned, true))
        .setSizeBytes(0)
        .setIsReadSeekEfficient(false)
        .setLastModifiedMillis(0)
        .build();
  }

  private static long lastModified(TreeEntry e) {
    if (e.lastCommit() == null || e.lastCommit().date() == null) {
      return 0;
    }
    try {
      return Instant.parse(e.lastCommit().date()).toEpochMilli();
    } catch (DateTimeParseException ex) {
      return 0;
    }
  }

  private static String trimSlash(String p) {
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  // ================================================================ read

  @Override
  protected ReadableByteChannel open(HfResourceId resourceId) throws IOException {
    if (resourceId.isDirectory()) {
      throw new HfFileNotFoundException(
          "Cannot open " + resourceId + ": it is a directory, open a file", null);
    }
    HfPath p = resourceId.hfPath();
    try {
      return new HfReadChannel(
          client()
              .openChannel(p.repo(), p.revisionOrDefault(), p.path(), SizeCache.get(p), readAhead),
          p,
          readAhead);
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  // ================================================================ write

  @Override
  protected WritableByteChannel create(HfResourceId resourceId, CreateOptions createOptions)
      throws IOException {
    if (resourceId.isDirectory()) {
      throw new IllegalArgumentException(
          "Cannot create " + resourceId + ": it is a directory, name a file");
    }
    String branch = writeBranch(resourceId);
    requireToken("create " + resourceId);
    return new HfWriteChannel(client(), resourceId, branch);
  }

  /** Destination of a commit. */
  private record Target(RepoRef repo, String branch) {}

  @Override
  protected void copy(List<HfResourceId> srcs, List<HfResourceId> dsts) throws IOException {
    transfer(srcs, dsts, false);
  }

  @Override
  protected void rename(
      List<HfResourceId> srcs, List<HfResourceId> dsts, MoveOptions... moveOptions)
      throws IOException {
    if (moveOptions != null && moveOptions.length > 0) {
      throw new UnsupportedOperationException(
          "The hf:// FileSystem does not support MoveOptions "
              + Arrays.toString(moveOptions)
              + " natively; Beam's FileSystems.rename falls back to matching first");
    }
    transfer(srcs, dsts, true);
  }

  private void transfer(List<HfResourceId> srcs, List<HfResourceId> dsts, boolean deleteSources)
      throws IOException {
    if (srcs.size() != dsts.size()) {
      throw new IllegalArgumentException(
          "Number of sources "
              + srcs.size()
              + " differs from number of destinations "
              + dsts.size());
    }
    if (srcs.isEmpty()) {
      return;
    }
    String verb = deleteSources ? "Rename" : "Copy";
    requireToken(
        verb.toLowerCase(java.util.Locale.ROOT) + " " + srcs.size() + " file(s) to " + dsts.get(0));
    for (int i = 0; i < srcs.size(); i++) {
      if (srcs.get(i).isDirectory() || dsts.get(i).isDirectory()) {
        throw new IllegalArgumentException(
            verb + " works on files, not directories: " + srcs.get(i) + " -> " + dsts.get(i));
      }
      writeBranch(dsts.get(i));
    }
    Map<RevKey, String> heads = new HashMap<>();
    Map<RevKey, Map<String, TreeEntry>> facts = sourceFacts(srcs);
    Map<Target, List<CommitOperation>> commits = new LinkedHashMap<>();
    List<Path> temps = new ArrayList<>();
    try {
      for (int i = 0; i < srcs.size(); i++) {
        HfPath src = srcs.get(i).hfPath();
        HfResourceId dst = dsts.get(i);
        TreeEntry e = facts.get(new RevKey(src.repo(), src.revisionOrDefault())).get(src.path());
        if (e == null || !e.isFile()) {
          throw new HfFileNotFoundException(
              "Cannot "
                  + verb.toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + srcs.get(i)
                  + " to "
                  + dst
                  + ": the source does not exist (nothing was committed)",
              null);
        }
        Target t = new Target(dst.hfPath().repo(), writeBranch(dst));
        commits.computeIfAbsent(t, k -> new ArrayList<>()).add(addOperation(src, e, dst, temps));
        if (deleteSources) {
          Target s = new Target(src.repo(), branchOf(srcs.get(i), heads));
          commits
              .computeIfAbsent(s, k -> new ArrayList<>())
              .add(new CommitOperation.Delete(src.path()));
        }
      }
      for (Map.Entry<Target, List<CommitOperation>> c : commits.entrySet()) {
        commit(
            c.getKey(),
            c.getValue(),
            verb + " " + srcs.size() + " file(s) with the hf:// Beam FileSystem");
      }
    } finally {
      for (Path t : temps) {
        Files.deleteIfExists(t);
      }
    }
  }

  /** Source facts (type, size, LFS oid): one paths-info call per source repo and revision. */
  private Map<RevKey, Map<String, TreeEntry>> sourceFacts(List<HfResourceId> srcs)
      throws IOException {
    Map<RevKey, List<String>> byRev = new LinkedHashMap<>();
    for (HfResourceId s : srcs) {
      HfPath p = s.hfPath();
      byRev
          .computeIfAbsent(new RevKey(p.repo(), p.revisionOrDefault()), k -> new ArrayList<>())
          .add(p.path());
    }
    Map<RevKey, Map<String, TreeEntry>> facts = new HashMap<>();
    for (Map.Entry<RevKey, List<String>> g : byRev.entrySet()) {
      Map<String, TreeEntry> m = new HashMap<>();
      try {
        for (TreeEntry e :
            client().pathsInfo(g.getKey().repo(), g.getKey().revision(), g.getValue())) {
          m.put(e.path(), e);
        }
      } catch (HubException e) {
        throw HubErrors.forRead(e);
      }
      facts.put(g.getKey(), m);
    }
    return facts;
  }

  private CommitOperation addOperation(HfPath src, TreeEntry e, HfResourceId dst, List<Path> temps)
      throws IOException {
    String dstPath = dst.repoPath();
    try {
      if (e.lfs() != null && src.repo().equals(dst.hfPath().repo())) {
        return new CommitOperation.AddLfs(dstPath, e.lfs().sha256(), e.lfs().size());
      }
      if (e.lfs() != null) { // another repo may not hold the LFS object: upload the content again
        Path tmp = Files.createTempFile("hfio-fs-copy-", ".bin");
        temps.add(tmp);
        try (InputStream in =
            client().openStream(src.repo(), src.revisionOrDefault(), src.path())) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return new CommitOperation.AddFile(dstPath, tmp);
      }
      return new CommitOperation.AddBytes(
          dstPath, client().readAllBytes(src.repo(), src.revisionOrDefault(), src.path()));
    } catch (HubException ex) {
      throw HubErrors.forRead(ex);
    }
  }

  @Override
  protected void delete(Collection<HfResourceId> resourceIds) throws IOException {
    if (resourceIds.isEmpty()) {
      return;
    }
    requireToken(
        "delete " + resourceIds.size() + " resource(s) such as " + resourceIds.iterator().next());
    Map<Target, List<CommitOperation>> commits = new LinkedHashMap<>();
    Map<RevKey, String> heads = new HashMap<>();
    for (HfResourceId id : resourceIds) {
      Target t = new Target(id.hfPath().repo(), branchOf(id, heads));
      if (id.repoPath().isEmpty()) {
        throw new IllegalArgumentException(
            "Refusing to delete the whole repository "
                + id
                + " through the FileSystem; delete its files or the repository itself");
      }
      commits
          .computeIfAbsent(t, k -> new ArrayList<>())
          .add(
              id.isDirectory()
                  ? new CommitOperation.DeleteFolder(id.repoPath())
                  : new CommitOperation.Delete(id.repoPath()));
    }
    for (Map.Entry<Target, List<CommitOperation>> c : commits.entrySet()) {
      commit(
          c.getKey(),
          c.getValue(),
          "Delete " + c.getValue().size() + " path(s) with the hf:// Beam FileSystem");
    }
  }

  private void commit(Target t, List<CommitOperation> ops, String summary) throws IOException {
    try {
      client().commit(t.repo()).branch(t.branch()).addAll(ops).message(summary).call();
    } catch (HubException e) {
      throw HubErrors.forWrite(e);
    }
  }

  private void requireToken(String what) throws HfTokenRequiredException {
    if (!config.hasToken()) {
      throw new HfTokenRequiredException(
          "Cannot "
              + what
              + ": writing to the Hub needs a token and none is "
              + "configured. "
              + HubErrors.TOKEN_HINT,
          null);
    }
  }

  /** The branch a write to {@code id} commits to; refuses commit shas. */
  private static String writeBranch(HfResourceId id) {
    String rev = id.hfPath().revisionOrDefault();
    if (rev.matches(SHA)) {
      throw new IllegalArgumentException(
          "Cannot write "
              + id
              + ": its revision is a commit sha (a read-only "
              + "snapshot, as returned by match). Write to a branch, e.g. "
              + HfResourceId.of(id.hfPath().withRevision(null), id.isDirectory()));
    }
    return rev;
  }

  /**
   * The branch a delete of {@code id} commits to. Ids pinned to a commit sha (Beam re-matches ids
   * before deleting with IGNORE_MISSING_FILES, and match pins them) go to the branch whose head is
   * that commit, preferring {@code main}: one refs call per repo and sha.
   */
  private String branchOf(HfResourceId id, Map<RevKey, String> heads) throws IOException {
    HfPath p = id.hfPath();
    String rev = p.revisionOrDefault();
    if (!rev.matches(SHA)) {
      return rev;
    }
    String branch = heads.get(new RevKey(p.repo(), rev));
    if (branch == null) {
      List<String> at = new ArrayList<>();
      try {
        for (dev.hfio.hub.GitRef b : client().listRefs(p.repo()).branches()) {
          if (rev.equals(b.targetCommit())) {
            at.add(b.name());
          }
        }
      } catch (HubException e) {
        throw HubErrors.forRead(e);
      }
      if (at.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot delete "
                + id
                + ": it is pinned to commit "
                + rev
                + ", which is no "
                + "longer the head of any branch of "
                + p.repo()
                + ". Name the branch instead, e.g. "
                + HfResourceId.of(p.withRevision(null), id.isDirectory()));
      }
      branch = at.contains("main") ? "main" : at.stream().sorted().findFirst().get();
      heads.put(new RevKey(p.repo(), rev), branch);
    }
    return branch;
  }

  // ================================================================ lineage

  @Override
  protected void reportLineage(
      HfResourceId resourceId, org.apache.beam.sdk.metrics.Lineage lineage) {
    reportLineage(resourceId, lineage, LineageLevel.FILE);
  }

  /**
   * Reports {@code hf:<type>s.<ns/name>[.<path>]}: the repository, plus the file at {@code FILE}
   * level.
   */
  @Override
  protected void reportLineage(
      HfResourceId resourceId, org.apache.beam.sdk.metrics.Lineage lineage, LineageLevel level) {
    HfPath p = resourceId.hfPath();
    List<String> segments = new ArrayList<>(List.of(p.repo().type().plural(), p.repo().id()));
    if (level == LineageLevel.FILE && !resourceId.repoPath().isEmpty()) {
      segments.add(resourceId.repoPath());
    }
    lineage.add(HfPath.SCHEME, segments);
  }

  // ================================================================ ids

  @Override
  protected HfResourceId matchNewResource(String singleResourceSpec, boolean isDirectory) {
    HfPath p = HfPath.parse(singleResourceSpec);
    if (!isDirectory && (p.path().isEmpty() || p.path().endsWith("/"))) {
      throw new IllegalArgumentException(
          "Expected a file path, but '"
              + singleResourceSpec
              + "' ends with '/' or names a repository root");
    }
    return HfResourceId.of(p, isDirectory);
  }
}
