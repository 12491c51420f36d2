package dev.hfio.localhub.storage;

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

  /** Gating of the repo's files: null (not gated), {@code "auto"} or {@code "manual"} approval. */
  public String gated;
  /** Access requests to the gated files, one per user (its latest status). */
  public List<AccessRequest> accessRequests = new ArrayList<>();

  /** A user's request for a gated repo's files: {@code pending}, {@code accepted} or {@code rejected}. */
  public static final class AccessRequest {
    public String user;
    public String status;
    public String timestamp;
    public String rejectionReason;
  }
}
