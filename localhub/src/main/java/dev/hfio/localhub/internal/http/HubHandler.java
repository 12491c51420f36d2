package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RateLimitPlan;
import dev.hfio.localhub.RouteClass;
import dev.hfio.localhub.internal.auth.Principal;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.ratelimit.RateLimitBucket;
import dev.hfio.localhub.internal.ratelimit.RateLimitHeaders;
import dev.hfio.localhub.internal.ratelimit.RateLimiter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single Jetty core handler: matches the raw (still percent-encoded) URI path against the route
 * table ({@link Routes}), counts the request, applies injected faults, runs the route's pre-body
 * check, reads its body, runs it and turns {@link HubError}s into Hub-style error responses. {@code
 * /admin/*} is dispatched before the table.
 */
public final class HubHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(HubHandler.class);

  private final HubContext ctx;
  private final Router router;
  private final AdminApi adminApi;
  private final RateLimiter limiter;

  public HubHandler(HubContext ctx) {
    this(ctx, null);
  }

  /**
   * @param limiter the rate limiter, or null when rate limits are off
   */
  public HubHandler(HubContext ctx, RateLimiter limiter) {
    this.ctx = ctx;
    this.limiter = limiter;
    this.router = new Router(Routes.table(ctx));
    this.adminApi = new AdminApi(ctx);
  }

  /**
   * Largest body of a rejected request that is still read (asynchronously) so the client sees the
   * answer.
   */
  private static final long DRAIN_BYTES = 1 << 20;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    return handle(new Exchange(request, response, callback, ctx.ops()));
  }

  /**
   * Routes and runs the request. A route that takes a body first gets it read asynchronously (no
   * worker thread waits on a slow client): this method then returns, and runs again (with {@code
   * ex.route} set) once the body is here.
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
        rateLimit(
            ex); // before the route, its auth check and its body: a 429 costs no body transfer, no
        // state
      }
      boolean bodyRead = ex.route != null;
      Router.Match match = bodyRead ? ex.route : router.match(ex.method, ex.raw);
      if (match == null) {
        throw new HubError(
            404,
            "NotFound",
            "No route for "
                + LogRedaction.path(ex.method)
                + " "
                + LogRedaction.path(request.getHttpURI().getPath()));
      }
      Route route = match.route();
      if (!bodyRead) {
        ctx.ops().count(route.cls(), ex.method + " " + route.counterKey());
      }
      Fault f = bodyRead ? null : ctx.ops().nextFault(route.cls());
      if (f != null) {
        switch (f.kind()) {
          case STATUS ->
              throw new HubError(
                  f.status(), "InjectedFault", "Injected fault: status " + f.status());
          case RATE_LIMITED -> {
            RateLimitBucket b = RateLimitBucket.of(ex.raw);
            if (b == null) {
              b =
                  route.cls() == RouteClass.RESOLVE
                      ? RateLimitBucket.RESOLVERS
                      : RateLimitBucket.API;
            }
            RateLimiter l = limiter != null ? limiter : FAULT_POLICY;
            RateLimitHeaders.applyExhausted(
                response.getHeaders(),
                b.wireName(),
                f.resetSeconds(),
                l.defaultQuota(b),
                l.windowSeconds());
            throw new HubError(
                429,
                "RateLimited",
                "Injected fault: rate limited, retry in " + f.resetSeconds() + " s");
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
      if (!bodyRead && readBodyFirst(ex, match)) {
        return true; // handle(ex) runs again once the body is here
      }
      if (ex.spool != null && ex.spool.tooLarge()) {
        throw Exchange.payloadTooLarge(ex.bodyLimit);
      }
      route.handler().run(ex, match.params());
      ex.finish();
    } catch (HubError e) {
      respondError(ex, RepoAccess.forCaller(ctx, ex, e));
    } catch (Throwable t) {
      if (!ex.endOnConnectionFailure(t)) {
        // full detail only in the server log; the client learns the request id to quote, nothing
        // else
        String rid = ex.resp.getHeaders().get("X-Request-Id");
        LOG.error(
            "internal error on {} {} rid={}",
            LogRedaction.path(ex.method),
            LogRedaction.path(request.getHttpURI().getPath()),
            rid,
            t);
        respondError(ex, new HubError(500, "InternalError", "Internal error; request id " + rid));
      }
    }
    return true;
  }

  /** Quotas the injected rateLimited fault reports when rate limits are off: the free plan's. */
  private static final RateLimiter FAULT_POLICY =
      new RateLimiter(
          Duration.ofSeconds(300), RateLimitPlan.FREE, RateLimitPlan.ANONYMOUS, Map.of(), 1);

  /**
   * Counts the request against its bucket (per user for a valid token, else per client address: an
   * invalid token is counted as anonymous, and then answered 401 by the route), sets the RateLimit
   * headers, and answers 429 {@code RateLimited} when the bucket is spent.
   */
  private void rateLimit(Exchange ex) {
    RateLimitBucket bucket = RateLimitBucket.of(ex.raw);
    if (bucket == null) {
      return;
    }
    String user;
    try {
      Principal p = RepoAccess.principal(ctx, ex);
      user = p == null ? null : p.user();
    } catch (HubError e) {
      user = null;
    }
    SocketAddress remote = ex.req.getConnectionMetaData().getRemoteSocketAddress();
    InetAddress addr = remote instanceof InetSocketAddress isa ? isa.getAddress() : null;
    RateLimiter.Decision d = limiter.admit(bucket, user, addr);
    if (d.allowed()) {
      RateLimitHeaders.apply(
          ex.resp.getHeaders(),
          bucket.wireName(),
          d.remaining(),
          d.resetSeconds(),
          d.quota(),
          d.windowSeconds());
      return;
    }
    RateLimitHeaders.applyExhausted(
        ex.resp.getHeaders(), bucket.wireName(), d.resetSeconds(), d.quota(), d.windowSeconds());
    ctx.ops().countRateLimited(bucket.wireName());
    throw new HubError(
            429,
            "RateLimited",
            "Rate limit reached: "
                + d.quota()
                + " '"
                + bucket.wireName()
                + "' requests per "
                + d.windowSeconds()
                + " s for "
                + (user != null ? "user " + user : "anonymous requests from your address")
                + "; retry in "
                + d.resetSeconds()
                + " s")
        .with(
            "rateLimit",
            Map.of(
                "bucket",
                bucket.wireName(),
                "quota",
                d.quota(),
                "window",
                d.windowSeconds(),
                "retryAfter",
                d.resetSeconds()));
  }

  /**
   * Runs the route's body-independent auth check, applies its body limit (a larger Content-Length
   * is a 413 before any byte is read) and, if a body comes, starts reading it asynchronously;
   * returns true in that case.
   */
  private boolean readBodyFirst(Exchange ex, Router.Match match) throws Exception {
    Route route = match.route();
    route.check().run(ctx, ex, match.params());
    ex.bodyLimit = route.body().limit(ctx);
    if (route.body() == RouteBody.STREAM || !hasBody(ex.req)) {
      return false;
    }
    if (ex.req.getLength() > ex.bodyLimit) {
      throw Exchange.payloadTooLarge(ex.bodyLimit); // answered at once; the body is never read
    }
    BodySpool.read(
        ex.req,
        ex.bodyLimit,
        ctx.bodyMemoryBytes(),
        ctx.spoolDir(),
        true,
        spool -> {
          ex.spool = spool;
          ex.route = match;
          handle(ex);
        },
        ex::abort);
    return true;
  }

  /** True when the request announces a body (a Content-Length above 0, or a chunked body). */
  static boolean hasBody(Request request) {
    long len = request.getLength();
    return len > 0 || (len < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
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
          // swallow a small body (asynchronously, bounded) so the client sees this answer instead
          // of a reset
          BodySpool.read(
              ex.req,
              DRAIN_BYTES,
              0,
              null,
              false,
              drained -> {
                try {
                  if (drained.tooLarge()) {
                    ex.setHeader("Connection", "close");
                  }
                  ex.error(e);
                } catch (IOException | RuntimeException io) {
                  ex.abort(io);
                }
              },
              ex::abort);
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
}
