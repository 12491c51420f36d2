package dev.hfio.localhub.internal.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Hub-only repo metadata (not expressible as git data) persisted as {@code localhub.json} inside the bare git dir:
 * object id, owner, visibility, creation time and discussions/pull requests.
 */
public final class RepoMeta {
  public String objectId;
  public String owner;
  public boolean isPrivate;
  public String createdAt;
  public int nextDiscussion = 1;
  public List<Discussion> discussions = new ArrayList<>();

  /** A discussion or pull request; PRs own the git ref {@code refs/pr/<num>}. */
  public static final class Discussion {
    public int num;
    public String title;
    public String description;
    public boolean isPullRequest;
    public String status = "open";
    public String author;
    public String createdAt;
    public String targetBranch = "main";
    public String mergeCommitId;
  }
}
