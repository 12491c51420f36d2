package dev.hfio.localhub.internal.storage;

/** One file or directory of a git tree as the Hub tree/paths-info APIs describe it. */
public record TreeEntry(boolean directory, String path, String oid, long size, LfsPointer lfs) {}
