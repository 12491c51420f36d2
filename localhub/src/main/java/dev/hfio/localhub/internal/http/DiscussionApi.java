package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.PullRequestHistory;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoMeta;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Discussions and pull requests with the Hub's JSON shapes (as huggingface_hub's {@code
 * get_repo_discussions}, {@code get_discussion_details}, {@code comment_discussion}, {@code
 * change_discussion_status}, {@code rename_discussion}, {@code edit_discussion_comment}, {@code
 * hide_discussion_comment}, {@code merge_pull_request} read them). Permissions as on the Hub:
 * anyone with a write-role token who can read the repo may open discussions/PRs and comment; the
 * author or a user with write access to the repo may rename or close/reopen; only users with write
 * access merge or hide comments; only a comment's author edits it.
 */
final class DiscussionApi {
  /** Discussions per page of the list, as on the Hub. */
  static final int PAGE_SIZE = 50;

  /** Longest comment, description or title change text, in characters. */
  static final int MAX_TEXT = 65_536;

  /** Longest title, in characters (the Hub's). */
  static final int MAX_TITLE = 200;

  private static final Pattern COMMENT_ID = Pattern.compile("[0-9a-f]{24}");
  private static final String HIDDEN = "This comment has been hidden";

  private final HubContext ctx;

  DiscussionApi(HubContext ctx) {
    this.ctx = ctx;
  }

  // --------------------------------------------------------------- permissions

  /**
   * Read access plus an authenticated write-role token: who may open discussions and comment on the
   * Hub.
   */
  static HubRepo participant(HubContext ctx, Exchange ex, RepoKey k) {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    if (p == null) {
      throw new HubError(
          401,
          "Unauthorized",
          "You must be authenticated with a write token to take part in the"
              + " discussions of "
              + repo.key().id()
              + "; send Authorization: Bearer hf_...");
    }
    if (!p.canWrite()) {
      throw new HubError(
          403,
          "Forbidden",
          "Your token has the read role; a write token is required to take part"
              + " in the discussions of "
              + repo.key().id());
    }
    return repo;
  }

  private static boolean writes(Principal p, HubRepo repo) {
    return p.canWrite() && RepoAccess.owns(p, repo.key().namespace());
  }

  private static void requireAuthorOrWriter(
      Principal p, HubRepo repo, RepoMeta.Discussion d, String what) {
    if (!p.user().equals(d.author) && !writes(p, repo)) {
      throw new HubError(
          403,
          "Forbidden",
          "Only the author of discussion #"
              + d.num
              + " or a user with write"
              + " access to "
              + repo.key().id()
              + " may "
              + what);
    }
  }

  // --------------------------------------------------------------- list and details

  void list(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    int page = page(ex.q("p"));
    String type = oneOf(ex.q("type"), "type", "all", "discussion", "pull_request");
    String status = oneOf(ex.q("status"), "status", "all", "open", "closed");
    String author = ex.q("author");
    ObjectNode o = Json.obj();
    ArrayNode arr = o.putArray("discussions");
    synchronized (repo) {
      List<RepoMeta.Discussion> all = new ArrayList<>(repo.meta().discussions);
      all.sort(Comparator.comparingInt((RepoMeta.Discussion d) -> d.num).reversed());
      List<RepoMeta.Discussion> match = new ArrayList<>();
      int closed = 0;
      for (RepoMeta.Discussion d : all) {
        if (!d.status.equals("open")) {
          closed++;
        }
        boolean typeOk = type.equals("all") || d.isPullRequest == type.equals("pull_request");
        boolean statusOk = status.equals("all") || status.equals("open") == d.status.equals("open");
        boolean authorOk = author == null || author.equalsIgnoreCase(d.author);
        if (typeOk && statusOk && authorOk) {
          match.add(d);
        }
      }
      long start = (long) page * PAGE_SIZE;
      for (int i = (int) Math.min(start, match.size());
          i < Math.min(start + PAGE_SIZE, match.size());
          i++) {
        arr.add(summary(ex, repo, match.get(i)));
      }
      o.put("count", match.size());
      o.put("start", start);
      o.put("numClosedDiscussions", closed);
    }
    ex.json(200, o);
  }

