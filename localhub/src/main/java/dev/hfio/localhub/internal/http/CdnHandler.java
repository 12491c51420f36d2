package dev.hfio.localhub.internal.http;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.storage.HubRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDN origin: serves LFS objects to requests arriving on the CDN connector that carry a valid
 * signed URL ({@link CdnUrls}), with Range/If-Range, ETag, Content-Length and Accept-Ranges,
 * written asynchronously. It never looks at Authorization headers. Refusals look like a CDN's (an
 * XML {@code <Error>} document, no Hub error headers): 403 AccessDenied for a missing, tampered or
 * expired signature, 404 NoSuchKey for a signed URL whose object is gone (repo deleted or
 * recreated, object no longer the repo's, repo turned private for a public-scope URL). Requests on
 * other connectors are left to the next handler.
 */
public final class CdnHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(CdnHandler.class);
  private static final String DETAIL = "/repos/{type}s/{ns}/{name}/{uid}/{oid}";
  private final HubContext ctx;
  private final Connector connector;

  public CdnHandler(HubContext ctx, Connector connector) {
    this.ctx = ctx;
    this.connector = connector;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (request.getConnectionMetaData().getConnector() != connector) {
      return false;
    }
    Exchange ex = new Exchange(request, response, callback, ctx.ops());
    try {
      serve(ex);
    } catch (HubError e) {
      xmlError(
          ex,
          e.status(),
          e.status() == 416 ? "InvalidRange" : e.code(),
          e.status() == 416 ? "The requested range is not satisfiable" : "Request failed");
    } catch (Throwable t) {
      if (!ex.endOnConnectionFailure(t)) {
        String rid = ex.resp.getHeaders().get("X-Request-Id");
        LOG.error("internal error on CDN {} rid={}", ex.method, rid, t);
        xmlError(ex, 500, "InternalError", "We encountered an internal error. Please try again.");
      }
    }
    return true;
  }

  private void serve(Exchange ex) throws Exception {
    ctx.ops().count(RouteClass.CDN, ex.method + " " + DETAIL);
    if (ex.header("Authorization") != null) {
      ctx.ops()
          .countEvent(
              dev.hfio.localhub.internal.ops.OpsState
                  .CDN_AUTHORIZATION_HEADERS); // never read, only counted
    }
    if (!ex.method.equals("GET") && !ex.method.equals("HEAD")) {
      ex.setHeader("Allow", "GET, HEAD");
      xmlError(
          ex,
          405,
          "MethodNotAllowed",
          "The specified method is not allowed against this resource.");
      return;
    }
    Fault f = ctx.ops().nextFault(RouteClass.CDN);
    if (f != null) {
      switch (f.kind()) {
        case STATUS -> {
          xmlError(ex, f.status(), "InjectedFault", "Injected fault: status " + f.status());
          return;
        }
        case RATE_LIMITED -> {
          ex.setHeader("Retry-After", String.valueOf(f.resetSeconds()));
          xmlError(ex, 429, "SlowDown", "Injected fault: please reduce your request rate.");
          return;
        }
        case RESET -> {
          ex.resetConnection();
          return;
        }
        case TRUNCATE -> ex.truncateAfter = f.afterBytes();
        case DELAY -> Thread.sleep(f.delayDuration().toMillis());
        default -> throw new IllegalStateException();
      }
    }
    CdnUrls.Grant g;
    try {
      g = ctx.cdn().check(ex.raw, ex.query);
    } catch (CdnUrls.Denied d) {
      xmlError(ex, 403, "AccessDenied", d.getMessage());
      return;
    }
    HubRepo repo = ctx.repos().find(g.key());
    long size =
        repo == null
                || !g.repoUid().equals(repo.meta().objectId)
                || (g.publicOnly() && repo.meta().isPrivate)
                || !repo.lfsVisible(g.oid())
            ? -1
            : ctx.lfs().size(g.oid());
    if (size < 0) {
      xmlError(ex, 404, "NoSuchKey", "The specified key does not exist.");
      return;
    }
    ex.setHeader("ETag", "\"" + g.oid() + "\"");
    ex.setHeader("Accept-Ranges", "bytes");
    ex.setHeader("Cache-Control", "private, max-age=0");
    ex.setHeader("Access-Control-Allow-Origin", "*");
    ex.setHeader(
        "Access-Control-Expose-Headers", "ETag,Accept-Ranges,Content-Range,Content-Length");
    ResolveApi.sendFile(ex, ctx.lfs().path(g.oid()), size);
  }

  /** An S3/CloudFront-style XML error; codes and messages are fixed texts, never request data. */
  private static void xmlError(Exchange ex, int status, String code, String message) {
    try {
      if (ex.finished() || ex.resp.isCommitted()) {
        ex.abort(new IOException("CDN response already started"));
        return;
      }
      ex.truncateAfter = -1;
      if (status != 416) {
        ex.resp.getHeaders().remove("Content-Range");
      }
      ex.resp.getHeaders().remove("ETag");
      ex.resp.getHeaders().remove("Accept-Ranges");
      String rid = ex.resp.getHeaders().get("X-Request-Id");
      String xml =
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
              + code
              + "</Code><Message>"
              + message
              + "</Message><RequestId>"
              + rid
              + "</RequestId></Error>";
      ex.send(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      ex.abort(e);
    }
  }
}
