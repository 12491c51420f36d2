package dev.hfio.hub;

/**
 * The answer to a commit: the new commit sha, its web URL, and for {@code createPr} commits the
 * pull request URL and number (its revision is {@code refs/pr/<number>}).
 */
public record CommitResult(
    String commitSha, String commitUrl, String pullRequestUrl, Integer pullRequestNumber) {
  /** {@code refs/pr/N} for pull-request commits, else null. */
  public String pullRequestRevision() {
    return pullRequestNumber == null ? null : "refs/pr/" + pullRequestNumber;
  }

  static Integer prNumber(String url) {
    if (url == null) {
      return null;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("/discussions/(\\d+)/?$").matcher(url);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }
}
