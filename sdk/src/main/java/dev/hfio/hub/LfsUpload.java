package dev.hfio.hub;

import dev.hfio.errors.HfIOException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A local file prepared for LFS upload: its sha256 (computed once, while reading), size and first
 * 512 bytes. The bytes are streamed from the file again only if the LFS batch answer asks for them.
 */
public record LfsUpload(Path source, String sha256, long size, byte[] sample) {
  static final int SAMPLE = 512;

  /** Hashes {@code file} once. */
  public static LfsUpload of(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return hash(file, in, null);
    } catch (IOException e) {
      throw new HfIOException("Cannot read " + file + " to upload it", e);
    }
  }

  /**
   * Spools {@code in} to a temp file in {@code tempDir}, hashing while copying. The caller deletes
   * the file.
   */
  public static LfsUpload spool(InputStream in, Path tempDir) {
    try {
      Path tmp = Files.createTempFile(tempDir, "hfio-upload-", ".bin");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        return hash(tmp, in, out);
      }
    } catch (IOException e) {
      throw new HfIOException("Cannot spool the upload stream to " + tempDir, e);
    }
  }

  /** An object whose hash is already known (e.g. computed while the file was written). */
  public static LfsUpload prehashed(Path file, String sha256, long size) {
    byte[] sample;
    try (InputStream in = Files.newInputStream(file)) {
      sample = in.readNBytes(SAMPLE);
    } catch (IOException e) {
      throw new HfIOException("Cannot read " + file + " to upload it", e);
    }
    return new LfsUpload(file, sha256, size, sample);
  }

  private static LfsUpload hash(Path file, InputStream raw, OutputStream copy) throws IOException {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    byte[] sample = new byte[0];
    long size = 0;
    try (DigestInputStream in = new DigestInputStream(raw, md)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (sample.length < SAMPLE) {
          int take = Math.min(SAMPLE - sample.length, n);
          byte[] s = Arrays.copyOf(sample, sample.length + take);
          System.arraycopy(buf, 0, s, sample.length, take);
          sample = s;
        }
        if (copy != null) {
          copy.write(buf, 0, n);
        }
        size += n;
      }
    }
    return new LfsUpload(file, HexFormat.of().formatHex(md.digest()), size, sample);
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(newDigest().digest(data));
  }
}
