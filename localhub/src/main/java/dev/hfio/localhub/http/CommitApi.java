package dev.hfio.localhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.auth.Principal;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.lfs.LfsStore;
import dev.hfio.localhub.storage.CommitOp;
import dev.hfio.localhub.storage.CommitRequest;
import dev.hfio.localhub.storage.HubRepo;
import dev.hfio.localhub.storage.RepoKey;
import dev.hfio.localhub.storage.RepoMeta;
import dev.hfio.localhub.storage.Resolved;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;

/** Commit (NDJSON and legacy JSON), pull-request creation and merge, minimal discussion details. */
final class CommitApi {
  private final HubContext ctx;

  CommitApi(HubContext ctx) {
    this.ctx = ctx;
  }

  void commit(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    byte[] body = ex.body(ctx.maxBodyBytes());
    String ct = String.valueOf(ex.header("Content-Type"));
    CommitRequest req = ct.startsWith("application/json") ? parseJson(body, p.user()) : parseNdjson(body, p.user());
    Resolved r = repo.resolve(rev);
    boolean createPr = ex.qBool("create_pr");
    ObjectNode o = Json.obj();
    ObjectId commit;
    if (createPr) {
      if (!r.isBranch()) {
        throw HubError.revisionNotFound(k.id(), rev + " (create_pr needs a branch)");
      }
      ObjectId base = req.parentCommit() != null ? repo.resolve(req.parentCommit()).commit() : r.commit();
      RepoMeta.Discussion d = repo.newDiscussion(req.summary(), req.description(), true, p.user(),
          r.refName().substring("refs/heads/".length()));
      commit = repo.applyCommit("refs/pr/" + d.num, base,
          new CommitRequest(req.summary(), req.description(), null, req.ops(), req.author()));
      o.put("pullRequestUrl", RepoApi.webUrl(ex.baseUrl(), k) + "/discussions/" + d.num);
    } else {
      if (!r.isWritable()) {
        throw HubError.badRequest("RevisionNotBranch", "Cannot commit to revision '" + rev + "' of " + k.id()
            + ": it is not a branch (tags and commits are read-only)");
      }
      commit = repo.applyCommit(r.refName(), null, req);
    }
    o.put("success", true);
    o.put("commitOid", commit.name());
    o.put("commitUrl", RepoApi.webUrl(ex.baseUrl(), k) + "/commit/" + commit.name());
    o.put("hookOutput", "");
    ex.json(200, o);
  }

