package dev.hfio.localhub.internal.http;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty itself rejects before they reach {@link HubHandler} (e.g. a NUL or an
 * ambiguous encoding in the URI) the Hub way: JSON {@code {"error": ...}} with {@code
 * X-Error-Code}, no HTML, no stack trace, no exception text.
 */
public final class HubErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String reason = HttpStatus.getMessage(code);
    String errorCode =
        code == 400
            ? "BadRequest"
            : code == 404 ? "NotFound" : code >= 500 ? "InternalError" : reason.replace(" ", "");
    String text = code >= 500 ? "Internal error" : "Rejected request: " + reason;
    response.getHeaders().put("X-Error-Code", errorCode);
    response.getHeaders().put("X-Error-Message", text);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    byte[] body = ("{\"error\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    response.write(true, java.nio.ByteBuffer.wrap(body), callback);
  }
}
