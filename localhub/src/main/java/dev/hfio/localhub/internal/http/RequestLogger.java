package dev.hfio.localhub.internal.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on logger {@code dev.hfio.localhub.request}: method, redacted path,
 * status, bytes sent, duration and request id. Never the query string, the Authorization header or
 * an LFS ticket id.
 */
public final class RequestLogger implements RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.hfio.localhub.request");

  @Override
  public void log(Request request, Response response) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    long micros = (System.nanoTime() - request.getBeginNanoTime()) / 1000;
    String rid = response.getHeaders().get("X-Request-Id");
    LOG.info(
        "{} {} {} {}B {}ms rid={}",
        LogRedaction.path(request.getMethod()),
        LogRedaction.path(request.getHttpURI().getPath()),
        response.getStatus(),
        Response.getContentBytesWritten(response),
        micros / 1000.0,
        rid == null ? "-" : rid);
  }
}