  void details(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    ObjectNode o;
    List<Timed> events = new ArrayList<>();
    boolean pr;
    String target;
    synchronized (repo) {
      RepoMeta.Discussion d = find(repo, num);
      o = summary(ex, repo, d);
      for (RepoMeta.Event e : d.events) {
        events.add(
            new Timed(
                Instant.parse(e.createdAt).getEpochSecond(),
                e == d.events.get(0) ? 0 : 2,
                eventJson(e)));
      }
      pr = d.isPullRequest;
      target = d.targetBranch;
      if (pr) {
        ObjectNode ch = o.putObject("changes");
        ch.put("base", "refs/heads/" + target);
        if (d.mergeCommitId != null) {
          ch.put("mergeCommitId", d.mergeCommitId);
        }
        o.putArray("filesWithConflicts");
      }
    }
    if (pr) {
      ObjectId head = repo.refTarget("refs/pr/" + num);
      ObjectId base = repo.refTarget("refs/heads/" + target);
      for (RevCommit c : PullRequestHistory.commits(repo.git(), head, base)) {
        ObjectNode e = Json.obj();
        e.put("id", c.name().substring(0, 24));
        e.put("type", "commit");
        e.put("createdAt", Json.date(c));
        e.set("author", author(c.getAuthorIdent().getName()));
        ObjectNode data = e.putObject("data");
        data.put("subject", c.getShortMessage());
        data.put("oid", c.name());
        events.add(new Timed(c.getCommitTime(), 1, e));
      }
      if (ex.q("diff") != null && Exchange.truthy(ex.q("diff"))) {
        o.put("diff", PullRequestHistory.diff(repo.git(), head, base));
      }
    }
    // git keeps whole seconds: within one second the opening comment comes first, then commits,
    // then the rest
    events.sort(Comparator.comparingLong(Timed::second).thenComparingInt(Timed::rank));
    ArrayNode arr = o.putArray("events");
    events.forEach(t -> arr.add(t.json()));
    ex.json(200, o);
  }

  private record Timed(long second, int rank, ObjectNode json) {}

  // --------------------------------------------------------------- changes

