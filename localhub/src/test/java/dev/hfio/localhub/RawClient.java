package dev.hfio.localhub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Raw-socket HTTP/1.1 for the attack tests: attackers that send half a request and stall, and
 * victims bound to another loopback address (127.0.0.2) so per-address limits can be told apart.
 * Every read has a socket timeout.
 */
final class RawClient {
  private RawClient() {}

  /**
   * A parsed response: status, lower-cased headers, body (read until the server closed or
   * Content-Length).
   */
  record Resp(int status, Map<String, String> headers, byte[] body, boolean closed) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Opens a socket from {@code localAddr} (e.g. 127.0.0.2) to the hub. */
  static Socket open(String hubUrl, String localAddr, int timeoutMillis) throws IOException {
    URI u = URI.create(hubUrl);
    Socket s = new Socket();
    s.bind(new InetSocketAddress(InetAddress.getByName(localAddr), 0));
    s.connect(new InetSocketAddress(u.getHost(), u.getPort()), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    return s;
  }

  static String head(String method, String path, String... headers) {
    StringBuilder sb = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhub\r\n");
    for (int i = 0; i < headers.length; i += 2) {
      sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** One complete request on a fresh connection from {@code localAddr}; the body may be empty. */
  static Resp exchange(
      String hubUrl,
      String localAddr,
      int timeoutMillis,
      String method,
      String path,
      byte[] body,
      String... headers)
      throws IOException {
    try (Socket s = open(hubUrl, localAddr, timeoutMillis)) {
      String[] all = new String[headers.length + 4];
      System.arraycopy(headers, 0, all, 0, headers.length);
      all[headers.length] = "Connection";
      all[headers.length + 1] = "close";
      all[headers.length + 2] = "Content-Length";
      all[headers.length + 3] = String.valueOf(body.length);
      write(s, head(method, path, all));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      return read(s);
    }
  }

  /** Reads one response (status line, headers, body by Content-Length or until close). */
  static Resp read(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> h = new LinkedHashMap<>();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int c = l.indexOf(':');
      h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String cl = h.get("content-length");
    long want = cl == null ? Long.MAX_VALUE : Long.parseLong(cl);
    byte[] buf = new byte[8192];
    while (body.size() < want) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, want - body.size()));
      if (r < 0) {
        break;
      }
      body.write(buf, 0, r);
    }
    return new Resp(code, h, body.toByteArray(), closedAfter(s));
  }

  /** True when the server closed the connection (EOF or reset) within a short wait. */
  private static boolean closedAfter(Socket s) throws IOException {
    int old = s.getSoTimeout();
    s.setSoTimeout(1000);
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    } finally {
      s.setSoTimeout(old);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }
}
