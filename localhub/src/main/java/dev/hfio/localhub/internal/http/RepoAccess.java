package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoKey;
import dev.hfio.localhub.internal.storage.RepoType;

/**
 * Authorisation rules: public repos are readable by anyone; private repos only by their namespace's
 * user and the dev super user (everyone else gets RepoNotFound, so existence does not leak: 401 for
 * anonymous callers, 404 for authenticated ones, as the Hub answers). Writes need a write token
 * whose user owns the namespace (the dev user owns every namespace). Files of a gated repo need
 * access on top ({@link Gating}).
 */
final class RepoAccess {
  private RepoAccess() {}

  static boolean canRead(Principal p, HubRepo repo) {
    if (!repo.meta().isPrivate) {
      return true;
    }
    return p != null
        && (p.superUser() || owns(p, repo.key().namespace()) || p.user().equals(repo.meta().owner));
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

  /**
   * Like {@link #read}, plus the gate: file downloads (resolve, LFS batch download) of a gated
   * repo.
   */
  static HubRepo download(HubContext ctx, Exchange ex, RepoKey key) {
    HubRepo repo = read(ctx, ex, key);
    Gating.check(repo, principal(ctx, ex), ex.baseUrl());
    return repo;
  }

  /**
   * The key named by a URL. A name that would be invalid to create names no repo: RepoNotFound, as
   * the Hub answers (the invalid text is not echoed).
   */
  static RepoKey urlKey(RepoType type, String namespace, String name) {
    if (!RepoKey.isValidName(namespace) || !RepoKey.isValidName(name)) {
      throw new HubError(
          404,
          "RepoNotFound",
          "Repository not found: the "
              + type.singular()
              + " id in this URL is"
              + " not a valid repo id. Check the repo id and type, and that your token can read it.");
    }
    return RepoKey.of(type, namespace, name);
  }

  /**
   * The Hub's answer to an anonymous caller for a repo it cannot see is 401 (with {@code
   * X-Error-Code: RepoNotFound}), to an authenticated one 404: applied to every RepoNotFound before
   * it is sent.
   */
  static HubError forCaller(HubContext ctx, Exchange ex, HubError e) {
    if (e.status() != 404 || !"RepoNotFound".equals(e.code())) {
      return e;
    }
    Principal p;
    try {
      p = principal(ctx, ex);
    } catch (HubError invalid) {
      return invalid; // a bad token is answered as such, whatever the repo
    }
    if (p != null) {
      return e;
    }
    HubError anon = new HubError(401, "RepoNotFound", e.getMessage());
    e.extraBody().forEach(anon::with);
    return anon;
  }

  static HubRepo write(HubContext ctx, Exchange ex, RepoKey key) {
    Principal p = principal(ctx, ex);
    HubRepo repo = read(ctx, ex, key);
    requireWrite(
        p,
        repo.key().namespace(),
        repo.key().id()); // the stored spelling: ids are case-insensitive
    return repo;
  }

  static Principal requireWrite(Principal p, String namespace, String what) {
    if (p == null) {
      throw new HubError(
          401,
          "Unauthorized",
          "You must be authenticated with a write token to modify "
              + what
              + "; send Authorization: Bearer hf_...");
    }
    if (!p.canWrite()) {
      throw new HubError(
          403,
          "Forbidden",
          "Your token has the read role; a write token is required to modify " + what);
    }
    if (!owns(p, namespace)) {
      throw new HubError(
          403,
          "Forbidden",
          "User " + p.user() + " cannot write to namespace " + namespace + " (" + what + ")");
    }
    return p;
  }

  static Principal principal(HubContext ctx, Exchange ex) {
    return ctx.tokens().authenticate(ex.header("Authorization"));
  }
}
