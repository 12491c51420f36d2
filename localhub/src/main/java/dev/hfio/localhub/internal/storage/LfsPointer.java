package dev.hfio.localhub.internal.storage;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Git LFS pointer file ({@code version/oid sha256:/size}) as stored in the git tree for LFS
 * files.
 */
public record LfsPointer(String oid, long size, int pointerSize) {
  private static final String VERSION = "version https://git-lfs.github.com/spec/v1";
  private static final Pattern P =
      Pattern.compile(
          "version https://git-lfs\\.github\\.com/spec/v1\\noid sha256:([0-9a-f]{64})\\nsize (\\d+)\\n?");

  public static byte[] render(String oid, long size) {
    return (VERSION + "\noid sha256:" + oid + "\nsize " + size + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Parses blob content; returns null if it is not a pointer. */
  public static LfsPointer parse(byte[] blob) {
    if (blob.length > 512 || blob.length < 40) {
      return null;
    }
    String s = new String(blob, StandardCharsets.UTF_8);
    if (!s.startsWith(VERSION)) {
      return null;
    }
    Matcher m = P.matcher(s);
    if (!m.matches()) {
      return null;
    }
    return new LfsPointer(m.group(1), Long.parseLong(m.group(2)), blob.length);
  }
}
