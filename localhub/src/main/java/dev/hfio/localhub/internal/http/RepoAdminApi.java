package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RefNames;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoType;
import dev.hfio.localhub.internal.storage.Resolved;
import java.io.IOException;

/**
 * Repo management beyond create/delete: {@code POST /api/repos/move} (huggingface_hub {@code
 * move_repo}) and {@code POST /api/{type}s/{id}/super-squash/{branch}} ({@code
 * super_squash_history}).
 */
final class RepoAdminApi {
  private final HubContext ctx;

  RepoAdminApi(HubContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Renames a repo. The caller needs write access to the source and to the target namespace; the
   * body is {@code {fromRepo, toRepo, type}} with ids {@code namespace/name}.
   */
  void move(Exchange ex) throws IOException {
    Principal p = RepoAccess.principal(ctx, ex);
    if (p == null || !p.canWrite()) {
      RepoAccess.requireWrite(p, "", "repos");
    }
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "repo move");
    String typeName = b.path("type").isTextual() ? b.path("type").asText() : null;
    RepoType type = RepoType.fromSingular(typeName);
    if (type == null) {
      throw HubError.badRequest("BadRequest", "Field 'type' must be model, dataset or space");
    }
    RepoKey from = key(b.path("fromRepo"), type, "fromRepo");
    RepoKey to = key(b.path("toRepo"), type, "toRepo");
    HubRepo src = RepoAccess.write(ctx, ex, from);
    RepoAccess.requireWrite(p, to.namespace(), to.id());
    RepoKey moved = ctx.repos().move(src.key(), to, RepoApi.webUrl(ex.baseUrl(), to));
    ex.json(200, Json.obj().put("url", RepoApi.webUrl(ex.baseUrl(), moved)));
  }

  private static RepoKey key(JsonNode n, RepoType type, String field) {
    String id = n.isTextual() ? n.asText() : "";
    int slash = id.indexOf('/');
    if (slash < 0 || id.indexOf('/', slash + 1) >= 0) {
      throw HubError.badRequest(
          "InvalidRepoName", "Field '" + field + "' must be a repo id 'namespace/name'");
    }
    return RepoKey.of(type, id.substring(0, slash), id.substring(slash + 1));
  }

  /**
   * Rewrites a branch into one commit with the same tree; write access; tags and other refs stay
   * untouched.
   */
  void superSquash(Exchange ex, RepoKey k, String branch) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    Principal p = RepoAccess.principal(ctx, ex);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "super-squash");
    String ref = RefNames.branchRef(branch);
    Resolved r = ref == null ? null : repo.resolve(branch);
    if (r == null || !ref.equals(r.refName())) {
      if (r != null && (r.isTag() || r.refName() == null)) {
        throw HubError.badRequest(
            "RevisionNotBranch",
            "Cannot super-squash revision '"
                + RefNames.shown(branch)
                + "' of "
                + repo.key().id()
                + ": only a branch can be squashed");
      }
      throw HubError.revisionNotFound(repo.key().id(), RefNames.shown(branch));
    }
    String message = b.path("message").isTextual() ? b.path("message").asText().strip() : "";
    if (message.length() > 65_536) {
      throw HubError.badRequest("BadRequest", "Field 'message' must be at most 65536 characters");
    }
    if (message.isEmpty()) {
      message = "Super-squash branch '" + branch + "'";
    }
    ex.json(200, Json.obj().put("commitId", repo.superSquash(ref, message, p.user()).name()));
  }
}
