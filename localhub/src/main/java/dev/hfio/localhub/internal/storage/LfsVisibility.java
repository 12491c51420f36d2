package dev.hfio.localhub.internal.storage;

import dev.hfio.localhub.internal.lfs.LfsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;

/**
 * The LFS objects one repo may use (download, skip on upload, reference in a commit, serve through
 * /resolve): those uploaded through its own batch API with verified bytes, or referenced by its
 * commits. Without this, knowing a sha256 would be enough to read any repo's LFS file. Persisted as
 * one empty marker file per oid under {@code <repo>.git/lfs-visible/ab/<oid>}, written (and synced)
 * before the oid is used, so it survives kill -9 and disappears with the repo's git dir. A repo
 * opened without the directory (data dirs older than this rule) gets it rebuilt from every LFS
 * pointer reachable from any of its refs.
 */
final class LfsVisibility {
  static final String DIR = "lfs-visible";
  private final Path dir;
  private final Set<String> oids = ConcurrentHashMap.newKeySet();

  private LfsVisibility(Path dir) {
    this.dir = dir;
  }

  /**
   * Loads the set of {@code git}'s repo, rebuilding it first when the marker directory does not
   * exist yet.
   */
  static LfsVisibility open(Repository git) {
    Path gitDir = git.getDirectory().toPath();
    Path dir = gitDir.resolve(DIR);
    try {
      if (!Files.isDirectory(dir)) {
        rebuild(git, gitDir, dir);
      }
      LfsVisibility v = new LfsVisibility(dir);
      try (Stream<Path> s = Files.walk(dir, 2)) {
        s.filter(Files::isRegularFile)
            .map(p -> p.getFileName().toString())
            .filter(LfsStore::isOid)
            .forEach(v.oids::add);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the LFS visibility set of " + gitDir, e);
    }
  }

  /**
   * Markers for every pointer blob reachable from any ref, built aside and renamed into place
   * atomically.
   */
  private static void rebuild(Repository git, Path gitDir, Path dir) throws IOException {
    Path tmp = gitDir.resolve(DIR + ".rebuild");
    if (Files.exists(tmp)) {
      RepoStore.deleteTree(tmp);
    }
    Files.createDirectories(tmp);
    try (ObjectReader reader = git.newObjectReader();
        ObjectWalk walk = new ObjectWalk(reader)) {
      for (Ref ref : git.getRefDatabase().getRefs()) {
        ObjectId id = ref.getObjectId();
        if (id != null && !ref.isSymbolic() && git.getObjectDatabase().has(id)) {
          walk.markStart(walk.parseAny(id));
        }
      }
      while (walk.next() != null) {
        // commits: their trees are queued by the walk
      }
      RevObject o;
      while ((o = walk.nextObject()) != null) {
        if (o.getType() != Constants.OBJ_BLOB
            || reader.getObjectSize(o, Constants.OBJ_BLOB) > 512) {
          continue;
        }
        LfsPointer p = LfsPointer.parse(reader.open(o, Constants.OBJ_BLOB).getCachedBytes());
        if (p != null) {
          writeMarker(tmp, p.oid());
        }
      }
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  boolean contains(String oid) {
    return oids.contains(oid);
  }

  /** Persists the marker (synced) and then adds the oid to the in-memory set; idempotent. */
  void add(String oid) {
    if (!LfsStore.isOid(oid) || oids.contains(oid)) {
      return;
    }
    try {
      writeMarker(dir, oid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record LFS object " + oid + " for " + dir, e);
    }
    oids.add(oid);
  }

  /** Snapshot of the oids. */
  Set<String> snapshot() {
    return Set.copyOf(oids);
  }

  private static void writeMarker(Path root, String oid) throws IOException {
    Path sub = root.resolve(oid.substring(0, 2));
    boolean newDir = !Files.isDirectory(sub);
    Files.createDirectories(sub);
    Path marker = sub.resolve(oid);
    try (FileChannel ch =
        FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    syncDir(sub);
    if (newDir) {
      syncDir(root);
    }
  }

  private static void syncDir(Path d) {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // not every platform can sync a directory; the file itself was synced
    }
  }
}
