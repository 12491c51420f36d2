package dev.hfio.hub;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer of {@link HubClient}: URL building, the retry loop of {@link RetryPolicy}, and the
 * mapping of failed responses to typed {@link HubException}s. Internal.
 */
final class HubHttp {
  private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** How a request may be retried. */
  enum Kind {
    /** Reads and idempotent writes: retried on 408/429/5xx and any I/O failure. */
    IDEMPOTENT,
    /** Commits and merges: retried only on 429 and when the connection could not be opened. */
    COMMIT
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The most bytes an API answer (JSON, or the answer to an upload) may have: 32 MiB. The largest
   * legitimate answers are pages of a tree or commit listing (the Hub pages them at about 1,000
   * entries, well under 1 MiB) and a paths-info answer for many paths; 32 MiB leaves room for those
   * and keeps a worker with a small heap safe from a huge or endless answer. File downloads are
   * streamed and not subject to it.
   */
  static final int MAX_API_BODY_BYTES = 32 << 20;

  /** A fully read response; {@code ctx} names what it answered, for errors about its content. */
  record Buffered(int code, Headers headers, byte[] body, HttpUrl url, ErrorContext ctx) {
    /**
     * The body as JSON. A body that is not JSON fails with {@link InvalidResponseException}, whose
     * message gives the content type and size but never the body itself (a proxy or a hostile
     * server may echo the request's token, and Jackson's own messages quote the body), nor
     * Jackson's exception as cause.
     */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        String at =
            e instanceof com.fasterxml.jackson.core.JsonProcessingException jp
                    && jp.getLocation() != null
                ? ", invalid at line "
                    + jp.getLocation().getLineNr()
                    + " column "
                    + jp.getLocation().getColumnNr()
                : "";
        throw invalidResponse(
            code,
            headers,
            ctx,
            "a body that is not JSON (Content-Type "
                + String.valueOf(headers.get("Content-Type"))
                + ", "
                + body.length
                + " bytes"
                + at
                + ")");
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * One attempt of an operation. Throwing {@link RetryableStatus} or an IOException asks for
   * another attempt.
   */
  @FunctionalInterface
  interface Attempt<T> {
    T run() throws IOException, RetryableStatus;
  }

  /** A response status worth another attempt; carries the error to throw when attempts run out. */
  static final class RetryableStatus extends Exception {
    private static final long serialVersionUID = 1L;
    final HubException failure;
    final Duration wait; // null: use backoff

    RetryableStatus(HubException failure, Duration wait) {
      super(null, null, false, false);
      this.failure = failure;
      this.wait = wait;
    }
  }

  final OkHttpClient client;

  /** The same client (pool, interceptors) without redirect following, for metadata HEADs. */
  final OkHttpClient noRedirects;

  final HttpUrl endpoint;
  final String token;
  final RetryPolicy retry;
  final Sleeper sleeper;

  /** Rate-limit pacing and the in-flight cap, installed on {@link #client}. */
  final PacingInterceptor pacing;

  HubHttp(OkHttpClient client, HttpUrl endpoint, String token, RetryPolicy retry, Sleeper sleeper) {
    this(client, endpoint, token, retry, sleeper, RequestSlots.DEFAULT_MAX);
  }

  /**
   * {@code client} gains the JVM-wide pacing of this endpoint and token, and the cap of in-flight
   * requests.
   */
  HubHttp(
      OkHttpClient client,
      HttpUrl endpoint,
      String token,
      RetryPolicy retry,
      Sleeper sleeper,
      int maxConcurrentRequests) {
    this.pacing =
        new PacingInterceptor(
            endpoint,
            RateGovernor.shared(endpoint, token),
            RequestSlots.of(maxConcurrentRequests),
            retry.rateLimitMargin());
    client = client == null ? null : client.newBuilder().addInterceptor(pacing).build();
    this.client = client;
    this.noRedirects =
        client == null
            ? null
            : client.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.endpoint = endpoint;
    this.token = token;
    this.retry = retry;
    this.sleeper = sleeper;
  }

  // ---------------------------------------------------------------- URLs

