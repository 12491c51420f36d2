package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import dev.hfio.localhub.internal.storage.RepoMeta;

/**
 * The gate of a gated repo: its card, info and tree stay visible to whoever can read the repo, but
 * its files (resolve, LFS batch download, and so every URL minted there) need access: the owner,
 * the namespace's user and the dev super user always have it, everyone else once their access
 * request is accepted. Answers as the Hub does: 401 {@code GatedRepo} to anonymous callers, 403
 * {@code GatedRepo} to users without access.
 */
final class Gating {
  private Gating() {}

  static final String AUTO = "auto";
  static final String MANUAL = "manual";

  /** True when the principal may download the repo's files. */
  static boolean hasAccess(Principal p, HubRepo repo) {
    synchronized (repo) {
      RepoMeta m = repo.meta();
      if (m.gated == null) {
        return true;
      }
      if (p == null) {
        return false;
      }
      if (isAdmin(p, repo)) {
        return true;
      }
      RepoMeta.AccessRequest r = request(m, p.user());
      return r != null && r.status.equals("accepted");
    }
  }

  /** Owners of the repo: its creator, its namespace's user and the dev super user. */
  static boolean isAdmin(Principal p, HubRepo repo) {
    return RepoAccess.owns(p, repo.key().namespace()) || p.user().equals(repo.meta().owner);
  }

  static void check(HubRepo repo, Principal p, String baseUrl) {
    if (hasAccess(p, repo)) {
      return;
    }
    String what = repo.key().type().singular() + " " + repo.key().id();
    if (p == null) {
      throw new HubError(
          401,
          "GatedRepo",
          "Cannot access gated repo "
              + repo.key().id()
              + ": the files of this "
              + what
              + " are restricted to users granted access; authenticate with a token of such a user.");
    }
    throw new HubError(
        403,
        "GatedRepo",
        "Cannot access gated repo "
            + repo.key().id()
            + ": user "
            + p.user()
            + " has not been granted access to the files of this "
            + what
            + "; ask for access at "
            + RepoApi.webUrl(baseUrl, repo.key())
            + " and wait for the owner's approval.");
  }

  /** The user's access request, or null. Call while holding the repo's lock. */
  static RepoMeta.AccessRequest request(RepoMeta m, String user) {
    for (RepoMeta.AccessRequest r : m.accessRequests) {
      if (r.user.equals(user)) {
        return r;
      }
    }
    return null;
  }
}
