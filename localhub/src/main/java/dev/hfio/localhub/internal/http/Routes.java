package dev.hfio.localhub.internal.http;

import static dev.hfio.localhub.RouteClass.API;
import static dev.hfio.localhub.RouteClass.COMMIT;
import static dev.hfio.localhub.RouteClass.LFS;
import static dev.hfio.localhub.RouteClass.RESOLVE;
import static dev.hfio.localhub.internal.http.Route.of;
import static dev.hfio.localhub.internal.http.RouteCheck.COMMITTER;
import static dev.hfio.localhub.internal.http.RouteCheck.PARTICIPANT;
import static dev.hfio.localhub.internal.http.RouteCheck.READ;
import static dev.hfio.localhub.internal.http.RouteCheck.WRITE;
import static dev.hfio.localhub.internal.http.RouteCheck.WRITE_TOKEN;

import java.util.List;

/**
 * Every route of localhub in one table: methods, path pattern ({@link RoutePattern}), route class,
 * counter key (counted as {@code "<METHOD> <key>"}; tests and sdk budgets read these keys), body
 * kind ({@link RouteBody}, default JSON), pre-body check ({@link RouteCheck}, default none) and
 * handler. HEAD is answered by every GET route. A path no row matches is a 404 "No route". {@code
 * /admin/*} (test control, admin token) is dispatched before this table.
 */
final class Routes {
  private Routes() {}