  /** {@code E/api/<plural>/<ns>/<name>}. */
  HttpUrl.Builder api(RepoRef repo) {
    return endpoint
        .newBuilder()
        .addPathSegment("api")
        .addPathSegment(repo.type().plural())
        .addPathSegment(repo.namespace())
        .addPathSegment(repo.name());
  }

  /** {@code E/api/<segments>}. */
  HttpUrl.Builder api(String segments) {
    return endpoint.newBuilder().addPathSegment("api").addPathSegments(segments);
  }

  /** {@code E/[datasets/]<ns>/<name>}: the web and resolve root. */
  HttpUrl.Builder web(RepoRef repo) {
    HttpUrl.Builder b = endpoint.newBuilder();
    if (!repo.type().urlPrefix().isEmpty()) {
      b.addPathSegment(repo.type().plural());
    }
    return b.addPathSegment(repo.namespace()).addPathSegment(repo.name());
  }

  /** {@code E/[datasets/]ns/name/resolve/<rev, %2F-quoted>/<path with / kept>}. */
  HttpUrl resolveUrl(RepoRef repo, String revision, String path) {
    return web(repo)
        .addPathSegment("resolve")
        .addEncodedPathSegment(PathQuoting.quote(revision, false))
        .addEncodedPathSegments(PathQuoting.quote(path, true))
        .build();
  }

  // ---------------------------------------------------------------- retry loop

  <T> T withRetries(ErrorContext ctx, Kind kind, Attempt<T> attempt) {
    return withRetries(ctx, kind, Long.MAX_VALUE, attempt);
  }

  /**
   * The retry loop. {@code deadlineNanos} ({@link System#nanoTime()} based, {@code Long.MAX_VALUE}
   * for none) is the call's {@link RetryPolicy#callDeadline()}: once it has passed, or a retry's
   * wait would pass it, the call fails with {@link DeadlineExceededException} instead of trying
   * again.
   */
  <T> T withRetries(ErrorContext ctx, Kind kind, long deadlineNanos, Attempt<T> attempt) {
    long start = System.nanoTime();
    int n = 0;
    while (true) {
      n++;
      Duration wait;
      HubException failure;
      try {
        return attempt.run();
      } catch (RetryableStatus s) {
        failure = s.failure;
        wait = s.wait != null ? s.wait : retry.backoff(n, ThreadLocalRandom.current().nextDouble());
      } catch (IOException e) {
        failure = networkFailure(ctx, e);
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
          throw deadlineExceeded(ctx, failure); // the deadline cancelled this attempt
        }
        if (e instanceof InterruptedIOException
            && !(e instanceof SocketTimeoutException)
            && Thread.currentThread().isInterrupted()) {
          throw failure;
        }
        if (kind == Kind.COMMIT && !(e instanceof ConnectException)) {
          throw failure; // the request may have reached the server: never re-send a commit blindly
        }
        wait = retry.backoff(n, ThreadLocalRandom.current().nextDouble());
      }
      long now = System.nanoTime();
      if (deadlineNanos != Long.MAX_VALUE && now - deadlineNanos + wait.toNanos() >= 0) {
        if (now - deadlineNanos >= 0) {
          throw deadlineExceeded(ctx, failure);
        }
        throw failure; // the wait would pass the deadline: report what the last attempt saw
      }
      Duration elapsed = Duration.ofNanos(now - start);
      if (n >= retry.maxAttempts() || elapsed.plus(wait).compareTo(retry.maxTotalTime()) > 0) {
        throw failure;
      }
      LOG.info(
          "{} failed (attempt {}/{}): {}; retrying in {} ms",
          ctx.action(),
          n,
          retry.maxAttempts(),
          redact(shortReason(failure)),
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw failure;
      }
    }
  }

  private static String shortReason(HubException e) {
    return e.status() == 0
        ? e.getCause() == null ? "network failure" : e.getCause().toString()
        : "HTTP " + e.status() + (e.errorCode() == null ? "" : " " + e.errorCode());
  }

