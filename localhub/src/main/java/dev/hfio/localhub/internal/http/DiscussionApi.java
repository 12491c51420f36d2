package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoMeta;
import java.io.IOException;
import java.time.Instant;
import org.eclipse.jgit.lib.ObjectId;

/** Discussion routes: create a discussion or pull request, read its details, merge a pull request. */
final class DiscussionApi {
  private final HubContext ctx;

  DiscussionApi(HubContext ctx) {
    this.ctx = ctx;
  }

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
    o.put("createdAt", Json.date(Instant.parse(d.createdAt)));
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
