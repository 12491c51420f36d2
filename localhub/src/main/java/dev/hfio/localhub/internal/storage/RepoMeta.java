package dev.hfio.localhub.internal.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Hub-only repo metadata (not expressible as git data) persisted as {@code localhub.json} inside
 * the bare git dir: object id, owner, visibility, creation time and discussions/pull requests.
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

    /**
     * Comments, status and title changes in order (commit events come from the PR ref's git
     * history).
     */
    public List<Event> events = new ArrayList<>();
  }

  /**
   * One stored event of a discussion, as the Hub's {@code events[]}: {@code comment} (content,
   * hidden, edits), {@code status-change} (status) or {@code title-change} (from, to). The id is 24
   * hex digits like the Hub's.
   */
  public static final class Event {
    public String id;
    public String type;
    public String author;
    public String createdAt;
    public String content;
    public boolean hidden;
    public int numEdits;
    public String updatedAt;
    public String status;
    public String from;
    public String to;

    /** A new event of {@code type} by {@code author}, now, with a fresh random id. */
    public static Event of(String type, String author) {
      Event e = new Event();
      byte[] id = new byte[12];
      RANDOM.nextBytes(id);
      e.id = java.util.HexFormat.of().formatHex(id);
      e.type = type;
      e.author = author;
      e.createdAt = java.time.Instant.now().toString();
      return e;
    }
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * Most discussions and pull requests one repo may hold (localhub's bound; the Hub's is not
   * published).
   */
  public static final int MAX_DISCUSSIONS = 10_000;

  /** Most stored events (comments, status and title changes) per discussion. */
  public static final int MAX_EVENTS = 1_000;

  /**
   * Most stored events over all discussions of a repo (localhub.json is rewritten on every change).
   */
  public static final int MAX_REPO_EVENTS = 50_000;

  /** Most characters of comment text over all discussions of a repo. */
  public static final long MAX_REPO_TEXT = 4L << 20;

  /**
   * Refuses (403 {@code DiscussionLimitReached}) adding {@code events} events holding {@code chars}
   * characters of text to discussion {@code d} (null: a new discussion) when a bound above would be
   * crossed. Call under the repo's lock.
   */
  public void checkRoom(String repoId, Discussion d, int events, long chars) {
    if (d == null && discussions.size() >= MAX_DISCUSSIONS) {
      throw limit(
          repoId
              + " already has "
              + discussions.size()
              + " discussions and pull requests, the most"
              + " localhub keeps per repo");
    }
    if (d != null && d.events.size() + events > MAX_EVENTS) {
      throw limit(
          "discussion #"
              + d.num
              + " of "
              + repoId
              + " already has "
              + d.events.size()
              + " events, the most"
              + " localhub keeps per discussion; open a new discussion");
    }
    long n = 0;
    long text = 0;
    for (Discussion x : discussions) {
      n += x.events.size();
      for (Event e : x.events) {
        text += e.content == null ? 0 : e.content.length();
      }
    }
    if (n + events > MAX_REPO_EVENTS || text + chars > MAX_REPO_TEXT) {
      throw limit(
          "the discussions of "
              + repoId
              + " already hold "
              + n
              + " events and "
              + text
              + " characters of"
              + " text; localhub keeps at most "
              + MAX_REPO_EVENTS
              + " events and "
              + MAX_REPO_TEXT
              + " characters per"
              + " repo");
    }
  }

  private static dev.hfio.localhub.internal.error.HubError limit(String what) {
    return new dev.hfio.localhub.internal.error.HubError(
        403,
        "DiscussionLimitReached",
        "Cannot add to the discussions: " + what + ". Nothing was changed.");
  }

  /** Gating of the repo's files: null (not gated), {@code "auto"} or {@code "manual"} approval. */
  public String gated;

  /** Access requests to the gated files, one per user (its latest status). */
  public List<AccessRequest> accessRequests = new ArrayList<>();

  /**
   * A user's request for a gated repo's files: {@code pending}, {@code accepted} or {@code
   * rejected}.
   */
  public static final class AccessRequest {
    public String user;
    public String status;
    public String timestamp;
    public String rejectionReason;
  }
}
