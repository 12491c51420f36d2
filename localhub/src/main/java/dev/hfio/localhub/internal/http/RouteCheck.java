package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.internal.auth.Principal;

/**
 * The authentication/authorisation check of a route that does not depend on its body: it runs
 * before any body byte is read, so a write without a (valid, write) token costs no body transfer.
 */
enum RouteCheck {
  /** No check before the body; the handler checks access itself. */
  NONE,
  /** The repo of the path must exist and be readable by the caller. */
  READ,
  /** The repo of the path must be writable by the caller. */
  WRITE,
  /**
   * May take part in the repo's discussions: read access plus a write-role token (as on the Hub).
   */
  PARTICIPANT,
  /**
   * May commit to the revision of the path: a writer, or a PR participant with create_pr=1 / on
   * their own PR.
   */
  COMMITTER,
  /** Any write token (repo create/delete name their repo in the body, which is not read yet). */
  WRITE_TOKEN;

  void run(HubContext ctx, Exchange ex, RouteParams p) {
    switch (this) {
      case NONE -> {}
      case READ -> RepoAccess.read(ctx, ex, p.key());
      case WRITE -> RepoAccess.write(ctx, ex, p.key());
      case PARTICIPANT -> DiscussionApi.participant(ctx, ex, p.key());
      case COMMITTER -> CommitApi.committer(ctx, ex, p.key(), p.restJoined());
      case WRITE_TOKEN -> {
        Principal who = RepoAccess.principal(ctx, ex);
        if (who == null || !who.canWrite()) {
          RepoAccess.requireWrite(who, "", "repos");
        }
      }
      default -> throw new IllegalStateException();
    }
  }
}
