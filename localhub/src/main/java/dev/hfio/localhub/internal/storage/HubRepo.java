package dev.hfio.localhub.internal.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.lfs.LfsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * One Hub repo backed by a bare JGit repository. All ref changes are compare-and-set {@link
 * RefUpdate}s with the expected old id, so concurrent writers serialise on git itself; new trees
 * are built in memory first and the ref is moved only when everything was validated.
 */
public final class HubRepo implements AutoCloseable {
  public static final String MAIN = "refs/heads/main";
  private static final Pattern SHA40 = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SHORT_SHA = Pattern.compile("[0-9a-fA-F]{5,39}");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RepoKey key;
  private final Repository git;
  private final Path metaFile;
  private final LfsStore lfs;
  private RepoMeta meta;
  private final Map<ObjectId, LfsPointer> pointerCache = new ConcurrentHashMap<>();
  private static final LfsPointer NOT_A_POINTER = new LfsPointer("", -1, 0);
  private volatile LfsVisibility visibility;

  HubRepo(RepoKey key, Repository git, RepoMeta meta, LfsStore lfs) {
    this.key = key;
    this.git = git;
    this.metaFile = git.getDirectory().toPath().resolve("localhub.json");
    this.meta = meta;
    this.lfs = lfs;
  }

  public RepoKey key() {
    return key;
  }

  public Repository git() {
    return git;
  }

  public synchronized RepoMeta meta() {
    return meta;
  }

  static RepoMeta readMeta(Path gitDir) throws IOException {
    return JSON.readValue(gitDir.resolve("localhub.json").toFile(), RepoMeta.class);
  }

