package dev.hfio.hub;

/**
 * A branch, tag, conversion ref or pull request: short name, full ref and the commit it points to.
 */
public record GitRef(String name, String ref, String targetCommit) {}
