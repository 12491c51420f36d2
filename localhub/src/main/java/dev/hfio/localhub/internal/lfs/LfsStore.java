package dev.hfio.localhub.internal.lfs;

import dev.hfio.localhub.internal.error.HubError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-addressed store of LFS objects under {@code dataDir/lfs/ab/cd/<sha256>}. Objects only
 * appear after their sha256 and size were verified, via an atomic move from {@code
 * dataDir/lfs/tmp}. Storage is deduplicated across repos; which repo may use which object is
 * decided by each repo's visibility set, never by presence here.
 *
 * <p>Garbage-collection rule: an upload records the oid in its repo's visibility set and moves the
 * object into place while holding the read side of {@link #gcLock()}; the collector computes the
 * union of all visibility sets and deletes objects outside it while holding the write side. So an
 * object is never deleted between "marked visible" and "stored", and a commit can only reference an
 * object that is already marked.
 */
public final class LfsStore {
  private static final Pattern OID = Pattern.compile("[0-9a-f]{64}");
  private final Path root;
  private final Path tmp;
  private final ReadWriteLock gcLock = new ReentrantReadWriteLock();

  public LfsStore(Path root) {
    this.root = root;
    this.tmp = root.resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean isOid(String oid) {
    return oid != null && OID.matcher(oid).matches();
  }

  public Path path(String oid) {
    if (!isOid(oid)) {
      throw HubError.badRequest(
          "InvalidOid", "LFS oid must be 64 lowercase hex characters, got '" + oid + "'");
    }
    return root.resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
  }

  /** Size of a stored object, or -1 when absent. */
  public long size(String oid) {
    if (!isOid(oid)) {
      return -1;
    }
    Path p = path(oid);
    try {
      return Files.isRegularFile(p) ? Files.size(p) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  public Path newTempFile() throws IOException {
    return Files.createTempFile(tmp, "up-", ".part");
  }

  public Path newTempDir() throws IOException {
    return Files.createDirectories(tmp.resolve("mp-" + UUID.randomUUID()));
  }

  /**
   * Streams {@code in} into the store, checking size and sha256. On mismatch nothing is stored and
   * a 400 with code {@code LfsVerificationFailed} is thrown.
   */
  public void put(String oid, long expectedSize, InputStream in, Runnable beforeVisible)
      throws IOException {
    Path t = newTempFile();
    try {
      MessageDigest md = sha256();
      long n = 0;
      try (OutputStream out = Files.newOutputStream(t)) {
        byte[] buf = new byte[1 << 20];
        int r;
        while ((r = in.read(buf)) >= 0) {
          md.update(buf, 0, r);
          out.write(buf, 0, r);
          n += r;
          if (n > expectedSize) {
            drain(in);
            break;
          }
        }
      }
      verifyAndCommit(
          t, oid, expectedSize, n, HexFormat.of().formatHex(md.digest()), beforeVisible);
    } finally {
      Files.deleteIfExists(t);
    }
  }

  /**
   * Reads and discards the rest of an over-long upload (bounded), so the client receives our 400,
   * not a reset.
   */
  public static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    long n = 0;
    int r;
    while (n < (256L << 20) && (r = in.read(buf)) >= 0) {
      n += r;
    }
  }

  /**
   * Moves a fully written temp file into place after checking its digest and size; {@code
   * beforeVisible} (recording the oid for the uploading repo) runs after the check and before the
   * move, under the GC read lock.
   */
  public void verifyAndCommit(
      Path t,
      String oid,
      long expectedSize,
      long actualSize,
      String actualSha,
      Runnable beforeVisible)
      throws IOException {
    if (actualSize != expectedSize) {
      throw HubError.badRequest(
          "LfsVerificationFailed",
          "LFS upload of "
              + oid
              + ": expected "
              + expectedSize
              + " bytes but received "
              + (actualSize > expectedSize ? "more" : String.valueOf(actualSize))
              + "; nothing was stored, upload again");
    }
    if (!actualSha.equals(oid)) {
      throw HubError.badRequest(
          "LfsVerificationFailed",
          "LFS upload of "
              + oid
              + ": content sha256 is "
              + actualSha
              + "; nothing was stored, upload the right bytes");
    }
    Path dest = path(oid);
    gcLock.readLock().lock();
    try {
      beforeVisible.run();
      Files.createDirectories(dest.getParent());
      Files.move(t, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      gcLock.readLock().unlock();
    }
  }

  /**
   * Held for reading while an object is marked and stored, for writing while the collector deletes
   * objects.
   */
  public ReadWriteLock gcLock() {
    return gcLock;
  }

  /**
   * Deletes every stored object whose oid is not in {@code keep}; the caller holds the write side
   * of {@link #gcLock()} while computing {@code keep} and calling this. Returns {count, bytes}.
   */
  public long[] deleteObjectsExcept(Set<String> keep) throws IOException {
    long count = 0;
    long bytes = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(root, 3)) {
      files =
          s.filter(
                  p ->
                      !p.startsWith(tmp)
                          && Files.isRegularFile(p)
                          && isOid(p.getFileName().toString()))
              .toList();
    }
    for (Path p : files) {
      if (!keep.contains(p.getFileName().toString())) {
        long n = Files.size(p);
        if (Files.deleteIfExists(p)) {
          count++;
          bytes += n;
        }
        deleteIfEmpty(p.getParent());
        deleteIfEmpty(p.getParent().getParent());
      }
    }
    return new long[] {count, bytes};
  }

  private void deleteIfEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // a concurrent upload filled it again, or it is already gone
    }
  }

  /**
   * Deletes temp uploads and multipart part directories not in {@code live} whose last modification
   * is older than {@code olderThanMillis} ago (0: all of them, as on start when no upload can be in
   * flight). Returns the count.
   */
  public long deleteStaleTemp(Set<Path> live, long olderThanMillis) throws IOException {
    long cutoff = System.currentTimeMillis() - olderThanMillis;
    long count = 0;
    List<Path> entries;
    try (Stream<Path> s = Files.list(tmp)) {
      entries = s.toList();
    }
    for (Path p : entries) {
      if (live.contains(p)) {
        continue;
      }
      try {
        if (olderThanMillis > 0 && newestMtime(p) > cutoff) {
          continue;
        }
        if (Files.isDirectory(p)) {
          deleteTree(p);
        } else {
          Files.deleteIfExists(p);
        }
        count++;
      } catch (IOException e) {
        // vanished meanwhile (its upload finished): nothing to collect
      }
    }
    return count;
  }

  private static long newestMtime(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      long newest = 0;
      for (Path q : s.toList()) {
        newest = Math.max(newest, Files.getLastModifiedTime(q).toMillis());
      }
      return newest;
    }
  }

  /** Deletes a directory and its content (multipart parts). */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
