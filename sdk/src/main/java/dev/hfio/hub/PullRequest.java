package dev.hfio.hub;

/**
 * A pull request opened on a repo: its number, web URL, and git revision {@code refs/pr/<number>}.
 */
public record PullRequest(int number, String url) {
  public String revision() {
    return "refs/pr/" + number;
  }
}