  /**
   * Executes and reads the whole body, at most {@link #MAX_API_BODY_BYTES}; 2xx/3xx returned, other
   * statuses retried or thrown as typed errors. API requests run under the {@link
   * RetryPolicy#callDeadline()}; uploads of file content ({@link FileRegionBody}) do not.
   */
  Buffered call(Request request, Kind kind, ErrorContext ctx) {
    boolean upload = request.body() instanceof FileRegionBody;
    long deadline = upload ? Long.MAX_VALUE : deadlineFromNow();
    return withRetries(
        ctx,
        kind,
        deadline,
        () -> {
          LOG.debug("{} {}", request.method(), request.url().encodedPath());
          okhttp3.Call call = client.newCall(request);
          limit(call, deadline);
          try (Response r = call.execute()) {
            if (!r.isSuccessful()) {
              byte[] body = readSmall(r);
              throw statusFailure(r.code(), r.headers(), body, ctx, kind);
            }
            byte[] body = readCapped(r, ctx);
            return new Buffered(r.code(), r.headers(), body, r.request().url(), ctx);
          }
        });
  }

  /** The {@code System.nanoTime()} at which a call started now must end. */
  long deadlineFromNow() {
    long d = retry.callDeadline().toNanos();
    long now = System.nanoTime();
    return now + d < now ? Long.MAX_VALUE - 1 : now + d;
  }

