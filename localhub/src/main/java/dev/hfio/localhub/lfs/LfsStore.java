package dev.hfio.localhub.lfs;

import dev.hfio.localhub.error.HubError;
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
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Content-addressed store of LFS objects under {@code dataDir/lfs/ab/cd/<sha256>}. Objects only appear after their
 * sha256 and size were verified, via an atomic move from {@code dataDir/lfs/tmp}.
 */
public final class LfsStore {
  private static final Pattern OID = Pattern.compile("[0-9a-f]{64}");
  private final Path root;
  private final Path tmp;

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
      throw HubError.badRequest("InvalidOid", "LFS oid must be 64 lowercase hex characters, got '" + oid + "'");
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
   * Streams {@code in} into the store, checking size and sha256. On mismatch nothing is stored and a 400 with code
   * {@code LfsVerificationFailed} is thrown.
   */
  public void put(String oid, long expectedSize, InputStream in) throws IOException {
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
      verifyAndCommit(t, oid, expectedSize, n, HexFormat.of().formatHex(md.digest()));
    } finally {
      Files.deleteIfExists(t);
    }
  }

  /** Reads and discards the rest of an over-long upload (bounded), so the client receives our 400, not a reset. */
  public static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    long n = 0;
    int r;
    while (n < (256L << 20) && (r = in.read(buf)) >= 0) {
      n += r;
    }
  }

  /** Moves a fully written temp file into place after checking its digest and size. */
  public void verifyAndCommit(Path t, String oid, long expectedSize, long actualSize, String actualSha)
      throws IOException {
    if (actualSize != expectedSize) {
      throw HubError.badRequest("LfsVerificationFailed", "LFS upload of " + oid + ": expected " + expectedSize
          + " bytes but received " + (actualSize > expectedSize ? "more" : String.valueOf(actualSize))
          + "; nothing was stored, upload again");
    }
    if (!actualSha.equals(oid)) {
      throw HubError.badRequest("LfsVerificationFailed", "LFS upload of " + oid + ": content sha256 is " + actualSha
          + "; nothing was stored, upload the right bytes");
    }
    Path dest = path(oid);
    Files.createDirectories(dest.getParent());
    Files.move(t, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
