package dev.hfio.hub;

/** How the Hub wants a file uploaded (from preupload): inline in the commit, or through LFS. */
public enum UploadMode {
  REGULAR,
  LFS
}