  static List<Route> table(HubContext ctx) {
    RepoApi repos = new RepoApi(ctx);
    TreeApi tree = new TreeApi(ctx);
    RefsApi refs = new RefsApi(ctx);
    CommitApi commits = new CommitApi(ctx);
    DiscussionApi discussions = new DiscussionApi(ctx);
    RepoAdminApi admin = new RepoAdminApi(ctx);
    GatingApi gating = new GatingApi(ctx);
    LfsApi lfs = new LfsApi(ctx);
    ResolveApi resolve = new ResolveApi(ctx);
    String repo = "/api/{type}s/{ns}/{name}";
    String id = "/api/{type}s/{id}";
    return List.of(
        // account, repo lifecycle, listing
        of("GET", "/api/whoami-v2", API, "/api/whoami-v2", (x, p) -> repos.whoami(x)),
        of(
            "POST",
            "/api/validate-yaml",
            API,
            "/api/validate-yaml",
            (x, p) -> repos.validateYaml(x)),
        of("POST", "/api/repos/create", API, "/api/repos/create", (x, p) -> repos.create(x))
            .pre(WRITE_TOKEN),
        of("DELETE", "/api/repos/delete", API, "/api/repos/delete", (x, p) -> repos.delete(x))
            .pre(WRITE_TOKEN),
        of("POST", "/api/repos/move", API, "/api/repos/move", (x, p) -> admin.move(x))
            .pre(WRITE_TOKEN),
        of("GET", "/api/{type}s", API, "/api/{type}s", (x, p) -> repos.listRepos(x, p.type())),
        of("GET", repo, API, id, (x, p) -> repos.info(x, p.key(), "main")),
        of(
            "GET",
            repo + "/revision/{rev...}",
            API,
            id + "/revision",
            (x, p) -> repos.info(x, p.key(), p.restJoined())),
        of(
                "PUT",
                repo + "/settings/{ignored...}",
                API,
                id + "/settings",
                (x, p) -> repos.settings(x, p.key()))
            .pre(WRITE),
        // tree
        of(
            "GET",
            repo + "/tree/{rev...}",
            API,
            id + "/tree",
            (x, p) -> tree.tree(x, p.key(), p.rest())),
        of(
                "POST",
                repo + "/paths-info/{rev...}",
                API,
                id + "/paths-info",
                (x, p) -> tree.pathsInfo(x, p.key(), p.restJoined()))
            .body(RouteBody.LIST)
            .pre(READ),
        // refs
        of("GET", repo + "/refs/{ignored...}", API, id + "/refs", (x, p) -> refs.refs(x, p.key())),
        of(
                "POST",
                repo + "/branch/{branch...}",
                API,
                id + "/branch",
                (x, p) -> refs.createBranch(x, p.key(), p.restJoined()))
            .pre(WRITE),
        of(
                "DELETE",
                repo + "/branch/{branch...}",
                API,
                id + "/branch",
                (x, p) -> refs.deleteBranch(x, p.key(), p.restJoined()))
            .pre(WRITE),
        of(
                "POST",
                repo + "/tag/{rev...}",
                API,
                id + "/tag",
                (x, p) -> refs.createTag(x, p.key(), p.restJoined()))
            .pre(WRITE),
        of(
                "DELETE",
                repo + "/tag/{tag...}",
                API,
                id + "/tag",
                (x, p) -> refs.deleteTag(x, p.key(), p.restJoined()))
            .pre(WRITE),
        // commits
        of(
            "GET",
            repo + "/commits/{rev...}",
            API,
            id + "/commits",
            (x, p) -> commits.commits(x, p.key(), p.revOrMain())),
        of(
                "POST",
                repo + "/preupload/{rev...}",
                API,
                id + "/preupload",
                (x, p) -> commits.preupload(x, p.key(), p.restJoined()))
            .body(RouteBody.LIST)
            .pre(WRITE),
        of(
                "POST",
                repo + "/commit/{rev...}",
                COMMIT,
                id + "/commit",
                (x, p) -> commits.commit(x, p.key(), p.restJoined()))
            .body(RouteBody.COMMIT)
            .pre(COMMITTER),
        of(
                "POST",
                repo + "/super-squash/{branch...}",
                API,
                id + "/super-squash/{branch}",
                (x, p) -> admin.superSquash(x, p.key(), p.restJoined()))
            .pre(WRITE),
        // discussions and pull requests
        of(
            "GET",
            repo + "/discussions",
            API,
            id + "/discussions",
            (x, p) -> discussions.list(x, p.key())),
        of(
                "POST",
                repo + "/discussions",
                API,
                id + "/discussions",
                (x, p) -> discussions.create(x, p.key()))
            .pre(PARTICIPANT),
        of(
            "GET",
            repo + "/discussions/{num}",
            API,
            id + "/discussions/{num}",
            (x, p) -> discussions.details(x, p.key(), p.num())),
        of(
                "POST",
                repo + "/discussions/{num}/comment",
                API,
                id + "/discussions/{num}/comment",
                (x, p) -> discussions.comment(x, p.key(), p.num()))
            .pre(PARTICIPANT),
        of(
                "POST",
                repo + "/discussions/{num}/status",
                API,
                id + "/discussions/{num}/status",
                (x, p) -> discussions.status(x, p.key(), p.num()))
            .pre(PARTICIPANT),
        of(
                "POST",
                repo + "/discussions/{num}/title",
                API,
                id + "/discussions/{num}/title",
                (x, p) -> discussions.title(x, p.key(), p.num()))
            .pre(PARTICIPANT),
        of(
                "POST",
                repo + "/discussions/{num}/merge",
                COMMIT,
                id + "/discussions/{num}/merge",
                (x, p) -> discussions.merge(x, p.key(), p.num()))
            .pre(WRITE),
        of(
                "POST",
                repo + "/discussions/{num}/comment/{cid}/edit",
                API,
                id + "/discussions/{num}/comment/{id}/edit",
                (x, p) ->
                    discussions.editComment(x, p.key(), p.num(), Exchange.decode(p.get("cid"))))
            .pre(PARTICIPANT),
        of(
                "POST PUT",
                repo + "/discussions/{num}/comment/{cid}/hide",
                API,
                id + "/discussions/{num}/comment/{id}/hide",
                (x, p) ->
                    discussions.hideComment(x, p.key(), p.num(), Exchange.decode(p.get("cid"))))
            .pre(WRITE),
        // gated repos: a user's access request (web path, as the Hub's form), the owner's review
        of(
            "POST",
            "/{type?}/{ns}/{name}/ask-access",
            API,
            "/{type}/{id}/ask-access",
            (x, p) -> gating.askAccess(x, p.key())),
        of(
            "GET",
            repo + "/user-access-request/{status}",
            API,
            id + "/user-access-request/{status}",
            (x, p) -> gating.list(x, p.key(), Exchange.decode(p.get("status")))),
        of(
                "POST",
                repo + "/user-access-request/handle",
                API,
                id + "/user-access-request/handle",
                (x, p) -> gating.handle(x, p.key()))
            .pre(WRITE),
        of(
                "POST",
                repo + "/user-access-request/grant",
                API,
                id + "/user-access-request/grant",
                (x, p) -> gating.grant(x, p.key()))
            .pre(WRITE),
        // git LFS: batch on the repo, then one-time ticket URLs
        of(
                "POST",
                "/{type?}/{ns}/{name}.git/info/lfs/objects/batch",
                LFS,
                "/{type}/{id}.git/info/lfs/objects/batch",
                (x, p) -> lfs.batch(x, p.key()))
            .pre(READ)
            .validateKeyAtMatch(),
        of(
                "PUT",
                "/lfs-upload/{ticket}",
                LFS,
                "/lfs-upload/{ticket}",
                (x, p) -> lfs.upload(x, p.get("ticket")))
            .body(RouteBody.STREAM),
        of(
            "POST",
            "/lfs-upload/{ticket}",
            LFS,
            "/lfs-upload/{ticket} (complete)",
            (x, p) -> lfs.complete(x, p.get("ticket"))),
        of(
                "PUT",
                "/lfs-upload/{ticket}/{part}",
                LFS,
                "/lfs-upload/{ticket}/{part}",
                (x, p) -> lfs.part(x, p.get("ticket"), p.get("part")))
            .body(RouteBody.STREAM),
        of(
            "POST",
            "/lfs-verify/{ticket}",
            LFS,
            "/lfs-verify/{ticket}",
            (x, p) -> lfs.verify(x, p.get("ticket"))),
        of(
            "GET",
            "/lfs-download/{ticket}",
            LFS,
            "/lfs-download/{ticket}",
            (x, p) -> lfs.download(x, p.get("ticket"))),
        // file downloads (web paths; {rev...} is a revision then a file path, see RevPath)
        of(
            "GET",
            "/{type?}/{ns}/{name}/resolve/{rev...}",
            RESOLVE,
            "/{type}/{id}/resolve",
            (x, p) -> resolve.serve(x, p.key(), p.rest(), false)),
        of(
            "GET",
            "/{type?}/{ns}/{name}/raw/{rev...}",
            RESOLVE,
            "/{type}/{id}/raw",
            (x, p) -> resolve.serve(x, p.key(), p.rest(), true)));
  }
}
