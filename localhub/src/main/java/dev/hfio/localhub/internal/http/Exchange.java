package dev.hfio.localhub.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.localhub.internal.error.HubError;
import dev.hfio.localhub.internal.ops.OpsState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request/response pair as the route code sees it: raw path segments, decoded query, body
 * reading with a size limit, and response writers that count served bytes and honour an injected
 * truncation.
 */
final class Exchange {
  static final ObjectMapper JSON = new ObjectMapper();

  final Request req;
  final Response resp;
  final Callback cb;
  final OpsState ops;
  final String method;
  final List<String> raw;
  final Map<String, List<String>> query = new LinkedHashMap<>();
  long truncateAfter = -1;

  /** The route's body limit (bytes); {@link #body(long)} never returns more than this. */
  long bodyLimit = Long.MAX_VALUE;

  /** The body, when it was read (asynchronously) before the route ran; null for streamed routes. */
  BodySpool spool;

  /** The matched route, set once its body has been read (the handler then runs the route). */
  Router.Match route;

  private boolean streamed;
  private boolean finished;

  Exchange(Request req, Response resp, Callback cb, OpsState ops) {
    this.req = req;
    this.resp = resp;
    this.cb = cb;
    this.ops = ops;
    this.method = req.getMethod().toUpperCase(Locale.ROOT);
    String path = req.getHttpURI().getPath();
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segs.add(s);
      }
    }
    this.raw = segs;
    String q = req.getHttpURI().getQuery();
    if (q != null) {
      for (String kv : q.split("&")) {
        if (kv.isEmpty()) {
          continue;
        }
        int eq = kv.indexOf('=');
        String k = formDecode(eq < 0 ? kv : kv.substring(0, eq));
        String v = eq < 0 ? "" : formDecode(kv.substring(eq + 1));
        query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    String rid = req.getHeaders().get("X-Request-Id");
    resp.getHeaders()
        .put(
            "X-Request-Id",
            rid != null && REQUEST_ID.matcher(rid).matches() && !rid.startsWith("hf_")
                ? rid
                : UUID.randomUUID().toString());
  }

  /**
   * A client's X-Request-Id is echoed (and logged) only when it is this harmless (and does not look
   * like a token).
   */
  private static final java.util.regex.Pattern REQUEST_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** Percent-decodes a path segment ({@code +} stays a plus). */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 3 <= s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  static String formDecode(String s) {
    return decode(s.replace('+', ' '));
  }

  String header(String name) {
    return req.getHeaders().get(name);
  }

  String q(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  List<String> qAll(String name) {
    List<String> out = new ArrayList<>();
    out.addAll(query.getOrDefault(name, List.of()));
    out.addAll(query.getOrDefault(name + "[]", List.of()));
    return out;
  }

  static boolean truthy(String v) {
    return v != null
        && (v.equalsIgnoreCase("true")
            || v.equals("1")
            || v.equalsIgnoreCase("yes")
            || v.isEmpty());
  }

  boolean qBool(String name) {
    return truthy(q(name));
  }

  /** Base URL the client used (scheme + Host header), for absolute links. */
  String baseUrl() {
    String host = header("Host");
    if (host == null || host.isEmpty()) {
      host = Request.getLocalAddr(req) + ":" + Request.getLocalPort(req);
    }
    return "http://" + host;
  }

  /**
   * The request body: the pre-read spool when there is one, else the connection (blocking reads).
   */
  InputStream bodyStream() {
    if (spool != null) {
      try {
        return spool.open();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    streamed = true;
    return Request.asInputStream(req);
  }

  /** True when the request announced a body that nobody has started to read. */
  boolean bodyUnread() {
    return spool == null && !streamed && HubHandler.hasBody(req);
  }

  /**
   * Reads the whole body; 413 PayloadTooLarge beyond {@code limit} bytes (or the route's limit, if
   * smaller). A body over the limit is not read further: the connection is closed after the answer.
   */
  byte[] body(long limit) throws IOException {
    long max = Math.min(limit, bodyLimit);
    if (spool != null) {
      if (spool.tooLarge() || spool.size() > max) {
        throw payloadTooLarge(max);
      }
      return spool.bytes();
    }
    long declared = req.getLength();
    if (declared > max) {
      throw payloadTooLarge(max);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = bodyStream()) {
      byte[] buf = new byte[65536];
      int r;
      while ((r = in.read(buf)) >= 0) {
        out.write(buf, 0, r);
        if (out.size() > max) {
          throw payloadTooLarge(max);
        }
      }
    }
    return out.toByteArray();
  }

  static HubError payloadTooLarge(long limit) {
    return new HubError(
        413,
        "PayloadTooLarge",
        "Request body exceeds the limit of " + limit + " bytes; split it into smaller requests");
  }

  void setHeader(String name, String value) {
    resp.getHeaders().put(name, value);
  }

  void json(int status, Object value) throws IOException {
    send(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
  }

  void text(int status, String text) throws IOException {
    send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  void send(int status, String contentType, byte[] body) throws IOException {
    resp.setStatus(status);
    resp.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    if (method.equals("HEAD")) {
      finish();
      return;
    }
    writeLast(ByteBuffer.wrap(body));
  }

  /**
   * Writes the last bytes of the response asynchronously (no thread waits for a slow reader) and
   * completes the exchange when they are sent. Counts served bytes before handing them over;
   * honours an injected truncation.
   */
  void writeLast(ByteBuffer buf) {
    handOff();
    int n = buf.remaining();
    if (truncateAfter >= 0 && n > truncateAfter) {
      ByteBuffer part = buf.slice();
      part.limit((int) truncateAfter);
      ops.addBytesServed(
          part.remaining()); // counted before sending, so a client that has the bytes sees them
      resp.write(
          false,
          part,
          Callback.from(
              () -> {
                closeAbruptly();
                completeFailed(new TruncatedException());
              },
              this::completeFailed));
      return;
    }
    ops.addBytesServed(n); // counted before sending (see above)
    resp.write(true, buf, Callback.from(this::completeOk, this::completeFailed));
  }

  void error(HubError e) throws IOException {
    if (resp.isCommitted()) {
      abort(e);
      return;
    }
    resp.getHeaders().put("X-Error-Code", e.code());
    resp.getHeaders().put("X-Error-Message", headerSafe(e.getMessage()));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("error", e.getMessage());
    b.putAll(e.extraBody());
    json(e.status(), b);
  }

  private static String headerSafe(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c > 0x7e ? ' ' : c);
    }
    return sb.length() > 1000 ? sb.substring(0, 1000) : sb.toString();
  }

  /**
   * Response body stream: counts bytes served; with a truncation fault, stops after N bytes and
   * aborts the connection.
   */
  OutputStream body() {
    OutputStream sink = Content.Sink.asOutputStream(resp);
    return new OutputStream() {
      long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (truncateAfter >= 0 && written + len > truncateAfter) {
          int allowed = (int) Math.max(0, truncateAfter - written);
          ops.addBytesServed(
              allowed); // counted before sending, so a client that has the bytes sees them counted
          sink.write(b, off, allowed);
          sink.flush();
          written += allowed;
          throw new TruncatedException();
        }
        ops.addBytesServed(len); // counted before sending (see above)
        sink.write(b, off, len);
        written += len;
      }

      @Override
      public void flush() throws IOException {
        sink.flush();
      }

      @Override
      public void close() throws IOException {
        sink.close();
      }
    };
  }

  /** Signals that an injected truncation cut the body short; the handler aborts the connection. */
  static final class TruncatedException extends IOException {
    TruncatedException() {
      super("response truncated by injected fault");
    }
  }

  void finish() {
    if (!finished) {
      finished = true;
      completeOk();
    }
  }

  void abort(Throwable t) {
    if (!finished) {
      finished = true;
      completeFailed(t);
    }
  }

  /**
   * True once the response's completion is owned by someone (sent, aborted, or an asynchronous
   * write that completes the request itself).
   */
  boolean finished() {
    return finished;
  }

  /**
   * Marks that an asynchronous writer now owns completion (later {@link #finish()} calls do
   * nothing).
   */
  void handOff() {
    finished = true;
  }

  /** Completes the request (after {@link #handOff()}); releases the body spool. */
  void completeOk() {
    closeSpool();
    cb.succeeded();
  }

  /** Fails the request (after {@link #handOff()}); releases the body spool. */
  void completeFailed(Throwable t) {
    closeSpool();
    cb.failed(t);
  }

  private void closeSpool() {
    BodySpool s = spool;
    if (s != null) {
      s.close();
    }
  }

  /**
   * Ends the exchange when {@code t} is a failure of the connection rather than of localhub: an
   * injected truncation (the connection is reset), a client that went away, or the hub closing
   * while the request waited (the exchange is aborted). Returns false for anything else, which the
   * caller answers as an internal error.
   */
  boolean endOnConnectionFailure(Throwable t) {
    if (t instanceof TruncatedException) {
      resetConnection();
      return true;
    }
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      abort(t);
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof EofException || c instanceof ClosedChannelException) {
        abort(t);
        return true;
      }
    }
    return false;
  }

  /** Closes the TCP connection with a reset, answering nothing. */
  void resetConnection() {
    closeAbruptly();
    abort(new IOException("connection reset by injected fault"));
  }

  /** Closes the TCP connection with a reset (SO_LINGER 0). */
  void closeAbruptly() {
    EndPoint ep = req.getConnectionMetaData().getConnection().getEndPoint();
    try {
      Object t = ep.getTransport();
      if (t instanceof SocketChannel sc) {
        sc.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException | RuntimeException ignored) {
      // best effort: a plain close is still a connection failure for the client
    }
    ep.close();
  }
}
