package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;

/**
 * Authorisation rules: public repos are readable by anyone; private repos only by their namespace's user and the dev
 * super user (everyone else gets 404 RepoNotFound, so existence does not leak). Writes need a write token whose user
 * owns the namespace (the dev user owns every namespace).
 */
final class RepoAccess {
  private RepoAccess() {}

  static boolean canRead(Principal p, HubRepo repo) {
    if (!repo.meta().isPrivate) {
      return true;
    }
    return p != null && (p.superUser() || owns(p, repo.key().namespace()) || p.user().equals(repo.meta().owner));
  }

  static boolean owns(Principal p, String namespace) {
    return p.superUser() || p.user().equals(namespace);
  }

  static HubRepo read(HubContext ctx, Exchange ex, RepoKey key) {
    Principal p = principal(ctx, ex);
    HubRepo repo = ctx.repos().find(key);
    if (repo == null || !canRead(p, repo)) {
      throw HubError.repoNotFound(key.id());
    }
    return repo;
  }

  static HubRepo write(HubContext ctx, Exchange ex, RepoKey key) {
    Principal p = principal(ctx, ex);
    HubRepo repo = read(ctx, ex, key);
    requireWrite(p, repo.key().namespace(), repo.key().id()); // the stored spelling: ids are case-insensitive
    return repo;
  }

  static Principal requireWrite(Principal p, String namespace, String what) {
    if (p == null) {
      throw new HubError(401, "Unauthorized", "You must be authenticated with a write token to modify " + what
          + "; send Authorization: Bearer hf_...");
    }
    if (!p.canWrite()) {
      throw new HubError(403, "Forbidden", "Your token has the read role; a write token is required to modify "
          + what);
    }
    if (!owns(p, namespace)) {
      throw new HubError(403, "Forbidden", "User " + p.user() + " cannot write to namespace " + namespace + " ("
          + what + ")");
    }
    return p;
  }

  static Principal principal(HubContext ctx, Exchange ex) {
    return ctx.tokens().authenticate(ex.header("Authorization"));
  }
}