  void create(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "discussion");
    String title = title(b.path("title"), repo);
    String description = text(b.path("description"), "description", true);
    boolean pr = b.path("pullRequest").asBoolean(false);
    ObjectId main = pr ? repo.refTarget(HubRepo.MAIN) : null;
    if (pr && main == null) {
      throw HubError.revisionNotFound(repo.key().id(), "main");
    }
    RepoMeta.Discussion d = repo.newDiscussion(title, description, pr, p.user(), "main");
    if (pr && !repo.casRef("refs/pr/" + d.num, null, main, "open pull request")) {
      throw new HubError(
          409, "Conflict", "refs/pr/" + d.num + " already exists in " + repo.key().id());
    }
    ObjectNode o;
    synchronized (repo) {
      o = summary(ex, repo, d);
      ArrayNode arr = o.putArray("events");
      d.events.forEach(e -> arr.add(eventJson(e)));
    }
    ex.json(200, o);
  }

  void comment(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    String text =
        text(Json.parse(ex.body(ctx.maxBodyBytes()), "comment").path("comment"), "comment", false);
    ObjectNode e =
        repo.changeMeta(
            meta -> {
              RepoMeta.Discussion d = find(repo, num);
              meta.checkRoom(repo.key().id(), d, 1, text.length());
              RepoMeta.Event c = RepoMeta.Event.of("comment", p.user());
              c.content = text;
              d.events.add(c);
              return eventJson(c);
            });
    ex.json(200, Json.obj().set("newMessage", e));
  }

  void status(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "status change");
    String status = b.path("status").isTextual() ? b.path("status").asText() : "";
    if (!status.equals("open") && !status.equals("closed")) {
      throw HubError.badRequest(
          "BadRequest",
          "The new status of discussion #" + num + " must be \"open\" or" + " \"closed\"");
    }
    String comment = text(b.path("comment"), "comment", true);
    ObjectNode e =
        repo.changeMeta(
            meta -> {
              RepoMeta.Discussion d = find(repo, num);
              requireAuthorOrWriter(p, repo, d, "change its status");
              if (d.status.equals("merged")) {
                throw HubError.badRequest(
                    "BadRequest",
                    "Pull request #"
                        + num
                        + " of "
                        + repo.key().id()
                        + " is merged;"
                        + " its status cannot change any more");
              }
              meta.checkRoom(repo.key().id(), d, comment.isEmpty() ? 1 : 2, comment.length());
              if (!comment.isEmpty()) {
                RepoMeta.Event c = RepoMeta.Event.of("comment", p.user());
                c.content = comment;
                d.events.add(c);
              }
              RepoMeta.Event s = RepoMeta.Event.of("status-change", p.user());
              s.status = status;
              d.events.add(s);
              d.status = status;
              return eventJson(s);
            });
    ex.json(200, Json.obj().set("newStatus", e));
  }

  void title(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    String title =
        title(Json.parse(ex.body(ctx.maxBodyBytes()), "title change").path("title"), repo);
    ObjectNode e =
        repo.changeMeta(
            meta -> {
              RepoMeta.Discussion d = find(repo, num);
              requireAuthorOrWriter(p, repo, d, "rename it");
              meta.checkRoom(repo.key().id(), d, 1, 0);
              RepoMeta.Event t = RepoMeta.Event.of("title-change", p.user());
              t.from = d.title;
              t.to = title;
              d.events.add(t);
              d.title = title;
              return eventJson(t);
            });
    ex.json(200, Json.obj().set("newTitle", e));
  }

  void editComment(Exchange ex, RepoKey k, int num, String commentId) throws IOException {
    HubRepo repo = participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    String text =
        text(
            Json.parse(ex.body(ctx.maxBodyBytes()), "comment edit").path("content"),
            "content",
            false);
    ObjectNode e =
        repo.changeMeta(
            meta -> {
              RepoMeta.Discussion d = find(repo, num);
              RepoMeta.Event c = findComment(repo, d, commentId);
              if (!p.user().equals(c.author) && !p.superUser()) {
                throw new HubError(
                    403,
                    "Forbidden",
                    "Only its author may edit comment "
                        + c.id
                        + " of discussion #"
                        + num
                        + " of "
                        + repo.key().id());
              }
              if (c.hidden) {
                throw new HubError(
                    403,
                    "Forbidden",
                    "Comment "
                        + c.id
                        + " of discussion #"
                        + num
                        + " of "
                        + repo.key().id()
                        + " is hidden and cannot be edited");
              }
              meta.checkRoom(
                  repo.key().id(), d, 0, Math.max(0, text.length() - c.content.length()));
              c.content = text;
              c.numEdits++;
              c.updatedAt = Instant.now().toString();
              if (d.events.get(0) == c) {
                d.description = text;
              }
              return eventJson(c);
            });
    ex.json(200, Json.obj().set("updatedComment", e));
  }

  void hideComment(Exchange ex, RepoKey k, int num, String commentId) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    ObjectNode e =
        repo.changeMeta(
            meta -> {
              RepoMeta.Discussion d = find(repo, num);
              RepoMeta.Event c = findComment(repo, d, commentId);
              c.hidden = true;
              c.updatedAt = Instant.now().toString();
              return eventJson(c);
            });
    ex.json(200, Json.obj().set("updatedComment", e));
  }

  void merge(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    String comment =
        text(Json.parse(ex.body(ctx.maxBodyBytes()), "merge").path("comment"), "comment", true);
    RepoMeta.Discussion d;
    String title;
    String body;
    synchronized (repo) {
      d = repo.discussion(num);
      if (d == null || !d.isPullRequest) {
        throw new HubError(
            404, "DiscussionNotFound", "Pull request #" + num + " not found in " + repo.key().id());
      }
      if (!d.status.equals("open")) {
        throw HubError.badRequest(
            "PullRequestNotOpen",
            "Pull request #"
                + num
                + " of "
                + repo.key().id()
                + " is "
                + d.status
                + "; only an open pull request can be merged (reopen it first)");
      }
      repo.meta().checkRoom(repo.key().id(), d, comment.isEmpty() ? 1 : 2, comment.length());
      title = d.title;
      body = d.description == null || d.description.isBlank() ? "" : "\n\n" + d.description;
    }
    ObjectId merged =
        repo.merge("refs/pr/" + num, "refs/heads/" + d.targetBranch, title + body, p.user());
    RepoMeta.Discussion done = d;
    ObjectNode o =
        repo.changeMeta(
            meta -> {
              if (!comment.isEmpty()) {
                RepoMeta.Event c = RepoMeta.Event.of("comment", p.user());
                c.content = comment;
                done.events.add(c);
              }
              RepoMeta.Event s = RepoMeta.Event.of("status-change", p.user());
              s.status = "merged";
              done.events.add(s);
              done.status = "merged";
              done.mergeCommitId = merged.name();
              ObjectNode out = summary(ex, repo, done);
              out.putObject("changes")
                  .put("base", "refs/heads/" + done.targetBranch)
                  .put("mergeCommitId", merged.name());
              out.putArray("filesWithConflicts");
              return out;
            });
    ex.json(200, o);
  }

  // --------------------------------------------------------------- JSON

  private ObjectNode summary(Exchange ex, HubRepo repo, RepoMeta.Discussion d) {
    ObjectNode o = Json.obj();
    o.put("num", d.num);
    o.put("title", d.title);
    o.put("status", d.status);
    o.put("isPullRequest", d.isPullRequest);
    o.put("createdAt", Json.date(Instant.parse(d.createdAt)));
    o.set("author", author(d.author));
    ObjectNode repoNode = o.putObject("repo");
    repoNode.put("name", repo.key().id());
    repoNode.put("type", repo.key().type().singular());
    o.put("pinned", false);
    o.put("locked", false);
    o.put("numComments", d.events.stream().filter(e -> e.type.equals("comment")).count());
    o.putArray("topReactions");
    String url = RepoApi.webUrl(ex.baseUrl(), repo.key()) + "/discussions/" + d.num;
    o.put("url", url);
    if (d.isPullRequest) {
      o.put("pullRequestUrl", url);
    }
    return o;
  }

  private static ObjectNode author(String name) {
    ObjectNode a = Json.obj();
    a.put("name", name);
    a.put("type", "user");
    a.put("fullname", name);
    return a;
  }

  private static ObjectNode eventJson(RepoMeta.Event e) {
    ObjectNode o = Json.obj();
    o.put("id", e.id);
    o.put("type", e.type);
    o.put("createdAt", Json.date(Instant.parse(e.createdAt)));
    o.set("author", author(e.author));
    ObjectNode data = o.putObject("data");
    switch (e.type) {
      case "comment" -> {
        String raw = e.hidden ? HIDDEN : e.content;
        data.put("edited", e.numEdits > 0);
        data.put("hidden", e.hidden);
        data.put("numEdits", e.numEdits);
        ObjectNode latest = data.putObject("latest");
        latest.put("raw", raw);
        latest.put("html", "<p>" + html(raw) + "</p>");
        latest.put(
            "updatedAt", Json.date(Instant.parse(e.updatedAt != null ? e.updatedAt : e.createdAt)));
        latest.set("author", author(e.author));
        ArrayNode editors = data.putArray("editors");
        if (e.numEdits > 0) {
          editors.add(e.author);
        }
        data.putArray("reactions");
      }
      case "status-change" -> data.put("status", e.status);
      case "title-change" -> data.put("from", e.from).put("to", e.to);
      default -> {}
    }
    return o;
  }

  private static String html(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  // --------------------------------------------------------------- validation

  private static RepoMeta.Discussion find(HubRepo repo, int num) {
    RepoMeta.Discussion d = repo.discussion(num);
    if (d == null) {
      throw new HubError(
          404, "DiscussionNotFound", "Discussion #" + num + " not found in " + repo.key().id());
    }
    return d;
  }

  private static RepoMeta.Event findComment(HubRepo repo, RepoMeta.Discussion d, String id) {
    String want = id.toLowerCase(Locale.ROOT);
    if (COMMENT_ID.matcher(want).matches()) {
      for (RepoMeta.Event e : d.events) {
        if (e.id.equals(want) && e.type.equals("comment")) {
          return e;
        }
      }
    }
    throw new HubError(
        404,
        "CommentNotFound",
        "No such comment in discussion #"
            + d.num
            + " of "
            + repo.key().id()
            + " (comment ids are the 24 hex digit event ids of the discussion's details)");
  }

  private static String title(JsonNode n, HubRepo repo) {
    String t = n.isTextual() ? n.asText().strip() : "";
    if (t.isEmpty() || t.length() > MAX_TITLE || hasControl(t)) {
      throw HubError.badRequest(
          "BadRequest",
          "A discussion title for "
              + repo.key().id()
              + " must be 1 to "
              + MAX_TITLE
              + " characters without control characters (leading and trailing spaces are stripped)");
    }
    return t;
  }

  private static String text(JsonNode n, String field, boolean optional) {
    if (optional && (n.isMissingNode() || n.isNull())) {
      return "";
    }
    String t = n.isTextual() ? n.asText() : "";
    if (!optional && t.isBlank() || t.length() > MAX_TEXT) {
      throw HubError.badRequest(
          "BadRequest",
          "Field '"
              + field
              + "' must be a "
              + (optional ? "" : "non-empty ")
              + "string of at most "
              + MAX_TEXT
              + " characters");
    }
    return t;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static int page(String p) {
    if (p == null) {
      return 0;
    }
    if (!p.matches("[0-9]{1,6}")) {
      throw HubError.badRequest("BadRequest", "Parameter 'p' must be a page number from 0");
    }
    return Integer.parseInt(p);
  }

  private static String oneOf(String v, String name, String... allowed) {
    if (v == null) {
      return allowed[0];
    }
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    throw HubError.badRequest(
        "BadRequest", "Parameter '" + name + "' must be one of " + String.join(", ", allowed));
  }
}
