package dev.hfio.hub;

import java.io.Serializable;

/** LFS facts of a file: content sha256, real size and the size of its pointer file. */
public record LfsInfo(String sha256, long size, long pointerSize) implements Serializable {
  private static final long serialVersionUID = 1L;
}