  /**
   * Bounds one attempt by what is left of the call's deadline (at least 1 ms, so an expired one
   * fails fast).
   */
  static void limit(okhttp3.Call call, long deadlineNanos) {
    if (deadlineNanos != Long.MAX_VALUE) {
      long left = Math.max(1_000_000L, deadlineNanos - System.nanoTime());
      call.timeout().timeout(left, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Reads a success body as a stream into memory, failing with {@link InvalidResponseException}
   * (not retried: a server that sends too much will do so again) as soon as it exceeds {@link
   * #MAX_API_BODY_BYTES}.
   */
  private static byte[] readCapped(Response r, ErrorContext ctx) throws IOException {
    long declared = r.body().contentLength();
    if (declared > MAX_API_BODY_BYTES) {
      throw tooLarge(r, ctx);
    }
    try (InputStream in = r.body().byteStream()) {
      byte[] body = in.readNBytes(MAX_API_BODY_BYTES);
      if (body.length == MAX_API_BODY_BYTES && in.read() >= 0) {
        throw tooLarge(r, ctx);
      }
      return body;
    }
  }

  private static InvalidResponseException tooLarge(Response r, ErrorContext ctx) {
    return invalidResponse(
        r.code(),
        r.headers(),
        ctx,
        "an answer larger than "
            + (MAX_API_BODY_BYTES >> 20)
            + " MiB, the most an API answer may have");
  }

  /**
   * An answer that is not what the Hub API gives; {@code what} describes it without quoting it. The
   * message names the action, repo, revision and path and what to check.
   */
  static InvalidResponseException invalidResponse(
      int status, Headers headers, ErrorContext ctx, String what) {
    String reqId =
        headers == null
            ? null
            : firstNonNull(headers.get("X-Request-Id"), headers.get("X-Amzn-Trace-Id"));
    String where = ctx == null ? "" : ctx.describe();
    String action = ctx == null ? "Hub call" : ctx.action();
    return new InvalidResponseException(
        action
            + " failed: the server answered HTTP "
            + status
            + " with "
            + what
            + (where.isEmpty() ? "" : " (" + where + ")")
            + (reqId == null ? "" : " [request id " + reqId + "]")
            + ". This is not an answer of the Hub API: check that HF_ENDPOINT (or --hfEndpoint) points at the Hub and no"
            + " proxy rewrites its answers, then retry.",
        new HubException.ErrorDetails(
            status,
            null,
            null,
            reqId,
            ctx == null ? null : ctx.repo(),
            ctx == null ? null : ctx.revision(),
            ctx == null ? null : ctx.path()));
  }

  /**
   * The call's deadline passed; {@code last} is the failure of the last attempt (its cause is
   * kept).
   */
  DeadlineExceededException deadlineExceeded(ErrorContext ctx, HubException last) {
    String where = ctx.describe();
    return new DeadlineExceededException(
        ctx.action()
            + " did not finish within its deadline of "
            + retry.callDeadline().toSeconds()
            + " s"
            + (where.isEmpty() ? "" : " (" + where + ")")
            + " talking to "
            + endpoint.host()
            + " (last attempt: "
            + redact(shortReason(last))
            + "). The server answers too slowly: retry"
            + " later, or allow more time with RetryPolicy.withCallDeadline.",
        details(0, null, null, null, ctx),
        last.getCause());
  }

  /** Same-origin redirects a metadata HEAD follows at most (renamed repos chain at most a few). */
  private static final int MAX_SAME_ORIGIN_REDIRECTS = 10;

  /**
   * A metadata HEAD as huggingface_hub makes it: a redirect on the endpoint's own origin (a renamed
   * repo) is followed; a redirect to another origin (the CDN an LFS file is served from) is not,
   * because the 3xx itself carries the metadata ({@code X-Repo-Commit}, {@code X-Linked-Size},
   * {@code X-Linked-Etag}) that the target would not. The answer's {@link Buffered#url()} is the
   * download URL: the redirect's absolute Location, else the URL that answered. Failures are
   * retried and mapped like {@link #call}.
   */
  Buffered headMetadata(HttpUrl url, ErrorContext ctx) {
    long deadline = deadlineFromNow();
    return withRetries(
        ctx,
        Kind.IDEMPOTENT,
        deadline,
        () -> {
          HttpUrl u = url;
          for (int hop = 0; ; hop++) {
            Request req =
                new Request.Builder().url(u).head().header("Accept-Encoding", "identity").build();
            LOG.debug("HEAD {}", u.encodedPath());
            okhttp3.Call call = noRedirects.newCall(req);
            limit(call, deadline);
            try (Response r = call.execute()) {
              if (r.isRedirect()) {
                String loc = r.header("Location");
                HttpUrl next = loc == null ? null : u.resolve(loc);
                if (next == null) {
                  throw new HubException(
                      ctx.action()
                          + " failed: the Hub answered HTTP "
                          + r.code()
                          + " without a"
                          + " usable Location ("
                          + ctx.describe()
                          + ")",
                      details(r.code(), null, null, null, ctx),
                      null);
                }
                if (AuthInterceptor.sameOrigin(next, endpoint) && hop < MAX_SAME_ORIGIN_REDIRECTS) {
                  u = next;
                  continue;
                }
                return new Buffered(r.code(), r.headers(), new byte[0], next, ctx);
              }
              if (!r.isSuccessful()) {
                throw statusFailure(r.code(), r.headers(), readSmall(r), ctx, Kind.IDEMPOTENT);
              }
              return new Buffered(r.code(), r.headers(), new byte[0], u, ctx);
            }
          }
        });
  }

  /**
   * Executes and returns the open response (2xx); failures before the body are retried. Caller
   * closes it.
   */
  Response open(Request request, ErrorContext ctx) {
    return withRetries(ctx, Kind.IDEMPOTENT, () -> openOnce(request, ctx));
  }

  /** One attempt: the open 2xx response, or RetryableStatus/HubException for other statuses. */
  Response openOnce(Request request, ErrorContext ctx) throws IOException, RetryableStatus {
    LOG.debug(
        "{} {} {}",
        request.method(),
        request.url().encodedPath(),
        String.valueOf(request.header("Range")));
    Response r = client.newCall(request).execute();
    if (r.isSuccessful() || r.code() == 416) {
      return r;
    }
    try (r) {
      byte[] body = readSmall(r);
      throw statusFailure(r.code(), r.headers(), body, ctx, Kind.IDEMPOTENT);
    }
  }

  static byte[] readSmall(Response r) {
    try (InputStream in = r.body().byteStream()) {
      return in.readNBytes(64 * 1024);
    } catch (IOException | RuntimeException e) {
      return new byte[0]; // the status alone still maps to a typed error
    }
  }

  /**
   * Turns a failed status into either a RetryableStatus (408/429/5xx, per kind) or returns it as
   * HubException via the thrown RetryableStatus' failure. Non-retryable statuses are thrown
   * directly as HubException.
   */
  RetryableStatus statusFailure(
      int code, Headers headers, byte[] body, ErrorContext ctx, Kind kind) {
    HubException e = mapError(code, headers, body, ctx);
    if (code == 429) {
      return new RetryableStatus(e, rateLimitWait(headers));
    }
    if (kind == Kind.IDEMPOTENT && (code == 408 || code >= 500)) {
      return new RetryableStatus(e, null);
    }
    throw e;
  }

  /**
   * The wait a 429 asks for (see {@link RateLimitHeaders#waitAfter429}) plus the margin; null: use
   * backoff.
   */
  Duration rateLimitWait(Headers headers) {
    return RateLimitHeaders.waitAfter429(headers, retry.rateLimitMargin());
  }

  // ---------------------------------------------------------------- error mapping

  HubException networkFailure(ErrorContext ctx, IOException e) {
    String what = e instanceof SocketTimeoutException ? "timed out" : "failed on the network";
    String msg =
        ctx.action()
            + " "
            + what
            + (ctx.describe().isEmpty() ? "" : " (" + ctx.describe() + ")")
            + " talking to "
            + endpoint.host()
            + ": "
            + redact(String.valueOf(e.getMessage()))
            + ". Check connectivity and HF_ENDPOINT, or retry later.";
    return new ServerException(
        msg,
        details(0, null, null, null, ctx),
        new IOException(e.getClass().getName() + ": " + redact(String.valueOf(e.getMessage()))));
  }

  private HubException.ErrorDetails details(
      int status, String code, String msg, String reqId, ErrorContext ctx) {
    return new HubException.ErrorDetails(
        status, code, msg, reqId, ctx.repo(), ctx.revision(), ctx.path());
  }

  HubException mapError(int status, Headers headers, byte[] body, ErrorContext ctx) {
    String code = headers.get("X-Error-Code");
    String serverMsg = redact(serverMessage(headers, body));
    String reqId =
        firstNonNull(
            headers.get("X-Request-Id"),
            headers.get("X-Amzn-Trace-Id"),
            headers.get("X-Amz-Cf-Id"));
    HubException.ErrorDetails d = details(status, code, serverMsg, reqId, ctx);
    String where = ctx.describe();
    String kind;
    String hint;
    String c = code == null ? "" : code;
    java.util.function.Function<String, HubException> make;
    if (c.equals("GatedRepo")) {
      kind = "the repository is gated";
      hint =
          "Accept its access conditions on the Hub page, then use a token of that account (set HF_TOKEN or --hfToken).";
      make = m -> new GatedRepoException(m, d, null);
    } else if (c.equals("RepoNotFound")) {
      kind = "repository not found";
      hint =
          "Check the repo id and type"
              + (token == null
                  ? "; if it is private, set HF_TOKEN or --hfToken to a token that can read it."
                  : "; if it is private, make sure the configured token can read it.");
      make = m -> new RepoNotFoundException(m, d, null);
    } else if (c.equals("RevisionNotFound")) {
      kind = "revision not found";
      hint = "Check the branch, tag or commit name (HubClient.listRefs lists them).";
      make = m -> new RevisionNotFoundException(m, d, null);
    } else if (c.equals("EntryNotFound")) {
      kind = "file or folder not found";
      hint = "Check the path and revision (HubClient.listTree lists the files).";
      make = m -> new EntryNotFoundException(m, d, null);
    } else if (status == 401) {
      kind = "authentication failed";
      hint =
          token == null
              ? "No token is configured: set HF_TOKEN or --hfToken (or run 'hf auth login')."
              : "The token was rejected: set HF_TOKEN or --hfToken to a valid, unexpired token.";
      make = m -> new AuthenticationException(m, d, null);
    } else if (status == 403) {
      kind = "forbidden";
      hint =
          "Use a token with the needed permission (write access for uploads) via HF_TOKEN or --hfToken.";
      make = m -> new ForbiddenException(m, d, null);
    } else if (status == 404) {
      kind = "not found";
      hint = "Check the repo id, revision and path.";
      make = m -> new EntryNotFoundException(m, d, null);
    } else if (status == 412 || (status == 409 && ctx.action().startsWith("commit"))) {
      kind = "commit conflict";
      hint = "The branch changed since the parent commit; re-read its head and retry the commit.";
      make = m -> new CommitConflictException(m, d, null);
    } else if (status == 429) {
      kind = "rate limited";
      RateLimitHeaders rl = RateLimitHeaders.parse(headers);
      hint =
          "The Hub rate limit was hit"
              + (rl == null
                  ? ""
                  : " ('"
                      + rl.bucket()
                      + "' requests, the window resets in "
                      + rl.resetSeconds()
                      + " s)")
              + "; lower the parallelism or retry later.";
      make = m -> new RateLimitedException(m, d, null);
    } else if (status >= 500 || status == 408) {
      kind = "server error";
      hint = "The Hub is failing; retry later.";
      make = m -> new ServerException(m, d, null);
    } else if (status == 400 || status == 413 || status == 422) {
      kind = "bad request";
      hint = "The request was rejected as invalid; see the server message.";
      make = m -> new BadRequestException(m, d, null);
    } else {
      kind = "unexpected answer";
      hint = "See the server message.";
      make = m -> new HubException(m, d, null);
    }
    String shownMsg = RepeatedHint.strip(serverMsg, hint);
    StringBuilder m = new StringBuilder();
    m.append(ctx.action()).append(" failed: ").append(kind);
    if (!where.isEmpty()) {
      m.append(" (").append(where).append(')');
    }
    m.append(" [HTTP ").append(status);
    if (code != null) {
      m.append(", ").append(code);
    }
    if (reqId != null) {
      m.append(", request id ").append(reqId);
    }
    m.append(']');
    if (shownMsg != null && !shownMsg.isBlank()) {
      m.append(": ").append(shownMsg.strip());
    }
    m.append(m.charAt(m.length() - 1) == '.' ? " " : ". ").append(hint);
    return make.apply(m.toString());
  }

  private static String firstNonNull(String... s) {
    for (String x : s) {
      if (x != null && !x.isBlank()) {
        return x;
      }
    }
    return null;
  }

  /**
   * The server's own message: the {@code X-Error-Message} header, else the {@code error}/{@code
   * message} field of a JSON body (truncated to 500 characters; the caller redacts the token).
   * Bodies that are not JSON are never shown.
   */
  private static String serverMessage(Headers headers, byte[] body) {
    String h = headers.get("X-Error-Message");
    if (h != null && !h.isBlank()) {
      return h;
    }
    if (body == null || body.length == 0) {
      return null;
    }
    String ct = String.valueOf(headers.get("Content-Type")).toLowerCase(Locale.ROOT);
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (ct.contains("json") || text.startsWith("{")) {
      try {
        JsonNode n = JSON.readTree(body);
        JsonNode err = n.get("error");
        String s = null;
        if (err != null && err.isArray()) {
          StringBuilder sb = new StringBuilder();
          err.forEach(x -> sb.append(sb.length() > 0 ? "; " : "").append(x.asText()));
          s = sb.toString();
        } else if (err != null && !err.isNull()) {
          s = err.asText();
        } else if (n.has("message")) {
          s = n.get("message").asText();
        } else if (n.has("errors") && n.get("errors").isArray() && !n.get("errors").isEmpty()) {
          s = n.get("errors").get(0).path("message").asText();
        }
        if (n.has("error_description")) {
          s = (s == null ? "" : s + ": ") + n.get("error_description").asText();
        }
        if (s != null) {
          return truncate(s);
        }
      } catch (IOException ignored) {
        // not JSON after all: fall through to text
      }
    }
    // Any other body (HTML, XML, plain text of a proxy) is never shown: it may echo the request,
    // token included.
    return null;
  }

  private static String truncate(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }

  /** Removes the token from any text that is about to be shown. */
  String redact(String s) {
    if (s == null || token == null || token.isEmpty()) {
      return s;
    }
    return s.replace(token, "hf_***");
  }
}
