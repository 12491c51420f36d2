package dev.hfio.localhub;

/**
 * Access level of a token: {@code READ} may only read; {@code WRITE} may also create repos and
 * commit.
 */
public enum Role {
  READ,
  WRITE
}
