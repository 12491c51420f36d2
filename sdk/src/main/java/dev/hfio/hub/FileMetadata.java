package dev.hfio.hub;

/**
 * What a HEAD on the resolve URL says about a file: size, ETag (sha256 for LFS, else blob sha1),
 * the commit the revision resolved to, and the final URL after redirects.
 */
public record FileMetadata(long size, String etag, String commitSha, String location) {}
