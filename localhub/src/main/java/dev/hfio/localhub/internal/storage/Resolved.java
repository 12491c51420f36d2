package dev.hfio.localhub.internal.storage;

import org.eclipse.jgit.lib.ObjectId;

/** A revision string resolved to a commit, remembering which ref (if any) it named. */
public record Resolved(String revision, String refName, ObjectId commit) {
  public boolean isBranch() {
    return refName != null && refName.startsWith("refs/heads/");
  }

  public boolean isPullRequest() {
    return refName != null && refName.startsWith("refs/pr/");
  }

  /** Branches, pull requests and convert refs accept commits; tags and bare shas do not. */
  public boolean isWritable() {
    return isBranch()
        || isPullRequest()
        || (refName != null && refName.startsWith("refs/convert/"));
  }

  public boolean isTag() {
    return refName != null && refName.startsWith("refs/tags/");
  }

  public String sha() {
    return commit.name();
  }
}
