package dev.hfio.hub;

/** A file announced to preupload: repo path, size and its first bytes (at most 512 are sent). */
public record PreuploadFile(String path, long size, byte[] sample) {}
