package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.BlobSink;
import dev.hfio.localhub.internal.storage.CommitRequest;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoMeta;
import dev.hfio.localhub.internal.storage.Resolved;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.lib.ObjectId;

/** Commit (NDJSON and legacy JSON), pull-request creation and merge, minimal discussion details. */
final class CommitApi {
  private final HubContext ctx;

  CommitApi(HubContext ctx) {
    this.ctx = ctx;
  }

  /** Regular (non-LFS) files larger than this must go through LFS: the Hub's 10 MiB, or the preupload threshold. */
  static long maxRegularFile(HubContext ctx) {
    return Math.max(10L << 20, ctx.lfsThresholdBytes());
  }

  void commit(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    Resolved r = repo.resolve(rev);
    boolean createPr = ex.qBool("create_pr");
    if (!createPr && !r.isWritable()) {
      throw HubError.badRequest("RevisionNotBranch", "Cannot commit to revision '" + rev + "' of " + k.id()
          + ": it is not a branch (tags and commits are read-only)");
    }
    if (createPr && !r.isBranch()) {
      throw HubError.revisionNotFound(k.id(), rev + " (create_pr needs a branch)");
    }
    String ct = mediaType(ex.header("Content-Type"));
    CommitParser parser = new CommitParser(maxRegularFile(ctx), ctx.maxBodyBytes());
    CommitRequest req;
    try (BlobSink sink = repo.blobSink()) {
      if (ct.equals("application/x-ndjson") || ct.equals("application/ndjson") || ct.isEmpty()) {
        try (InputStream in = ex.bodyStream()) {
          req = parser.ndjson(in, sink, p.user());
        }
      } else if (ct.equals("application/json")) {
        req = parser.json(ex.body(Math.min(ctx.maxBodyBytes(), parser.maxLine())), sink, p.user());
      } else {
        throw new HubError(415, "UnsupportedMediaType", "A commit body must be application/x-ndjson (or the legacy"
            + " application/json object), not '" + printable(ct) + "'");
      }
      sink.flush();
    }
    ObjectNode o = Json.obj();
    ObjectId commit;
    if (createPr) {
      ObjectId base = req.parentCommit() != null ? repo.resolve(req.parentCommit()).commit() : r.commit();
      RepoMeta.Discussion d = repo.newDiscussion(req.summary(), req.description(), true, p.user(),
          r.refName().substring("refs/heads/".length()));
      commit = repo.applyCommit("refs/pr/" + d.num, base,
          new CommitRequest(req.summary(), req.description(), null, req.ops(), req.author()));
      o.put("pullRequestUrl", RepoApi.webUrl(ex.baseUrl(), k) + "/discussions/" + d.num);
    } else {
      commit = repo.applyCommit(r.refName(), null, req);
    }
    o.put("success", true);
    o.put("commitOid", commit.name());
    o.put("commitUrl", RepoApi.webUrl(ex.baseUrl(), k) + "/commit/" + commit.name());
    o.put("hookOutput", "");
    ex.json(200, o);
  }

  /** The media type of a Content-Type header, lower case, without parameters; empty when absent. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
  }

  private static String printable(String s) {
    String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
    return t.replaceAll("[^A-Za-z0-9_.+/-]", "?");
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
