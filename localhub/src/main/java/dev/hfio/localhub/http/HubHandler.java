package dev.hfio.localhub.http;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.localhub.error.HubError;
import dev.hfio.localhub.ratelimit.RateLimitBucket;
import dev.hfio.localhub.ratelimit.RateLimitHeaders;
import dev.hfio.localhub.ratelimit.RateLimiter;
import dev.hfio.localhub.storage.RepoKey;
import dev.hfio.localhub.storage.RepoType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
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
  private final RateLimiter limiter;

  public HubHandler(HubContext ctx) {
    this(ctx, null);
  }

  /** @param limiter the rate limiter, or null when rate limits are off */
  public HubHandler(HubContext ctx, RateLimiter limiter) {
    this.ctx = ctx;
    this.limiter = limiter;
    this.repoApi = new RepoApi(ctx);
    this.commitApi = new CommitApi(ctx);
    this.resolveApi = new ResolveApi(ctx);
    this.lfsApi = new LfsApi(ctx);
    this.adminApi = new AdminApi(ctx);
  }

  interface Action {
    void run(Exchange ex) throws Exception;
  }

  /** How a route takes its request body, and so its size limit. */
  enum Body {
    /** Small JSON body, read before the route runs; {@code jsonBodyBytes} (default 1 MiB). */
    JSON,
    /** paths-info / preupload lists, read before the route runs; {@code listBodyBytes} (default 4 MiB). */
    LIST,
    /** Commit payload, read (spooled to disk) before the route runs; {@code maxBodyBytes}. */
    COMMIT,
    /** Large upload the route streams itself (LFS PUTs; ticket-authorised, size-checked by the LFS store). */
    STREAM;

    long limit(HubContext ctx) {
      return switch (this) {
        case JSON -> Math.min(ctx.jsonBodyBytes(), ctx.maxBodyBytes());
        case LIST -> Math.min(ctx.listBodyBytes(), ctx.maxBodyBytes());
        case COMMIT -> ctx.maxBodyBytes();
        case STREAM -> Long.MAX_VALUE;
      };
    }
  }

  /**
   * A matched route. {@code precheck} is the authentication/authorisation check that does not depend on the body:
   * it runs before any body byte is read, so a write without a (valid, write) token costs no body transfer.
   */
  record Route(RouteClass cls, String detail, Action action, Body body, Action precheck) {
    Route(RouteClass cls, String detail, Action action) {
      this(cls, detail, action, Body.JSON, null);
    }

    Route body(Body b) {
      return new Route(cls, detail, action, b, precheck);
    }

    Route pre(Action check) {
      return new Route(cls, detail, action, body, check);
    }
  }

  /** Largest body of a rejected request that is still read (asynchronously) so the client sees the answer. */
  private static final long DRAIN_BYTES = 1 << 20;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    return handle(new Exchange(request, response, callback, ctx.ops()));
  }

  /**
   * Routes and runs the request. A route that takes a body first gets it read asynchronously (no worker thread
   * waits on a slow client): this method then returns, and runs again (with {@code ex.route} set) once the body
   * is here.
   */
  private boolean handle(Exchange ex) {
    Request request = ex.req;
    Response response = ex.resp;
    try {
      if (!ex.raw.isEmpty() && ex.raw.get(0).equals("admin")) {
        adminApi.handle(ex);
        return true;
      }
      if (ex.route == null && limiter != null) {
        rateLimit(ex); // before the route, its auth check and its body: a 429 costs no body transfer, no state
      }
      boolean bodyRead = ex.route != null;
      Route route = bodyRead ? ex.route : route(ex);
      if (route == null) {
        throw new HubError(404, "NotFound", "No route for " + LogRedaction.path(ex.method) + " "
            + LogRedaction.path(request.getHttpURI().getPath()));
      }
      if (!bodyRead) {
        ctx.ops().count(route.cls(), ex.method + " " + route.detail());
      }
      Fault f = bodyRead ? null : ctx.ops().nextFault(route.cls());
      if (f != null) {
        switch (f.kind()) {
          case STATUS -> throw new HubError(f.status(), "InjectedFault", "Injected fault: status " + f.status());
          case RATE_LIMITED -> {
            RateLimitBucket b = RateLimitBucket.of(ex.raw);
            if (b == null) {
              b = route.cls() == RouteClass.RESOLVE ? RateLimitBucket.RESOLVERS : RateLimitBucket.API;
            }
            RateLimiter l = limiter != null ? limiter : FAULT_POLICY;
            RateLimitHeaders.applyExhausted(response.getHeaders(), b.wireName(), f.resetSeconds(),
                l.defaultQuota(b), l.windowSeconds());
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
      if (!bodyRead && readBodyFirst(ex, route)) {
        return true; // handle(ex) runs again once the body is here
      }
      if (ex.spool != null && ex.spool.tooLarge()) {
        throw Exchange.payloadTooLarge(ex.bodyLimit);
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

  /** Quotas the injected rateLimited fault reports when rate limits are off: the free plan's. */
  private static final RateLimiter FAULT_POLICY = new RateLimiter(java.time.Duration.ofSeconds(300),
      dev.hfio.localhub.RateLimitPlan.FREE, dev.hfio.localhub.RateLimitPlan.ANONYMOUS, Map.of(), 1);

  /**
   * Counts the request against its bucket (per user for a valid token, else per client address: an invalid token
   * is counted as anonymous, and then answered 401 by the route), sets the RateLimit headers, and answers 429
   * {@code RateLimited} when the bucket is spent.
   */
  private void rateLimit(Exchange ex) {
    RateLimitBucket bucket = RateLimitBucket.of(ex.raw);
    if (bucket == null) {
      return;
    }
    String user;
    try {
      dev.hfio.localhub.auth.Principal p = RepoAccess.principal(ctx, ex);
      user = p == null ? null : p.user();
    } catch (HubError e) {
      user = null;
    }
    java.net.SocketAddress remote = ex.req.getConnectionMetaData().getRemoteSocketAddress();
    java.net.InetAddress addr = remote instanceof java.net.InetSocketAddress isa ? isa.getAddress() : null;
    RateLimiter.Decision d = limiter.admit(bucket, user, addr);
    if (d.allowed()) {
      RateLimitHeaders.apply(ex.resp.getHeaders(), bucket.wireName(), d.remaining(), d.resetSeconds(), d.quota(),
          d.windowSeconds());
      return;
    }
    RateLimitHeaders.applyExhausted(ex.resp.getHeaders(), bucket.wireName(), d.resetSeconds(), d.quota(),
        d.windowSeconds());
    ctx.ops().countRateLimited(bucket.wireName());
    throw new HubError(429, "RateLimited", "Rate limit reached: " + d.quota() + " '" + bucket.wireName()
        + "' requests per " + d.windowSeconds() + " s for " + (user != null ? "user " + user
        : "anonymous requests from your address") + "; retry in " + d.resetSeconds() + " s")
        .with("rateLimit", Map.of("bucket", bucket.wireName(), "quota", d.quota(), "window", d.windowSeconds(),
            "retryAfter", d.resetSeconds()));
  }

  /**
   * Runs the route's body-independent auth check, applies its body limit (a larger Content-Length is a 413 before
   * any byte is read) and, if a body comes, starts reading it asynchronously; returns true in that case.
   */
  private boolean readBodyFirst(Exchange ex, Route route) throws Exception {
    if (route.precheck() != null) {
      route.precheck().run(ex);
    }
    ex.bodyLimit = route.body().limit(ctx);
    if (route.body() == Body.STREAM || !hasBody(ex.req)) {
      return false;
    }
    if (ex.req.getLength() > ex.bodyLimit) {
      throw Exchange.payloadTooLarge(ex.bodyLimit); // answered at once; the body is never read
    }
    BodySpool.read(ex.req, ex.bodyLimit, ctx.bodyMemoryBytes(), ctx.spoolDir(), true, spool -> {
      ex.spool = spool;
      ex.route = route;
      handle(ex);
    }, ex::abort);
    return true;
  }

  /** True when the request announces a body (a Content-Length above 0, or a chunked body). */
  static boolean hasBody(Request request) {
    long len = request.getLength();
    return len > 0 || (len < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
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
      if (!ex.resp.isCommitted() && ex.bodyUnread()) {
        long declared = ex.req.getLength();
        if (declared > DRAIN_BYTES || e.status() == 413) {
          // too large to swallow: answer and close the connection instead of reading the body
          ex.setHeader("Connection", "close");
        } else {
          // swallow a small body (asynchronously, bounded) so the client sees this answer instead of a reset
          BodySpool.read(ex.req, DRAIN_BYTES, 0, null, false, drained -> {
            try {
              if (drained.tooLarge()) {
                ex.setHeader("Connection", "close");
              }
              ex.error(e);
            } catch (IOException | RuntimeException io) {
              ex.abort(io);
            }
          }, ex::abort);
          return;
        }
      } else if (ex.spool != null && ex.spool.tooLarge()) {
        ex.setHeader("Connection", "close");
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
          return new Route(RouteClass.LFS, "/lfs-upload/{ticket}", x -> lfsApi.upload(x, s.get(1)))
              .body(Body.STREAM);
        }
        if (s.size() == 2 && m.equals("POST")) {
          return new Route(RouteClass.LFS, "/lfs-upload/{ticket} (complete)", x -> lfsApi.complete(x, s.get(1)));
        }
        if (s.size() == 3 && m.equals("PUT")) {
          return new Route(RouteClass.LFS, "/lfs-upload/{ticket}/{part}", x -> lfsApi.part(x, s.get(1), s.get(2)))
              .body(Body.STREAM);
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
          return new Route(RouteClass.LFS, "/{type}/{id}.git/info/lfs/objects/batch", x -> lfsApi.batch(x, k))
              .pre(x -> RepoAccess.read(ctx, x, k));
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
        return new Route(RouteClass.API, "/api/repos/create", repoApi::create).pre(this::writeToken);
      }
      if (s.get(1).equals("delete") && m.equals("DELETE")) {
        return new Route(RouteClass.API, "/api/repos/delete", repoApi::delete).pre(this::writeToken);
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
    Action canRead = x -> RepoAccess.read(ctx, x, k.get());
    Action canWrite = x -> RepoAccess.write(ctx, x, k.get());
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
        return new Route(RouteClass.API, base + "/paths-info", x -> repoApi.pathsInfo(x, k.get(), restJoined))
            .body(Body.LIST).pre(canRead);
      case "refs GET":
        return new Route(RouteClass.API, base + "/refs", x -> repoApi.refs(x, k.get()));
      case "commits GET":
        return new Route(RouteClass.API, base + "/commits",
            x -> repoApi.commits(x, k.get(), restJoined.isEmpty() ? "main" : restJoined));
      case "branch POST":
        return new Route(RouteClass.API, base + "/branch", x -> repoApi.createBranch(x, k.get(), restJoined))
            .pre(canWrite);
      case "branch DELETE":
        return new Route(RouteClass.API, base + "/branch", x -> repoApi.deleteBranch(x, k.get(), restJoined))
            .pre(canWrite);
      case "tag POST":
        return new Route(RouteClass.API, base + "/tag", x -> repoApi.createTag(x, k.get(), restJoined)).pre(canWrite);
      case "tag DELETE":
        return new Route(RouteClass.API, base + "/tag", x -> repoApi.deleteTag(x, k.get(), restJoined)).pre(canWrite);
      case "preupload POST":
        return new Route(RouteClass.API, base + "/preupload", x -> repoApi.preupload(x, k.get(), restJoined))
            .body(Body.LIST).pre(canWrite);
      case "settings PUT":
        return new Route(RouteClass.API, base + "/settings", x -> repoApi.settings(x, k.get())).pre(canWrite);
      case "commit POST":
        return new Route(RouteClass.COMMIT, base + "/commit", x -> commitApi.commit(x, k.get(), restJoined))
            .body(Body.COMMIT).pre(canWrite);
      case "discussions POST":
        return rest.isEmpty() ? new Route(RouteClass.API, base + "/discussions",
            x -> commitApi.createDiscussion(x, k.get())).pre(canWrite) : mergeRoute(base, k, rest);
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
          x -> commitApi.merge(x, k.get(), num(rest.get(0)))).pre(x -> RepoAccess.write(ctx, x, k.get()));
    }
    return null;
  }

  /** Repo create/delete name their repo in the body: before reading it, only a write token can be required. */
  private void writeToken(Exchange ex) {
    dev.hfio.localhub.auth.Principal p = RepoAccess.principal(ctx, ex);
    if (p == null || !p.canWrite()) {
      RepoAccess.requireWrite(p, "", "repos");
    }
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
