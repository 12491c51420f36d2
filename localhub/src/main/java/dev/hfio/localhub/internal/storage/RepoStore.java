package dev.hfio.localhub.internal.storage;

import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.lfs.LfsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * All repos under {@code dataDir/repos/{models|datasets|spaces}/{ns}/{name}.git}, opened lazily and
 * kept open. Survives restarts: everything lives in the git dirs plus their {@code localhub.json}.
 */
public final class RepoStore implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path root;
  private final LfsStore lfs;
  private final Map<RepoKey, HubRepo> open = new ConcurrentHashMap<>();

  public RepoStore(Path root, LfsStore lfs) {
    this.root = root;
    this.lfs = lfs;
    clearStaleLocks(root);
  }

  private Path gitDir(RepoKey k) {
    return root.resolve(k.type().plural()).resolve(k.namespace()).resolve(k.name() + ".git");
  }

  /**
   * The repo, or null when it does not exist. Like the Hub, ids are case-insensitive: {@code
   * dev/FOO} finds {@code dev/foo}, and the returned repo's {@link HubRepo#key()} carries the
   * stored (canonical) spelling.
   */
  public HubRepo find(RepoKey k) {
    HubRepo r = open.get(k);
    if (r != null) {
      return r;
    }
    RepoKey c =
        canonical(
            k); // read-only directory lookups, outside the lock: misses must not serialise requests
    if (c == null) {
      return null;
    }
    synchronized (this) {
      r = open.get(c);
      if (r != null) {
        return r;
      }
      Path dir = gitDir(c);
      if (!Files.isRegularFile(dir.resolve("localhub.json"))) {
        return null; // deleted meanwhile
      }
      try {
        Repository git = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        r = new HubRepo(c, git, HubRepo.readMeta(dir), lfs);
        open.put(c, r);
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + c + " at " + dir, e);
      }
    }
  }

  /**
   * The stored key equal to {@code k} ignoring case (an exact match wins), or null when there is
   * none.
   */
  private RepoKey canonical(RepoKey k) {
    Path exact = gitDir(k);
    if (Files.isRegularFile(exact.resolve("localhub.json"))) {
      try { // a case-insensitive file system matches any spelling: report the stored one
        Path real = exact.toRealPath();
        String ns = real.getParent().getFileName().toString();
        String f = real.getFileName().toString();
        if (ns.equalsIgnoreCase(k.namespace()) && f.equalsIgnoreCase(k.name() + ".git")) {
          return new RepoKey(k.type(), ns, f.substring(0, f.length() - 4));
        }
      } catch (IOException e) {
        // fall back to the spelling asked for
      }
      return k;
    }
    Path typeDir = root.resolve(k.type().plural());
    if (!Files.isDirectory(typeDir)) {
      return null;
    }
    try (Stream<Path> nss = Files.list(typeDir)) {
      for (Path ns : nss.sorted().toList()) {
        if (!ns.getFileName().toString().equalsIgnoreCase(k.namespace())
            || !Files.isDirectory(ns)) {
          continue;
        }
        try (Stream<Path> names = Files.list(ns)) {
          for (Path n : names.sorted().toList()) {
            String f = n.getFileName().toString();
            if (f.equalsIgnoreCase(k.name() + ".git")
                && Files.isRegularFile(n.resolve("localhub.json"))) {
              return new RepoKey(
                  k.type(), ns.getFileName().toString(), f.substring(0, f.length() - 4));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up " + k, e);
    }
    return null;
  }

  /** Creates the repo with an initial commit holding {@code .gitattributes}; 409 if it exists. */
  public HubRepo create(RepoKey k, String owner, boolean isPrivate, String conflictUrl) {
    return create(k, owner, isPrivate, conflictUrl, null);
  }

  /**
   * Like {@link #create(RepoKey, String, boolean, String)}; a non-null {@code readme} joins the
   * initial commit.
   */
  public synchronized HubRepo create(
      RepoKey k, String owner, boolean isPrivate, String conflictUrl, byte[] readme) {
    HubRepo existing = find(k);
    if (existing != null) {
      throw new HubError(
              409,
              "RepoExists",
              "You already created this " + k.type().singular() + " repo: " + existing.key().id())
          .with("url", conflictUrl);
    }
    Path dir = gitDir(k);
    try {
      if (Files.exists(dir)) {
        deleteTree(dir); // leftover of an interrupted creation (no localhub.json)
      }
      Files.createDirectories(dir.getParent());
      Repository git = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
      git.create(true);
      RefUpdate head = git.updateRef("HEAD");
      head.link(HubRepo.MAIN);
      RepoMeta meta = new RepoMeta();
      byte[] id = new byte[12];
      RANDOM.nextBytes(id);
      meta.objectId = HexFormat.of().formatHex(id);
      meta.owner = owner;
      meta.isPrivate = isPrivate;
      meta.createdAt = Instant.now().toString();
      HubRepo repo = new HubRepo(k, git, meta, lfs);
      ObjectId blob =
          repo.writeBlob(GitAttributes.initialContent(k.type()).getBytes(StandardCharsets.UTF_8));
      ObjectId tree;
      try (var ins = git.newObjectInserter()) {
        var tf = new org.eclipse.jgit.lib.TreeFormatter();
        tf.append(".gitattributes", org.eclipse.jgit.lib.FileMode.REGULAR_FILE, blob);
        if (readme != null) {
          tf.append(
              "README.md", org.eclipse.jgit.lib.FileMode.REGULAR_FILE, repo.writeBlob(readme));
        }
        tree = ins.insert(tf);
        ins.flush();
      }
      ObjectId commit = repo.writeCommit(tree, "initial commit", "system");
      if (!repo.casRef(HubRepo.MAIN, null, commit, "initial commit")) {
        throw new IOException("could not create main branch");
      }
      repo.saveMeta(); // written last: its presence marks a complete repo
      open.put(k, repo);
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + k + " at " + dir, e);
    }
  }

  /** Every complete repo of a type, sorted by id. */
  public List<RepoKey> list(RepoType type) {
    Path dir = root.resolve(type.plural());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<RepoKey> out = new java.util.ArrayList<>();
    try (Stream<Path> nss = Files.list(dir)) {
      for (Path ns : nss.sorted().toList()) {
        try (Stream<Path> names = Files.list(ns)) {
          for (Path n : names.sorted().toList()) {
            String f = n.getFileName().toString();
            if (f.endsWith(".git") && Files.isRegularFile(n.resolve("localhub.json"))) {
              out.add(
                  new RepoKey(type, ns.getFileName().toString(), f.substring(0, f.length() - 4)));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }

  public synchronized void delete(RepoKey k) {
    HubRepo r = find(k);
    if (r == null) {
      throw HubError.repoNotFound(k.id());
    }
    open.remove(r.key());
    r.close();
    try {
      Path dir = gitDir(r.key());
      Files.delete(dir.resolve("localhub.json"));
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + k, e);
    }
  }

  /**
   * Renames repo {@code from} to {@code to} (another name and/or namespace of the same type): the
   * git dir moves as a whole, so its refs, discussions and LFS visibility set go with it, and the
   * old id is then unknown (404). A target that exists in any letter case is 409 {@code
   * RepoExists}; a missing source 404. The move is one directory rename (atomic on one file system)
   * under the store's lock; requests already holding the old repo finish on it or fail.
   */
  public synchronized RepoKey move(RepoKey from, RepoKey to, String conflictUrl) {
    HubRepo r = find(from);
    if (r == null) {
      throw HubError.repoNotFound(from.id());
    }
    HubRepo existing = find(to);
    if (existing != null) {
      throw new HubError(
              409,
              "RepoExists",
              "Cannot move "
                  + r.key().id()
                  + " to "
                  + to.id()
                  + ": a "
                  + to.type().singular()
                  + " repo "
                  + existing.key().id()
                  + " already exists")
          .with("url", conflictUrl);
    }
    Path src = gitDir(r.key());
    Path dst = gitDir(to);
    open.remove(r.key());
    r.close();
    try {
      if (Files.exists(dst)) {
        deleteTree(dst); // leftover of an interrupted creation (no localhub.json)
      }
      Files.createDirectories(dst.getParent());
      Files.move(src, dst, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + r.key() + " to " + to, e);
    }
    return to;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes the JGit lock files ({@code refs/**.lock}, {@code packed-refs.lock}, {@code HEAD.lock},
   * ...) that a process killed inside a ref update leaves behind; they would block that ref
   * forever. Runs when the store is created, before this process opens any repo, so every lock
   * found is stale (one data dir, one server).
   */
  private static void clearStaleLocks(Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> repos = Files.walk(root, 3)) { // root/{type}/{ns}/{name}.git
      for (Path dir :
          repos
              .filter(p -> p.getFileName().toString().endsWith(".git") && Files.isDirectory(p))
              .toList()) {
        for (String f : List.of("packed-refs.lock", "HEAD.lock", "config.lock", "index.lock")) {
          Files.deleteIfExists(dir.resolve(f));
        }
        if (Files.isDirectory(dir.resolve("refs"))) {
          try (Stream<Path> s = Files.walk(dir.resolve("refs"))) {
            for (Path p :
                s.filter(
                        p -> p.getFileName().toString().endsWith(".lock") && Files.isRegularFile(p))
                    .toList()) {
              Files.deleteIfExists(p);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear stale git lock files under " + root, e);
    }
  }

  @Override
  public synchronized void close() {
    open.values().forEach(HubRepo::close);
    open.clear();
  }
}
