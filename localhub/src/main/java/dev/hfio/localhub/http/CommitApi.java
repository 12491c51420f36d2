package dev.hfio.localhub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.auth.Principal;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.storage.BlobSink;
import dev.hfio.localhub.storage.CommitRequest;
import dev.hfio.localhub.storage.HubRepo;
import dev.hfio.localhub.storage.RefNames;
import dev.hfio.localhub.storage.RepoKey;
import dev.hfio.localhub.storage.RepoMeta;
import dev.hfio.localhub.storage.Resolved;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jgit.lib.ObjectId;

/** Commit (NDJSON and legacy JSON), also with {@code create_pr=1}; discussions and merges live in DiscussionApi. */
final class CommitApi {
  private final HubContext ctx;

  CommitApi(HubContext ctx) {
    this.ctx = ctx;
  }

  /** Regular (non-LFS) files larger than this must go through LFS: the Hub's 10 MiB, or the preupload threshold. */
  static long maxRegularFile(HubContext ctx) {
    return Math.max(10L << 20, ctx.lfsThresholdBytes());
  }

  /**
   * Who may commit: users with write access to the repo, anywhere; and, as on the Hub, anyone who may open a pull
   * request (a write-role token that can read the repo) with {@code create_pr=1}, or to {@code refs/pr/N} of an open
   * pull request they authored.
   */
  static HubRepo committer(HubContext ctx, Exchange ex, RepoKey k, String rev) {
    boolean createPr = ex.qBool("create_pr");
    if (!createPr && !rev.startsWith("refs/pr/")) {
      return RepoAccess.write(ctx, ex, k);
    }
    HubRepo repo = DiscussionApi.participant(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    if (createPr || RepoAccess.owns(p, repo.key().namespace())) {
      return repo;
    }
    String digits = rev.substring("refs/pr/".length());
    if (digits.matches("[0-9]{1,9}")) {
      synchronized (repo) {
        RepoMeta.Discussion d = repo.discussion(Integer.parseInt(digits));
        if (d != null && d.isPullRequest && d.status.equals("open") && p.user().equals(d.author)) {
          return repo;
        }
      }
    }
    throw new HubError(403, "Forbidden", "User " + p.user() + " cannot commit to " + RefNames.shown(rev) + " of "
        + repo.key().id() + ": only to an open pull request they opened (or with create_pr=1)");
  }

  void commit(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = committer(ctx, ex, k, rev);
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
}
