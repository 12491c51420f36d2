package dev.hfio.hub;

import java.util.Objects;

/**
 * Commit metadata: the title ({@code summary}), an optional description, the expected parent commit (optimistic
 * concurrency: the Hub answers 412, {@link CommitConflictException}, if the branch moved) and whether to open a pull
 * request instead of committing to the branch.
 */
public record CommitOptions(String summary, String description, String parentCommit, boolean createPr) {
  public CommitOptions {
    Objects.requireNonNull(summary, "summary");
    if (summary.isBlank()) {
      throw new IllegalArgumentException("A commit needs a non-empty summary (commit message)");
    }
    if (description == null) {
      description = "";
    }
  }

  public static CommitOptions message(String summary) {
    return new CommitOptions(summary, "", null, false);
  }

  public CommitOptions withDescription(String d) {
    return new CommitOptions(summary, d, parentCommit, createPr);
  }

  public CommitOptions withParentCommit(String sha) {
    return new CommitOptions(summary, description, sha, createPr);
  }

  public CommitOptions withCreatePr(boolean pr) {
    return new CommitOptions(summary, description, parentCommit, pr);
  }
}
