package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RefNames;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.Resolved;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;

/** Ref routes: list refs, create/delete branches and tags. */
final class RefsApi {
  private final HubContext ctx;

  RefsApi(HubContext ctx) {
    this.ctx = ctx;
  }

  void refs(Exchange ex, RepoKey k) throws IOException {
    HubRepo repo = RepoAccess.read(ctx, ex, k);
    ObjectNode o = Json.obj();
    addRefs(o.putArray("branches"), repo.refs("refs/heads/"), "refs/heads/");
    addRefs(o.putArray("converts"), repo.refs("refs/convert/"), "refs/convert/");
    addRefs(o.putArray("tags"), repo.refs("refs/tags/"), "refs/tags/");
    if (ex.qBool("include_prs")) {
      addRefs(o.putArray("pullRequests"), repo.refs("refs/pr/"), "refs/pr/");
    }
    ex.json(200, o);
  }

  private static void addRefs(ArrayNode a, Map<String, ObjectId> refs, String prefix) {
    refs.forEach(
        (name, id) -> {
          ObjectNode r = a.addObject();
          r.put("name", name.substring(prefix.length()));
          r.put("ref", name);
          r.put("targetCommit", id.name());
        });
  }

  private static String refOrInvalid(String ref, String what) {
    if (ref == null) {
      throw HubError.badRequest(
          "InvalidRefName",
          "Invalid "
              + what
              + " name: use letters, digits and '-', '_', '.',"
              + " '/' (git check-ref-format: no '..', '@{', spaces, control characters or ~^:?*[\\, no component"
              + " starting with '.' or ending with '.lock', at most 200 characters)");
    }
    return ref;
  }

  void createBranch(Exchange ex, RepoKey k, String branch) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    // localhub extension: "refs/convert/<name>" creates that special ref (as the Hub's parquet bot
    // owns it)
    String ref = refOrInvalid(RefNames.branchRef(branch), "branch");
    byte[] body = ex.body(ctx.maxBodyBytes());
    JsonNode b = body.length == 0 ? Json.obj() : Json.parse(body, "branch creation");
    ObjectId target;
    if (b.path("emptyBranch").asBoolean(false)) {
      target =
          repo.writeCommit(
              repo.emptyTree(),
              "Create empty branch " + branch,
              RepoAccess.principal(ctx, ex).user());
    } else {
      String start = b.hasNonNull("startingPoint") ? b.get("startingPoint").asText() : "main";
      target = repo.resolve(start).commit();
    }
    ObjectId existing = repo.refTarget(ref);
    if (existing != null && !b.path("overwrite").asBoolean(false)) {
      throw new HubError(409, "Conflict", "Reference already exists: " + ref + " in " + k.id());
    }
    if (!repo.casRef(ref, existing, target, "branch")) {
      throw new HubError(
          409, "Conflict", "Branch " + branch + " was changed concurrently in " + k.id());
    }
    ex.json(200, Json.obj());
  }

  void deleteBranch(Exchange ex, RepoKey k, String branch) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    String ref = RefNames.branchRef(branch);
    if (HubRepo.MAIN.equals(ref)) {
      throw HubError.badRequest(
          "CannotDeleteDefaultBranch", "Cannot delete the default branch main of " + k.id());
    }
    if (ref == null || repo.refTarget(ref) == null) {
      throw HubError.revisionNotFound(k.id(), RefNames.shown(branch));
    }
    repo.deleteRef(ref);
    ex.json(200, Json.obj());
  }

  void createTag(Exchange ex, RepoKey k, String rev) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    JsonNode b = Json.parse(ex.body(ctx.maxBodyBytes()), "tag creation");
    String tag = b.path("tag").asText("");
    refOrInvalid(RefNames.tagRef(tag), "tag");
    Resolved r = repo.resolve(rev);
    repo.createTag(
        tag, r.commit(), b.path("message").asText(""), RepoAccess.principal(ctx, ex).user());
    ex.json(200, Json.obj());
  }

  void deleteTag(Exchange ex, RepoKey k, String tag) throws IOException {
    HubRepo repo = RepoAccess.write(ctx, ex, k);
    String ref = RefNames.tagRef(tag);
    if (ref == null || repo.refTarget(ref) == null) {
      throw HubError.revisionNotFound(k.id(), RefNames.shown(tag));
    }
    repo.deleteRef(ref);
    ex.json(200, Json.obj());
  }
}