  static CommitRequest parseNdjson(byte[] body, String author) {
    String text = new String(body, StandardCharsets.UTF_8);
    String summary = null;
    String description = "";
    String parent = null;
    boolean sawHeader = false;
    List<CommitOp> ops = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode n;
      try {
        n = Exchange.JSON.readTree(line);
      } catch (IOException e) {
        throw HubError.badRequest("InvalidCommitPayload", "Line " + lineNo + " of the commit payload is not JSON"
            + Json.where(e));
      }
      if (n == null || !n.isObject() || !n.path("key").isTextual() || !n.path("value").isObject()) {
        throw HubError.badRequest("InvalidCommitPayload", "Line " + lineNo
            + " of the commit payload must be {\"key\": <kind>, \"value\": {...}}");
      }
      String key = n.get("key").asText();
      JsonNode v = n.get("value");
      switch (key) {
        case "header" -> {
          sawHeader = true;
          summary = v.path("summary").asText("");
          description = v.path("description").asText("");
          parent = v.hasNonNull("parentCommit") ? v.get("parentCommit").asText() : null;
        }
        case "file" -> ops.add(fileOp(v, lineNo));
        case "lfsFile" -> ops.add(lfsOp(v, lineNo));
        case "deletedFile" -> ops.add(CommitOp.deleteFile(requiredPath(v, lineNo)));
        case "deletedFolder" -> ops.add(CommitOp.deleteFolder(requiredPath(v, lineNo)));
        default -> throw HubError.badRequest("InvalidCommitPayload", "Line " + lineNo + ": unknown operation kind '"
            + key + "'; expected header, file, lfsFile, deletedFile or deletedFolder");
      }
    }
    if (!sawHeader) {
      throw HubError.badRequest("InvalidCommitPayload", "The commit payload has no header line");
    }
    checkParent(parent);
    return new CommitRequest(summary, description, parent, ops, author);
  }

  private static void checkParent(String parent) {
    if (parent != null && !parent.matches("[0-9a-fA-F]{5,40}")) {
      throw HubError.badRequest("InvalidCommitPayload", "parentCommit must be a commit sha (5-40 hex characters)");
    }
  }

  /** The older JSON form: {summary, description, parentCommit, files, lfsFiles, deletedFiles, deletedFolders}. */
  static CommitRequest parseJson(byte[] body, String author) {
    JsonNode b = Json.parse(body, "commit");
    List<CommitOp> ops = new ArrayList<>();
    for (JsonNode f : b.path("files")) {
      ops.add(fileOp(f, 0));
    }
    for (JsonNode f : b.path("lfsFiles")) {
      ops.add(lfsOp(f, 0));
    }
    for (JsonNode f : b.path("deletedFiles")) {
      ops.add(CommitOp.deleteFile(requiredPath(f, 0)));
    }
    for (JsonNode f : b.path("deletedFolders")) {
      ops.add(CommitOp.deleteFolder(requiredPath(f, 0)));
    }
    String parent = b.hasNonNull("parentCommit") ? b.get("parentCommit").asText() : null;
    checkParent(parent);
    return new CommitRequest(b.path("summary").asText(""), b.path("description").asText(""), parent, ops, author);
  }

  private static String requiredPath(JsonNode v, int line) {
    if (!v.path("path").isTextual()) {
      throw HubError.badRequest("InvalidCommitPayload", "Line " + line + ": operation needs a string 'path'");
    }
    return v.get("path").asText();
  }

  private static CommitOp fileOp(JsonNode v, int line) {
    String path = requiredPath(v, line);
    String enc = v.path("encoding").asText("base64");
    String content = v.path("content").asText("");
    byte[] bytes;
    if (enc.equals("base64")) {
      try {
        bytes = Base64.getMimeDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        throw HubError.badRequest("InvalidCommitPayload", "Line " + line + ": content of " + path
            + " is not valid base64");
      }
    } else if (enc.equals("utf-8") || enc.equals("utf8")) {
      bytes = content.getBytes(StandardCharsets.UTF_8);
    } else {
      throw HubError.badRequest("InvalidCommitPayload", "Line " + line + ": unknown encoding '" + enc + "'");
    }
    return CommitOp.file(path, bytes);
  }

  private static CommitOp lfsOp(JsonNode v, int line) {
    String path = requiredPath(v, line);
    String algo = v.path("algo").asText("sha256");
    String oid = v.path("oid").asText("");
    if (!algo.equals("sha256") || !LfsStore.isOid(oid)) {
      throw HubError.badRequest("InvalidCommitPayload", "Line " + line + ": lfsFile " + path
          + " needs algo sha256 and a 64-hex oid");
    }
    long size = v.has("size") ? v.get("size").asLong(-1) : -1;
    return CommitOp.lfs(path, oid, size);
  }

  // --------------------------------------------------------------- discussions

  void createDiscussion(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "discussion");
    boolean pr = b.path("pullRequest").asBoolean(false);
    RepoMeta.Discussion d = repo.newDiscussion(b.path("title").asText(""), b.path("description").asText(""), pr,
        p.user(), "main");
    if (pr) {
      ObjectId main = repo.refTarget(HubRepo.MAIN);
      if (!repo.casRef("refs/pr/" + d.num, null, main, "open pull request")) {
        throw new HubError(409, "Conflict", "refs/pr/" + d.num + " already exists in " + k.id());
      }
    }
    ex.json(200, discussionJson(ex, repo, d));
  }

  private ObjectNode discussionJson(Exchange ex, HubRepo repo, RepoMeta.Discussion d) {
    ObjectNode o = Json.obj();
    o.put("num", d.num);
    o.put("title", d.title);
    o.put("status", d.status);
    o.put("isPullRequest", d.isPullRequest);
    o.put("createdAt", Json.date(java.time.Instant.parse(d.createdAt)));
    o.putObject("author").put("name", d.author);
    ObjectNode repoNode = o.putObject("repo");
    repoNode.put("name", repo.key().id());
    repoNode.put("type", repo.key().type().singular());
    o.put("url", RepoApi.webUrl(ex.baseUrl(), repo.key()) + "/discussions/" + d.num);
    if (d.isPullRequest) {
      o.put("pullRequestUrl", RepoApi.webUrl(ex.baseUrl(), repo.key()) + "/discussions/" + d.num);
      ObjectNode ch = o.putObject("changes");
      ch.put("base", "refs/heads/" + d.targetBranch);
      if (d.mergeCommitId != null) {
        ch.put("mergeCommitId", d.mergeCommitId);
      }
      o.putArray("filesWithConflicts");
    }
    o.putArray("events");
    return o;
  }

  void getDiscussion(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    RepoMeta.Discussion d = repo.discussion(num);
    if (d == null) {
      throw new HubError(404, "DiscussionNotFound", "Discussion " + num + " not found in " + k.id());
    }
    ex.json(200, discussionJson(ex, repo, d));
  }

  void merge(Exchange ex, RepoKey k, int num) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    RepoMeta.Discussion d = repo.discussion(num);
    if (d == null || !d.isPullRequest) {
      throw new HubError(404, "DiscussionNotFound", "Pull request " + num + " not found in " + k.id());
    }
    if (!d.status.equals("open")) {
      throw HubError.badRequest("PullRequestNotOpen", "Pull request " + num + " of " + k.id() + " is " + d.status);
    }
    String body = d.description == null || d.description.isBlank() ? "" : "\n\n" + d.description;
    ObjectId merged = repo.merge("refs/pr/" + num, "refs/heads/" + d.targetBranch, d.title + body, p.user());
    synchronized (repo) {
      d.status = "merged";
      d.mergeCommitId = merged.name();
      repo.saveMeta();
    }
    ex.json(200, discussionJson(ex, repo, d));
  }
}
