package dev.hfio.localhub.http;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.storage.RepoKey;
import dev.hfio.localhub.storage.RepoType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single Jetty core handler: routes on the raw (still percent-encoded) URI path, counts the request, applies
 * injected faults, runs the route and turns {@link HubError}s into Hub-style error responses.
 */
public final class HubHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(HubHandler.class);

  private final HubContext ctx;
  private final RepoApi repoApi;
  private final CommitApi commitApi;
  private final ResolveApi resolveApi;
  private final LfsApi lfsApi;
  private final AdminApi adminApi;

  public HubHandler(HubContext ctx) {
    this.ctx = ctx;
    this.repoApi = new RepoApi(ctx);
    this.commitApi = new CommitApi(ctx);
    this.resolveApi = new ResolveApi(ctx);
    this.lfsApi = new LfsApi(ctx);
    this.adminApi = new AdminApi(ctx);
  }

  interface Action {
    void run(Exchange ex) throws Exception;
  }

  record Route(RouteClass cls, String detail, Action action) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response, callback, ctx.ops());
    try {
      if (!ex.raw.isEmpty() && ex.raw.get(0).equals("admin")) {
        adminApi.handle(ex);
        return true;
      }
      Route route = route(ex);
      if (route == null) {
        throw new HubError(404, "NotFound", "No route for " + LogRedaction.path(ex.method) + " "
            + LogRedaction.path(request.getHttpURI().getPath()));
      }
      ctx.ops().count(route.cls(), ex.method + " " + route.detail());
      Fault f = ctx.ops().nextFault(route.cls());
      if (f != null) {
        switch (f.kind()) {
          case STATUS -> throw new HubError(f.status(), "InjectedFault", "Injected fault: status " + f.status());
          case RATE_LIMITED -> {
            String bucket = route.cls() == RouteClass.RESOLVE ? "resolvers" : "api";
            response.getHeaders().put("RateLimit", "\"" + bucket + "\";r=0;t=" + f.resetSeconds());
            response.getHeaders().put("RateLimit-Policy", "\"fixed window\";\"" + bucket + "\";q=1000;w=300");
            response.getHeaders().put("Retry-After", String.valueOf(f.resetSeconds()));
            throw new HubError(429, "RateLimited", "Injected fault: rate limited, retry in " + f.resetSeconds()
                + " s");
          }
          case RESET -> {
            ex.resetConnection();
            return true;
          }
          case TRUNCATE -> ex.truncateAfter = f.afterBytes();
          case DELAY -> Thread.sleep(f.delayDuration().toMillis());
          default -> throw new IllegalStateException();
        }
      }
      route.action().run(ex);
      ex.finish();
    } catch (HubError e) {
      respondError(ex, e);
    } catch (Exchange.TruncatedException e) {
      ex.resetConnection();
    } catch (EofException e) {
      ex.abort(e);
    } catch (InterruptedException e) {
      // the hub is closing while this request waits (e.g. in a delay fault): drop it quietly
      Thread.currentThread().interrupt();
      ex.abort(e);
    } catch (Throwable t) {
      if (isClientGone(t)) {
        ex.abort(t);
      } else {
        // full detail only in the server log; the client learns the request id to quote, nothing else
        String rid = ex.resp.getHeaders().get("X-Request-Id");
        LOG.error("internal error on {} {} rid={}", LogRedaction.path(ex.method),
            LogRedaction.path(request.getHttpURI().getPath()), rid, t);
        respondError(ex, new HubError(500, "InternalError", "Internal error; request id " + rid));
      }
    }
    return true;
  }

  private static boolean isClientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EofException || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private static void respondError(Exchange ex, HubError e) {
    try {
      if (ex.finished()) {
        return;
      }
      ex.truncateAfter = -1;
      if (!ex.resp.isCommitted() && !ex.method.equals("GET") && !ex.method.equals("HEAD")) {
        // read what the client is still sending (bounded) so it sees this answer instead of a reset
        try (java.io.InputStream in = ex.bodyStream()) {
          dev.hfio.localhub.lfs.LfsStore.drain(in);
        } catch (IOException | RuntimeException ignored) {
          // the client went away or the body was already consumed: answer anyway
        }
      }
      ex.error(e);
    } catch (IOException | RuntimeException io) {
      ex.abort(io);
    }
  }

  private static final Map<String, RepoType> PREFIXES = Map.of("datasets", RepoType.DATASET, "spaces",
      RepoType.SPACE);

  Route route(Exchange ex) {
    List<String> s = ex.raw;
    String m = ex.method;
    if (s.isEmpty()) {
      return null;
    }
    switch (s.get(0)) {
      case "api" -> {
        return apiRoute(ex, s.subList(1, s.size()), m);
      }
      case "lfs-upload" -> {
        if (s.size() == 2 && m.equals("PUT")) {
          return new Route(RouteClass.LFS, "/lfs-upload/{ticket}", x -> lfsApi.upload(x, s.get(1)));
        }
        if (s.size() == 2 && m.equals("POST")) {
          return new Route(RouteClass.LFS, "/lfs-upload/{ticket} (complete)", x -> lfsApi.complete(x, s.get(1)));
        }
        if (s.size() == 3 && m.equals("PUT")) {
          return new Route(RouteClass.LFS, "/lfs-upload/{ticket}/{part}", x -> lfsApi.part(x, s.get(1), s.get(2)));
        }
        return null;
      }
      case "lfs-verify" -> {
        return s.size() == 2 && m.equals("POST")
            ? new Route(RouteClass.LFS, "/lfs-verify/{ticket}", x -> lfsApi.verify(x, s.get(1))) : null;
      }
      case "lfs-download" -> {
        return s.size() == 2 && (m.equals("GET") || m.equals("HEAD"))
            ? new Route(RouteClass.LFS, "/lfs-download/{ticket}", x -> lfsApi.download(x, s.get(1))) : null;
      }
      default -> {
        RepoType type = PREFIXES.get(s.get(0));
        List<String> rest = type == null ? s : s.subList(1, s.size());
        if (type == null) {
          type = RepoType.MODEL;
        }
        if (rest.size() < 2) {
          return null;
        }
        String ns = Exchange.decode(rest.get(0));
        String name = Exchange.decode(rest.get(1));
        List<String> tail = rest.subList(2, rest.size());
        RepoType t = type;
        if (name.endsWith(".git") && tail.equals(List.of("info", "lfs", "objects", "batch")) && m.equals("POST")) {
          RepoKey k = RepoKey.of(t, ns, name.substring(0, name.length() - 4));
          return new Route(RouteClass.LFS, "/{type}/{id}.git/info/lfs/objects/batch", x -> lfsApi.batch(x, k));
        }
        if (!tail.isEmpty() && (tail.get(0).equals("resolve") || tail.get(0).equals("raw"))
            && (m.equals("GET") || m.equals("HEAD"))) {
          boolean raw = tail.get(0).equals("raw");
          List<String> revPath = tail.subList(1, tail.size());
          return new Route(RouteClass.RESOLVE, "/{type}/{id}/" + tail.get(0),
              x -> resolveApi.serve(x, RepoKey.of(t, ns, name), revPath, raw));
        }
        return null;
      }
    }
  }

  private Route apiRoute(Exchange ex, List<String> s, String method) {
    String m = method.equals("HEAD") ? "GET" : method; // HEAD on any GET route (e.g. existence checks)
    if (s.isEmpty()) {
      return null;
    }
    if (s.size() == 1 && s.get(0).equals("whoami-v2") && m.equals("GET")) {
      return new Route(RouteClass.API, "/api/whoami-v2", repoApi::whoami);
    }
    if (s.size() == 1 && s.get(0).equals("validate-yaml") && m.equals("POST")) {
      return new Route(RouteClass.API, "/api/validate-yaml", repoApi::validateYaml);
    }
    if (s.size() == 2 && s.get(0).equals("repos")) {
      if (s.get(1).equals("create") && m.equals("POST")) {
        return new Route(RouteClass.API, "/api/repos/create", repoApi::create);
      }
      if (s.get(1).equals("delete") && m.equals("DELETE")) {
        return new Route(RouteClass.API, "/api/repos/delete", repoApi::delete);
      }
      return null;
    }
    RepoType type = RepoType.fromPlural(s.get(0));
    if (type != null && s.size() == 1 && m.equals("GET")) {
      return new Route(RouteClass.API, "/api/{type}s", x -> repoApi.listRepos(x, type));
    }
    if (type == null || s.size() < 3) {
      return null;
    }
    String ns = Exchange.decode(s.get(1));
    String name = Exchange.decode(s.get(2));
    List<String> tail = s.subList(3, s.size());
    String base = "/api/{type}s/{id}";
    Lazy k = new Lazy(type, ns, name);
    if (tail.isEmpty()) {
      return m.equals("GET") ? new Route(RouteClass.API, base, x -> repoApi.info(x, k.get(), "main")) : null;
    }
    String op = tail.get(0);
    List<String> rest = tail.subList(1, tail.size());
    String restJoined = RevPath.join(rest);
    switch (op + " " + m) {
      case "revision GET":
        return new Route(RouteClass.API, base + "/revision", x -> repoApi.info(x, k.get(), restJoined));
      case "tree GET":
        return new Route(RouteClass.API, base + "/tree", x -> repoApi.tree(x, k.get(), rest));
      case "paths-info POST":
        return new Route(RouteClass.API, base + "/paths-info", x -> repoApi.pathsInfo(x, k.get(), restJoined));
      case "refs GET":
        return new Route(RouteClass.API, base + "/refs", x -> repoApi.refs(x, k.get()));
      case "commits GET":
        return new Route(RouteClass.API, base + "/commits",
            x -> repoApi.commits(x, k.get(), restJoined.isEmpty() ? "main" : restJoined));
      case "branch POST":
        return new Route(RouteClass.API, base + "/branch", x -> repoApi.createBranch(x, k.get(), restJoined));
      case "branch DELETE":
        return new Route(RouteClass.API, base + "/branch", x -> repoApi.deleteBranch(x, k.get(), restJoined));
      case "tag POST":
        return new Route(RouteClass.API, base + "/tag", x -> repoApi.createTag(x, k.get(), restJoined));
      case "tag DELETE":
        return new Route(RouteClass.API, base + "/tag", x -> repoApi.deleteTag(x, k.get(), restJoined));
      case "preupload POST":
        return new Route(RouteClass.API, base + "/preupload", x -> repoApi.preupload(x, k.get(), restJoined));
      case "settings PUT":
        return new Route(RouteClass.API, base + "/settings", x -> repoApi.settings(x, k.get()));
      case "commit POST":
        return new Route(RouteClass.COMMIT, base + "/commit", x -> commitApi.commit(x, k.get(), restJoined));
      case "discussions POST":
        return rest.isEmpty() ? new Route(RouteClass.API, base + "/discussions",
            x -> commitApi.createDiscussion(x, k.get())) : mergeRoute(base, k, rest);
      case "discussions GET":
        return rest.size() == 1 ? new Route(RouteClass.API, base + "/discussions/{num}",
            x -> commitApi.getDiscussion(x, k.get(), num(rest.get(0)))) : null;
      default:
        return null;
    }
  }

  private Route mergeRoute(String base, Lazy k, List<String> rest) {
    if (rest.size() == 2 && rest.get(1).equals("merge")) {
      return new Route(RouteClass.COMMIT, base + "/discussions/{num}/merge",
          x -> commitApi.merge(x, k.get(), num(rest.get(0))));
    }
    return null;
  }

  private static int num(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw HubError.badRequest("BadRequest", "Discussion number must be an integer, got '" + s + "'");
    }
  }

  /** Validates the repo key only when the route runs (after counting and faults). */
  private record Lazy(RepoType type, String ns, String name) {
    RepoKey get() {
      return RepoKey.of(type, ns, name);
    }
  }
}
