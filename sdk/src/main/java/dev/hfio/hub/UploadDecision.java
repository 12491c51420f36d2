package dev.hfio.hub;

/**
 * The preupload answer for one file: its upload mode, whether it is git-ignored, and the remote oid
 * if known.
 */
public record UploadDecision(
    String path, UploadMode mode, boolean shouldIgnore, String remoteOid) {}