  /** Persists metadata atomically (write temp, then rename). */
  public synchronized void saveMeta() {
    try {
      Path t = metaFile.resolveSibling("localhub.json.tmp");
      JSON.writeValue(t.toFile(), meta);
      Files.move(t, metaFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metadata of " + key, e);
    }
  }

  // ---------------------------------------------------------------- revisions

  /**
   * Resolves branch, tag, special ref, HEAD, ~parquet, full or short sha; 404 RevisionNotFound
   * otherwise. Only names that {@link RefNames} allows ever reach the ref database, and a ref whose
   * target is not a commit of this repo is "not found", never an internal error.
   */
  public Resolved resolve(String rev) {
    String r = rev == null || rev.isEmpty() || rev.equals("HEAD") ? "main" : rev;
    try {
      for (String name : RefNames.candidates(r)) {
        Ref ref = git.exactRef(name);
        if (ref != null && ref.getObjectId() != null) {
          ObjectId commit = commitOrNull(ref.getObjectId());
          if (commit != null) {
            return new Resolved(rev, name, commit);
          }
        }
      }
      ObjectId id = null;
      if (SHA40.matcher(r).matches()) {
        id = ObjectId.fromString(r);
      } else if (SHORT_SHA.matcher(r).matches()) {
        try (ObjectReader reader = git.newObjectReader()) {
          Collection<ObjectId> c = reader.resolve(AbbreviatedObjectId.fromString(r.toLowerCase()));
          if (c.size() == 1) {
            id = c.iterator().next();
          }
        }
      }
      if (id != null) {
        ObjectId commit = commitOrNull(id);
        if (commit != null) {
          return new Resolved(rev, null, commit);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve a revision of " + key, e);
    }
    throw HubError.revisionNotFound(key.id(), RefNames.shown(rev));
  }

  /** The commit an id peels to, or null when the object is missing or not a commit. */
  private ObjectId commitOrNull(ObjectId id) throws IOException {
    if (!git.getObjectDatabase().has(id)) {
      return null;
    }
    try (RevWalk rw = new RevWalk(git)) {
      RevObject o = rw.peel(rw.parseAny(id));
      return o.getType() == Constants.OBJ_COMMIT ? o.copy() : null;
    }
  }

  private ObjectId peel(ObjectId id) throws IOException {
    try (RevWalk rw = new RevWalk(git)) {
      return rw.parseCommit(id).copy();
    }
  }

  /**
   * Target of an allowed ref ({@link RefNames#isAllowedFullRef}), or null when absent or not an
   * allowed name.
   */
  public ObjectId refTarget(String refName) {
    if (!RefNames.isAllowedFullRef(refName)) {
      return null;
    }
    try {
      Ref ref = git.exactRef(refName);
      return ref == null ? null : ref.getObjectId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All refs with the given prefix (e.g. {@code refs/heads/}), name to peeled commit. */
  public Map<String, ObjectId> refs(String prefix) {
    Map<String, ObjectId> out = new java.util.TreeMap<>();
    try {
      for (Ref ref : git.getRefDatabase().getRefsByPrefix(prefix)) {
        out.put(ref.getName(), peel(ref.getObjectId()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public RevCommit commit(ObjectId id) {
    try (RevWalk rw = new RevWalk(git)) {
      RevCommit c = rw.parseCommit(id);
      rw.parseBody(c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- LFS visibility

  private LfsVisibility visibility() {
    LfsVisibility v = visibility;
    if (v == null) {
      synchronized (this) {
        v = visibility;
        if (v == null) {
          v = LfsVisibility.open(git);
          visibility = v;
        }
      }
    }
    return v;
  }

  /**
   * True when this repo may use LFS object {@code oid}: uploaded through its batch API or
   * referenced by its commits.
   */
  public boolean lfsVisible(String oid) {
    return visibility().contains(oid);
  }

  /**
   * Records (durably, before returning) that this repo may use {@code oid}; call only after
   * verifying its bytes.
   */
  public void markLfsVisible(String oid) {
    visibility().add(oid);
  }

  /** The oids this repo may use (for the garbage collector). */
  public java.util.Set<String> lfsVisibleSnapshot() {
    return visibility().snapshot();
  }

  // ---------------------------------------------------------------- reading

  /**
   * LFS pointer parsed from a blob, or null if the blob is a regular file. A pointer to an oid this
   * repo may not use (e.g. a regular file whose text names another repo's object) is a regular
   * file. The parse is cached per blob id; visibility is checked on every call because it can grow.
   */
  public LfsPointer pointerOf(ObjectReader reader, ObjectId blob) throws IOException {
    LfsPointer p = pointerCache.get(blob);
    if (p == null) {
      long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
      p =
          size > 512
              ? null
              : LfsPointer.parse(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes());
      pointerCache.put(blob.copy(), p == null ? NOT_A_POINTER : p);
    }
    return p == null || p == NOT_A_POINTER || !lfsVisible(p.oid()) ? null : p;
  }

  private TreeEntry entry(ObjectReader reader, String path, ObjectId id, FileMode mode)
      throws IOException {
    if (mode == FileMode.TREE) {
      return new TreeEntry(true, path, id.name(), 0, null);
    }
    LfsPointer p = pointerOf(reader, id);
    long size = p != null ? p.size() : reader.getObjectSize(id, Constants.OBJ_BLOB);
    return new TreeEntry(false, path, id.name(), size, p);
  }

  /**
   * Finds one path (file or directory) in a commit; null if absent. Empty path is the root
   * directory.
   */
  public TreeEntry find(ObjectId commit, String path) {
    try (ObjectReader reader = git.newObjectReader();
        RevWalk rw = new RevWalk(reader)) {
      RevTree tree = rw.parseCommit(commit).getTree();
      if (path.isEmpty()) {
        return new TreeEntry(true, "", tree.name(), 0, null);
      }
      if (RepoPaths.problem(path) != null) {
        return null;
      }
      try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
        return tw == null ? null : entry(reader, path, tw.getObjectId(0), tw.getFileMode(0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Lists a directory: direct children, or every descendant (directories included, pre-order) when
   * recursive. 404 EntryNotFound when the path is missing or is a file.
   */
  public List<TreeEntry> list(Resolved rev, String path, boolean recursive) {
    TreeEntry dir = find(rev.commit(), path);
    if (dir == null || !dir.directory()) {
      throw HubError.entryNotFound(key.id(), rev.revision(), path);
    }
    List<TreeEntry> out = new ArrayList<>();
    String prefix = path.isEmpty() ? "" : path + "/";
    try (ObjectReader reader = git.newObjectReader();
        TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(ObjectId.fromString(dir.oid()));
      tw.setRecursive(false);
      while (tw.next()) {
        FileMode mode = tw.getFileMode(0);
        out.add(entry(reader, prefix + tw.getPathString(), tw.getObjectId(0), mode));
        if (recursive && tw.isSubtree()) {
          tw.enterSubtree();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Last commit (from {@code head} backwards) that changed {@code path}. */
  public RevCommit lastCommit(ObjectId head, String path) {
    try (RevWalk rw = new RevWalk(git)) {
      rw.markStart(rw.parseCommit(head));
      if (!path.isEmpty()) {
        rw.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
      }
      RevCommit c = rw.next();
      if (c == null) {
        c = rw.parseCommit(head);
      }
      rw.parseBody(c);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits reachable from {@code head}, newest first. */
  public List<RevCommit> history(ObjectId head) {
    List<RevCommit> out = new ArrayList<>();
    try (RevWalk rw = new RevWalk(git)) {
      rw.markStart(rw.parseCommit(head));
      for (RevCommit c : rw) {
        rw.parseBody(c);
        out.add(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Raw bytes of a blob (small files; regular files are loaded into memory). */
  public byte[] blobBytes(String oid) {
    try (ObjectReader reader = git.newObjectReader()) {
      return reader
          .open(ObjectId.fromString(oid), Constants.OBJ_BLOB)
          .getCachedBytes(Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- writing

  private static PersonIdent ident(String user) {
    return new PersonIdent(user, user + "@localhub.invalid");
  }

  /**
   * Moves a ref from {@code expected} (null = must not exist) to {@code target}; false when someone
   * else won.
   */
  public boolean casRef(String refName, ObjectId expected, ObjectId target, String why) {
    requireAllowed(refName);
    try {
      RefUpdate u = git.updateRef(refName);
      u.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
      u.setNewObjectId(target);
      u.setForceUpdate(true);
      u.setRefLogMessage(why, false);
      RefUpdate.Result r = u.update();
      switch (r) {
        case NEW:
        case FORCED:
        case FAST_FORWARD:
        case NO_CHANGE:
          return true;
        case LOCK_FAILURE:
        case REJECTED:
        case REJECTED_CURRENT_BRANCH:
        case REJECTED_MISSING_OBJECT:
        case REJECTED_OTHER_REASON:
          return false;
        default:
          throw new IOException(
              "unexpected ref update result " + r + " for " + refName + " in " + key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean deleteRef(String refName) {
    requireAllowed(refName);
    try {
      RefUpdate u = git.updateRef(refName);
      u.setForceUpdate(true);
      RefUpdate.Result r = u.delete();
      return r == RefUpdate.Result.FORCED
          || r == RefUpdate.Result.NO_CHANGE
          || r == RefUpdate.Result.FAST_FORWARD;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireAllowed(String refName) {
    if (!RefNames.isAllowedFullRef(refName)) {
      throw HubError.badRequest(
          "InvalidRefName",
          "Invalid reference name " + RefNames.shown(refName) + " in " + key.id());
    }
  }

  /** Writes a commit object with the given tree and parents. */
  public ObjectId writeCommit(ObjectId tree, String message, String author, ObjectId... parents) {
    try (ObjectInserter ins = git.newObjectInserter()) {
      CommitBuilder cb = new CommitBuilder();
      cb.setTreeId(tree);
      cb.setParentIds(parents);
      cb.setAuthor(ident(author));
      cb.setCommitter(ident(author));
      cb.setMessage(message);
      ObjectId id = ins.insert(cb);
      ins.flush();
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ObjectId writeBlob(byte[] content) {
    try (ObjectInserter ins = git.newObjectInserter()) {
      ObjectId id = ins.insert(Constants.OBJ_BLOB, content);
      ins.flush();
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes many blobs with one inserter; large batches go into a single pack instead of loose
   * objects.
   */
  private void writeBlobs(Map<String, byte[]> contents, Map<String, ObjectId> ids) {
    if (contents.isEmpty()) {
      return;
    }
    try (ObjectInserter ins =
        contents.size() > 32
                && git.getObjectDatabase()
                    instanceof org.eclipse.jgit.internal.storage.file.ObjectDirectory od
            ? od.newPackInserter()
            : git.newObjectInserter()) {
      for (Map.Entry<String, byte[]> e : contents.entrySet()) {
        ids.put(e.getKey(), ins.insert(Constants.OBJ_BLOB, e.getValue()));
      }
      ins.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ObjectId emptyTree() {
    try (ObjectInserter ins = git.newObjectInserter()) {
      ObjectId id = ins.insert(new org.eclipse.jgit.lib.TreeFormatter());
      ins.flush();
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies operations on top of {@code ref}. Blobs are written first; then, in a loop, a new tree
   * is built in memory on the current head and the ref is compare-and-set. Without {@code
   * parentCommit} a lost race is retried on the new head; with it, a moved head is a 412.
   */
  public ObjectId applyCommit(String refName, ObjectId baseForNewRef, CommitRequest req) {
    // 1. validate everything that does not depend on the head, and write blobs
    Map<String, ObjectId> blobs = new java.util.HashMap<>();
    Map<String, byte[]> pending = new java.util.LinkedHashMap<>();
    checkOpsTogether(key.id(), req.ops());
    for (CommitOp op : req.ops()) {
      if (op.kind() == CommitOp.Kind.FILE) {
        blobs.put(op.path(), op.blob()); // written by the parser's BlobSink
      } else if (op.kind() == CommitOp.Kind.LFS_FILE) {
        long have = lfsVisible(op.lfsOid()) ? lfs.size(op.lfsOid()) : -1;
        if (have < 0) {
          throw HubError.badRequest(
              "LfsObjectNotFound",
              "lfsFile "
                  + op.path()
                  + " refers to LFS object "
                  + op.lfsOid()
                  + " which was never uploaded to "
                  + key.id()
                  + "; upload it via the LFS batch API first");
        }
        if (op.lfsSize() >= 0 && op.lfsSize() != have) {
          throw HubError.badRequest(
              "LfsSizeMismatch",
              "lfsFile "
                  + op.path()
                  + " declares size "
                  + op.lfsSize()
                  + " but stored LFS object "
                  + op.lfsOid()
                  + " has "
                  + have
                  + " bytes");
        }
        pending.put(op.path(), LfsPointer.render(op.lfsOid(), have));
      }
    }
    writeBlobs(pending, blobs);
    ObjectId expectedParent = req.parentCommit() == null ? null : resolveParent(req.parentCommit());
    for (int attempt = 0; attempt < 200; attempt++) {
      ObjectId head = baseForNewRef != null ? null : refTarget(refName);
      if (baseForNewRef == null && head == null) {
        throw HubError.revisionNotFound(key.id(), refName);
      }
      if (expectedParent != null && baseForNewRef == null && !expectedParent.equals(head)) {
        throw stale();
      }
      ObjectId parent = baseForNewRef != null ? baseForNewRef : head;
      ObjectId tree = buildTree(parent, req.ops(), blobs);
      ObjectId commit = writeCommit(tree, req.fullMessage(), req.author(), parent);
      if (casRef(refName, head, commit, "commit: " + req.summary())) {
        return commit;
      }
      if (expectedParent != null || baseForNewRef != null) {
        throw stale();
      }
      Thread.onSpinWait();
    }
    throw new HubError(
        409,
        "ConcurrentUpdate",
        "Too many concurrent commits to " + refName + " of " + key.id() + "; retry the commit");
  }

  private HubError stale() {
    return new HubError(
        412,
        "PreconditionFailed",
        "The branch was updated since you opened this page. Please refresh and try again.");
  }

  private ObjectId resolveParent(String parent) {
    try {
      return resolve(parent).commit();
    } catch (HubError e) {
      throw new HubError(
          412,
          "PreconditionFailed",
          "parentCommit "
              + parent
              + " is not a commit of "
              + key.id()
              + ". The branch was updated since you opened this page. Please refresh and try again.");
    }
  }

  /**
   * Opens a sink that stores the regular files of one commit payload as blobs while it is parsed.
   */
  public BlobSink blobSink() {
    return new BlobSink(git);
  }

  /**
   * Rejects, before anything depends on the head, operations of one commit that contradict each
   * other: two writes of the same path, a file written both as {@code x} and inside {@code x/}, and
   * a path written then deleted (the write would be lost silently). Deleting then writing a path is
   * allowed (applied in order, as git would).
   */
  public static void checkOpsTogether(String repoId, List<CommitOp> ops) {
    java.util.TreeMap<String, Integer> written = new java.util.TreeMap<>();
    for (int i = 0; i < ops.size(); i++) {
      CommitOp op = ops.get(i);
      String p = op.path();
      int n = i + 1;
      if (op.adds()) {
        Integer other = written.get(p);
        if (other != null) {
          throw payloadConflict(
              repoId,
              "operations #"
                  + other
                  + " and #"
                  + n
                  + " both write '"
                  + p
                  + "'; each path may be written once per commit");
        }
        for (int slash = p.indexOf('/'); slash > 0; slash = p.indexOf('/', slash + 1)) {
          other = written.get(p.substring(0, slash));
          if (other != null) {
            throw payloadConflict(
                repoId,
                "operation #"
                    + other
                    + " writes the file '"
                    + p.substring(0, slash)
                    + "' and operation #"
                    + n
                    + " writes '"
                    + p
                    + "' inside it; a path cannot be both a file and a folder");
          }
        }
        String inside = firstUnder(written, p);
        if (inside != null) {
          throw payloadConflict(
              repoId,
              "operation #"
                  + written.get(inside)
                  + " writes '"
                  + inside
                  + "' and operation #"
                  + n
                  + " writes the file '"
                  + p
                  + "'; a path cannot be both a folder and a file");
        }
        written.put(p, n);
      } else {
        String hit =
            written.containsKey(p)
                ? p
                : op.kind() == CommitOp.Kind.DELETE_FOLDER ? firstUnder(written, p) : null;
        if (hit != null) {
          throw payloadConflict(
              repoId,
              "operation #"
                  + written.get(hit)
                  + " writes '"
                  + hit
                  + "' and operation #"
                  + n
                  + " deletes "
                  + (hit.equals(p) ? "it" : "its folder '" + p + "'")
                  + " in the same commit, which would lose the write; drop one of them");
        }
      }
    }
  }

  private static HubError payloadConflict(String repoId, String what) {
    return HubError.badRequest(
        "InvalidCommitPayload",
        "Conflicting operations in a commit to "
            + repoId
            + ": "
            + what
            + ". Nothing was committed.");
  }

  /** Some key of {@code m} strictly inside folder {@code dir}, or null. */
  private static String firstUnder(java.util.NavigableMap<String, ?> m, String dir) {
    String k = m.ceilingKey(dir + "/");
    return k != null && k.startsWith(dir + "/") ? k : null;
  }

  /** One file of a tree being rebuilt: mode and blob. */
  private record TreeFile(FileMode mode, ObjectId id) {}

  /**
   * Applies the operations in order to the flattened tree of {@code parent}, refusing any that
   * would silently drop existing data: a file written where a folder exists, or below a path that
   * is a file.
   */
  private ObjectId buildTree(ObjectId parent, List<CommitOp> ops, Map<String, ObjectId> blobs) {
    try (ObjectReader reader = git.newObjectReader();
        RevWalk rw = new RevWalk(reader);
        ObjectInserter ins = git.newObjectInserter()) {
      java.util.TreeMap<String, TreeFile> files = new java.util.TreeMap<>();
      if (parent != null) {
        try (TreeWalk tw = new TreeWalk(reader)) {
          tw.addTree(rw.parseCommit(parent).getTree());
          tw.setRecursive(true);
          while (tw.next()) {
            files.put(tw.getPathString(), new TreeFile(tw.getFileMode(0), tw.getObjectId(0)));
          }
        }
      }
      for (CommitOp op : ops) {
        String p = op.path();
        switch (op.kind()) {
          case FILE, LFS_FILE -> {
            for (int slash = p.indexOf('/'); slash > 0; slash = p.indexOf('/', slash + 1)) {
              String up = p.substring(0, slash);
              if (files.containsKey(up)) {
                throw new HubError(
                    409,
                    "PathConflict",
                    "Cannot write '"
                        + p
                        + "' in "
                        + key.id()
                        + ": '"
                        + up
                        + "' is a file there. Delete '"
                        + up
                        + "' in the same commit (deletedFile before the write) or"
                        + " choose another path. Nothing was committed.");
              }
            }
            String inside = firstUnder(files, p);
            if (inside != null) {
              throw new HubError(
                  409,
                  "PathConflict",
                  "Cannot write the file '"
                      + p
                      + "' in "
                      + key.id()
                      + ": '"
                      + p
                      + "' is a folder there (it holds '"
                      + inside
                      + "'). Delete the folder in the same commit"
                      + " (deletedFolder before the write) or choose another path. Nothing was committed.");
            }
            files.put(p, new TreeFile(FileMode.REGULAR_FILE, blobs.get(p)));
          }
          case DELETE_FILE -> {
            if (files.remove(p) == null) {
              String inside = firstUnder(files, p);
              throw new HubError(
                  404,
                  "EntryNotFound",
                  "A file with this name doesn't exist: "
                      + p
                      + " in "
                      + key.id()
                      + (inside != null ? " ('" + p + "' is a folder: use deletedFolder)" : "")
                      + "; nothing was committed");
            }
          }
          case DELETE_FOLDER -> {
            java.util.SortedMap<String, TreeFile> under = files.subMap(p + "/", p + "0");
            if (under.isEmpty()) {
              throw new HubError(
                  404,
                  "EntryNotFound",
                  "A folder with this name doesn't exist: "
                      + p
                      + " in "
                      + key.id()
                      + (files.containsKey(p) ? " ('" + p + "' is a file: use deletedFile)" : "")
                      + "; nothing was committed");
            }
            under.clear();
          }
          default -> throw new IllegalStateException();
        }
      }
      DirectoryLimit.check(key.id(), files, () -> flatten(parent));
      DirCache dc = DirCache.newInCore();
      DirCacheBuilder b = dc.builder();
      for (Map.Entry<String, TreeFile> e : files.entrySet()) {
        DirCacheEntry ent = new DirCacheEntry(e.getKey());
        ent.setFileMode(e.getValue().mode());
        ent.setObjectId(e.getValue().id());
        b.add(ent);
      }
      b.finish();
      ObjectId tree = dc.writeTree(ins);
      ins.flush();
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every file path of a commit's tree (empty for none), for the directory limit's before/after
   * comparison.
   */
  private java.util.NavigableMap<String, Boolean> flatten(ObjectId commit) {
    java.util.TreeMap<String, Boolean> out = new java.util.TreeMap<>();
    if (commit == null) {
      return out;
    }
    try (ObjectReader reader = git.newObjectReader();
        RevWalk rw = new RevWalk(reader);
        TreeWalk tw = new TreeWalk(reader)) {
      tw.addTree(rw.parseCommit(commit).getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        out.put(tw.getPathString(), Boolean.TRUE);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites branch {@code refName} into ONE parentless commit with the same tree as its head (the
   * Hub's super-squash), compare-and-set against the head it read: a commit landing meanwhile makes
   * it a 412 and changes nothing. Tags, other branches and pull request refs keep their commits.
   */
  public ObjectId superSquash(String refName, String message, String user) {
    ObjectId head = refTarget(refName);
    if (head == null) {
      throw HubError.revisionNotFound(key.id(), refName);
    }
    ObjectId tree;
    try (RevWalk rw = new RevWalk(git)) {
      tree = rw.parseCommit(head).getTree().getId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectId squashed = writeCommit(tree, message, user);
    if (!casRef(refName, head, squashed, "super-squash")) {
      throw stale();
    }
    return squashed;
  }

  /**
   * Applies {@code change} to the metadata (discussions) under this repo's lock and persists it
   * crash-safely; the change may throw a {@link HubError} before touching anything to refuse.
   */
  public synchronized <T> T changeMeta(java.util.function.Function<RepoMeta, T> change) {
    T result = change.apply(meta);
    saveMeta();
    return result;
  }

  /** Creates an annotated (with message) or lightweight tag; 409 if it exists. */
  public void createTag(String tag, ObjectId commit, String message, String user) {
    ObjectId target = commit;
    if (message != null && !message.isEmpty()) {
      try (ObjectInserter ins = git.newObjectInserter()) {
        TagBuilder tb = new TagBuilder();
        tb.setTag(tag);
        tb.setObjectId(commit, Constants.OBJ_COMMIT);
        tb.setTagger(ident(user));
        tb.setMessage(message);
        target = ins.insert(tb);
        ins.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!casRef("refs/tags/" + tag, null, target, "tag")) {
      throw new HubError(409, "Conflict", "Tag " + tag + " already exists in " + key.id());
    }
  }

  /**
   * Squash-merges {@code prRef} into {@code targetRef}: writes ONE new commit whose tree is the PR
   * head's tree and whose single parent is the current target head, then moves the target with a
   * compare-and-set. The PR must be based on the current target head (the target head is an
   * ancestor of the PR head); otherwise the target moved since the PR was opened and the merge is
   * refused with 409 {@code MergeConflict}, changing nothing.
   */
  public ObjectId merge(String prRef, String targetRef, String message, String user) {
    ObjectId target = refTarget(targetRef);
    ObjectId pr = refTarget(prRef);
    if (target == null || pr == null) {
      throw HubError.revisionNotFound(key.id(), target == null ? targetRef : prRef);
    }
    ObjectId tree;
    try (RevWalk rw = new RevWalk(git)) {
      RevCommit t = rw.parseCommit(target);
      RevCommit p = rw.parseCommit(pr);
      if (!rw.isMergedInto(t, p)) {
        throw staleBase(prRef, targetRef, target);
      }
      tree = p.getTree().getId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectId result = writeCommit(tree, message, user, target);
    if (!casRef(targetRef, target, result, "squash-merge " + prRef)) {
      throw staleBase(prRef, targetRef, refTarget(targetRef));
    }
    return result;
  }

  private HubError staleBase(String prRef, String targetRef, ObjectId targetHead) {
    return new HubError(
        409,
        "MergeConflict",
        "Pull request "
            + prRef
            + " of "
            + key.id()
            + " is not based on the"
            + " current head of "
            + targetRef
            + " ("
            + (targetHead == null ? "missing" : targetHead.name())
            + "): the branch moved since the pull request was opened. Nothing was merged; open a new pull request"
            + " from the current head and merge that.");
  }

  /** Creates a new discussion or pull request record (PR refs are created by the caller). */
  public synchronized RepoMeta.Discussion newDiscussion(
      String title, String description, boolean pr, String user, String target) {
    meta.checkRoom(key.id(), null, 1, description == null ? 0 : description.length());
    RepoMeta.Discussion d = new RepoMeta.Discussion();
    d.num = meta.nextDiscussion++;
    d.title = title == null || title.isBlank() ? "Untitled" : title;
    d.description = description == null ? "" : description;
    d.isPullRequest = pr;
    d.author = user;
    d.createdAt = Instant.now().toString();
    d.targetBranch = target;
    RepoMeta.Event first = RepoMeta.Event.of("comment", user);
    first.createdAt = d.createdAt;
    first.content = d.description;
    d.events.add(first);
    meta.discussions.add(d);
    saveMeta();
    return d;
  }

  public synchronized RepoMeta.Discussion discussion(int num) {
    for (RepoMeta.Discussion d : meta.discussions) {
      if (d.num == num) {
        return d;
      }
    }
    return null;
  }

  @Override
  public void close() {
    git.close();
  }
}
