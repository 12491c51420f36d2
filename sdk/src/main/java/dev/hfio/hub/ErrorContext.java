package dev.hfio.hub;

/** What a request was about, so errors can name the action, repo, revision and path. Internal. */
record ErrorContext(String action, RepoRef repo, String revision, String path) {
  static ErrorContext of(String action) {
    return new ErrorContext(action, null, null, null);
  }

  static ErrorContext of(String action, RepoRef repo, String revision, String path) {
    return new ErrorContext(action, repo, revision, path);
  }

  String describe() {
    StringBuilder sb = new StringBuilder();
    if (repo != null) {
      sb.append(repo.type().singular()).append(" repo '").append(repo.id()).append('\'');
    }
    if (revision != null) {
      sb.append(sb.length() > 0 ? ", " : "").append("revision '").append(revision).append('\'');
    }
    if (path != null && !path.isEmpty()) {
      sb.append(sb.length() > 0 ? ", " : "").append("path '").append(path).append('\'');
    }
    return sb.toString();
  }
}
