package dev.hfio.internal.dataset;

/** How error messages of this package name a repository and revision. */
final class RepoNames {
  private RepoNames() {}

  /** {@code repo@revision}, or just the repo when there is no revision. */
  static String where(String repoId, String revision) {
    String r = repoId == null ? "?" : repoId;
    return revision == null || revision.isEmpty() ? r : r + "@" + revision;
  }
}
