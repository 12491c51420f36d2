package dev.hfio.localhub;

import dev.hfio.localhub.internal.auth.TokenRegistry;
import dev.hfio.localhub.internal.http.CdnHandler;
import dev.hfio.localhub.internal.http.CdnUrls;
import dev.hfio.localhub.internal.http.HubContext;
import dev.hfio.localhub.internal.http.HubErrorHandler;
import dev.hfio.localhub.internal.http.HubHandler;
import dev.hfio.localhub.internal.http.RequestLogger;
import dev.hfio.localhub.internal.lfs.LfsLimits;
import dev.hfio.localhub.internal.lfs.LfsStore;
import dev.hfio.localhub.internal.lfs.LfsTickets;
import dev.hfio.localhub.internal.ops.OpsState;
import dev.hfio.localhub.internal.storage.LfsCollector;
import dev.hfio.localhub.internal.storage.RepoStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running Hugging Face Hub-compatible server (Jetty 12 core handler, one bare JGit repo per Hub
 * repo, an on-disk content-addressed LFS store). Start with {@link #builder()}; close to stop (the
 * default temp data dir is deleted).
 */
public final class LocalHub implements AutoCloseable {
  public static final String DEV_USER = "dev";

  /** How long close() lets busy request threads finish before interrupting them. */
  private static final long STOP_MILLIS = 100;

  private final Server server;
  private final ScheduledExecutorService gcTimer;
  private final RepoStore repos;
  private final OpsState ops;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final String writeToken;
  private final String readToken;
  private final String adminToken;
  private final String url;
  private final String cdnUrl;

  private LocalHub(Builder b) throws Exception {
    this.deleteOnClose = b.dataDir == null;
    this.dataDir = b.dataDir != null ? b.dataDir : Files.createTempDirectory("localhub-");
    Files.createDirectories(dataDir);
    this.writeToken = b.writeToken != null ? b.writeToken : randomToken("hf_dev_write_");
    this.readToken = randomToken("hf_dev_read_");
    this.adminToken = randomToken("hf_admin_");
    TokenRegistry tokens = new TokenRegistry();
    tokens.add(DEV_USER, writeToken, Role.WRITE, true);
    tokens.add(DEV_USER, readToken, Role.READ, true);
    for (String[] u : b.users) {
      tokens.add(u[0], u[1], Role.valueOf(u[2]), false);
    }
    LfsStore lfs = new LfsStore(dataDir.resolve("lfs"));
    this.repos = new RepoStore(dataDir.resolve("repos"), lfs);
    this.ops = new OpsState();
    LfsTickets tickets =
        new LfsTickets(
            new LfsLimits(
                b.lfsTicketTtl,
                b.maxLfsTicketsPerRepo,
                b.maxLfsBatchObjects,
                b.maxLfsObjectBytes,
                10_000));
    LfsCollector collector = new LfsCollector(repos, lfs, tickets, b.lfsTicketTtl.toMillis());
    collector.collect(true); // before listening: every temp upload is stale
    ops.setGc(() -> collector.collect(false));
    if (b.gcInterval.isZero() || b.gcInterval.isNegative()) {
      this.gcTimer = null;
    } else {
      this.gcTimer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "localhub-lfs-gc");
                t.setDaemon(true);
                return t;
              });
      long every = b.gcInterval.toMillis();
      gcTimer.scheduleWithFixedDelay(
          () -> {
            try {
              collector.collect(false);
            } catch (RuntimeException e) {
              org.slf4j.LoggerFactory.getLogger(LocalHub.class)
                  .warn("LFS garbage collection failed", e);
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    HubContext ctx =
        new HubContext(
            repos,
            lfs,
            tickets,
            tokens,
            ops,
            adminToken,
            b.pageSize,
            b.expandPageSize > 0 ? b.expandPageSize : Math.min(50, b.pageSize),
            b.maxBodyBytes,
            b.multipartChunkSize,
            b.lfsThresholdBytes,
            b.maxJsonBodyBytes,
            b.maxListBodyBytes,
            b.bodyMemoryBytes,
            spoolDir(),
            b.cdn ? new CdnUrls(b.cdnUrlTtl, b.cdnHost) : null);

    QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, 4);
    pool.setName("localhub");
    pool.setDaemon(true);
    pool.setStopTimeout(STOP_MILLIS);
    this.server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setUriCompliance(
        UriCompliance.from(
            java.util.EnumSet.of(
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS)));
    http.setSendServerVersion(false);
    http.setOutputBufferSize(1 << 20);
    http.setRequestHeaderSize(64 * 1024);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(b.host);
    connector.setPort(b.port);
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    server.addConnector(connector);
    ServerConnector cdnConnector = b.cdn ? cdnConnector(b, http) : null;
    if (b.maxConnections > 0) {
      server.addBean(
          cdnConnector == null
              ? new NetworkConnectionLimit(b.maxConnections, connector)
              : new NetworkConnectionLimit(b.maxConnections, connector, cdnConnector));
    }
    Handler handler =
        new HubHandler(
            ctx,
            b.rateLimits
                ? new dev.hfio.localhub.internal.ratelimit.RateLimiter(
                    b.rateLimitWindow,
                    b.rateLimitPlan,
                    b.anonymousRateLimitPlan,
                    b.rateLimitPlans,
                    b.maxRateLimitPrincipals)
                : null);
    if (cdnConnector != null) {
      handler =
          new Handler.Sequence(
              new CdnHandler(ctx, cdnConnector), handler); // CDN connector: CDN only
    }
    int perAddress =
        b.maxThreadsPerAddress >= 0 ? b.maxThreadsPerAddress : Math.max(1, b.maxThreads / 2);
    if (perAddress > 0) {
      // queues (never rejects) the requests of one client address beyond its share of worker
      // threads
      ThreadLimitHandler limiter = new ThreadLimitHandler(handler, null, false);
      limiter.setThreadLimit(perAddress);
      handler = limiter;
    }
    server.setHandler(handler);
    server.setErrorHandler(
        new HubErrorHandler()); // Jetty's own rejections: Hub-style JSON, never a stack trace
    if (b.requestLog) {
      server.setRequestLog(new RequestLogger());
    }
    // no graceful shutdown: close() drops idle keep-alive and fault-injected connections at once
    server.setStopTimeout(0);
    server.start();
    String h = b.host.equals("0.0.0.0") ? "127.0.0.1" : b.host;
    this.url = "http://" + h + ":" + connector.getLocalPort();
    if (cdnConnector != null) {
      ctx.cdn().port(cdnConnector.getLocalPort());
      String ch = b.cdnHost != null ? b.cdnHost : b.host;
      this.cdnUrl = "http://" + (ch.equals("0.0.0.0") ? h : ch) + ":" + cdnConnector.getLocalPort();
    } else {
      this.cdnUrl = null;
    }
  }

  /**
   * The CDN origin's connector: same HTTP rules as the API's, its own host (default: the API's) and
   * port.
   */
  private ServerConnector cdnConnector(Builder b, HttpConfiguration http) {
    ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
    c.setName("cdn");
    c.setHost(b.cdnHost != null ? b.cdnHost : b.host);
    c.setPort(b.cdnPort);
    c.setIdleTimeout(b.idleTimeout.toMillis());
    server.addConnector(c);
    return c;
  }

  /** Temp files of request bodies being received; left-overs of a previous run are deleted here. */
  private Path spoolDir() throws IOException {
    Path dir = dataDir.resolve("spool");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  private static String randomToken(String prefix) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Base URL without trailing slash, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  /**
   * Base URL of the CDN origin that {@code /resolve} redirects LFS downloads to (another port, and
   * the {@link Builder#cdnHost} if set), e.g. {@code http://127.0.0.1:41235}; null when CDN mode is
   * off.
   */
  public String cdnUrl() {
    return cdnUrl;
  }

  /** Write token of the dev user (super user: may write every namespace). */
  public String writeToken() {
    return writeToken;
  }

  public String readToken() {
    return readToken;
  }

  /** Token for {@code /admin/*} only. */
  public String adminToken() {
    return adminToken;
  }

  public HubAdmin admin() {
    return ops;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops at once: no graceful phase, so idle keep-alive connections and connections left by
   * injected faults are closed rather than waited for; requests still running get {@value
   * #STOP_MILLIS} ms before their threads are interrupted. Then closes the repos and deletes the
   * temp data dir (if the hub created it).
   */
  @Override
  public void close() {
    if (gcTimer != null) {
      gcTimer.shutdownNow();
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop localhub at " + url, e);
    } finally {
      repos.close();
      if (deleteOnClose) {
        try (Stream<Path> s = Files.walk(dataDir)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("could not delete temp data dir " + dataDir, e);
        }
      }
    }
  }

  /** Configuration of an embedded or standalone localhub. */
  public static final class Builder {
    private Path dataDir;
    private String host = "127.0.0.1";
    private int port;
    private int pageSize = 1000;
    private int expandPageSize;
    private long maxBodyBytes = 512L << 20;
    private long multipartChunkSize = 16L << 20;
    private long lfsThresholdBytes = 10L << 20;
    private int maxThreads = 64;
    private long maxJsonBodyBytes = 1L << 20;
    private long maxListBodyBytes = 4L << 20;
    private long bodyMemoryBytes = 64L << 10;
    private int maxThreadsPerAddress = -1;
    private int maxConnections = 1024;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private String writeToken;
    private boolean requestLog;
    private final List<String[]> users = new ArrayList<>();
    private Duration lfsTicketTtl = Duration.ofMinutes(15);
    private int maxLfsTicketsPerRepo = 10_000;
    private int maxLfsBatchObjects = 1_000;
    private long maxLfsObjectBytes = 500_000_000_000L;
    private Duration gcInterval = Duration.ofMinutes(10);
    private boolean rateLimits = true;
    private Duration rateLimitWindow = Duration.ofSeconds(300);
    private RateLimitPlan rateLimitPlan = RateLimitPlan.FREE;
    private RateLimitPlan anonymousRateLimitPlan = RateLimitPlan.ANONYMOUS;
    private final java.util.Map<String, RateLimitPlan> rateLimitPlans = new java.util.HashMap<>();
    private int maxRateLimitPrincipals = 100_000;
    private boolean cdn = true;
    private Duration cdnUrlTtl = Duration.ofHours(1);
    private String cdnHost;
    private int cdnPort;

    /** Persistent data directory; default is a fresh temp dir deleted on close. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** 0 (default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Tree page size (default 1000); with expand=true the page is 50 unless {@link #expandPageSize}
     * is set.
     */
    public Builder pageSize(int n) {
      this.pageSize = n;
      return this;
    }

    public Builder expandPageSize(int n) {
      this.expandPageSize = n;
      return this;
    }

    /**
     * Largest accepted commit body (default 512 MiB; spooled to disk, never held whole in memory by
     * the server) and cap of every other body limit; larger bodies get 413 PayloadTooLarge.
     */
    public Builder maxBodyBytes(long n) {
      this.maxBodyBytes = n;
      return this;
    }

    /**
     * LFS objects larger than this are offered multipart uploads with parts of this size (default
     * 16 MiB).
     */
    public Builder multipartChunkSize(long n) {
      this.multipartChunkSize = n;
      return this;
    }

    /** Preupload answers {@code lfs} above this size (default 10 MiB). */
    public Builder lfsThresholdBytes(long n) {
      this.lfsThresholdBytes = n;
      return this;
    }

    /** Worker thread pool size (default 64). */
    public Builder maxThreads(int n) {
      this.maxThreads = n;
      return this;
    }

    /**
     * Largest body of the small JSON routes (repo create/delete/settings, branch, tag, discussions,
     * merge, validate-yaml, LFS batch/verify/multipart completion); default 1 MiB.
     */
    public Builder maxJsonBodyBytes(long n) {
      this.maxJsonBodyBytes = n;
      return this;
    }

    /** Largest paths-info and preupload body; default 4 MiB. */
    public Builder maxListBodyBytes(long n) {
      this.maxListBodyBytes = n;
      return this;
    }

    /**
     * Request bodies are kept in memory up to this size, beyond it in a temp file (default 64 KiB).
     */
    public Builder bodyMemoryBytes(long n) {
      this.bodyMemoryBytes = n;
      return this;
    }

    /**
     * Worker threads one client address may occupy at once (default {@code maxThreads / 2}); its
     * further requests wait in a queue (they are not rejected). 0 disables the limit.
     */
    public Builder maxThreadsPerAddress(int n) {
      this.maxThreadsPerAddress = n;
      return this;
    }

    /**
     * Open connections at most (default 1024); beyond, new connections wait to be accepted. 0:
     * unlimited.
     */
    public Builder maxConnections(int n) {
      this.maxConnections = n;
      return this;
    }

    /** A connection with no byte moving for this long is closed (default 60 s). */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** Fixes the dev user's write token (must start with {@code hf_}); default random. */
    public Builder writeToken(String token) {
      this.writeToken = token;
      return this;
    }

    /**
     * Logs one INFO line per request (logger {@code dev.hfio.localhub.request}: method, path with
     * LFS tickets redacted, status, bytes, duration, request id; never headers or query). Default
     * off; the standalone jar turns it on.
     */
    public Builder requestLog(boolean on) {
      this.requestLog = on;
      return this;
    }

    /** Adds a user with its own namespace and token. */
    public Builder user(String name, String token, Role role) {
      users.add(new String[] {name, token, role.name()});
      return this;
    }

    /** Lifetime of LFS upload/verify/download URLs (default 15 minutes, like presigned URLs). */
    public Builder lfsTicketTtl(Duration ttl) {
      this.lfsTicketTtl = Objects.requireNonNull(ttl);
      return this;
    }

    /**
     * Outstanding LFS URLs per repo (default 10,000); beyond it the batch API answers 429
     * TooManyLfsTickets.
     */
    public Builder maxLfsTicketsPerRepo(int n) {
      this.maxLfsTicketsPerRepo = n;
      return this;
    }

    /**
     * Objects per LFS batch request (default 1,000; clients send 100-256); beyond it 413
     * PayloadTooLarge.
     */
    public Builder maxLfsBatchObjects(int n) {
      this.maxLfsBatchObjects = n;
      return this;
    }

    /**
     * Largest LFS object (default 500 GB, the Hub's per-file limit); larger ones get a 422 batch
     * error object.
     */
    public Builder maxLfsObjectBytes(long n) {
      this.maxLfsObjectBytes = n;
      return this;
    }

    /**
     * How often the LFS garbage collector runs (default 10 minutes; zero disables the timer, start
     * still runs it).
     */
    public Builder gcInterval(Duration every) {
      this.gcInterval = Objects.requireNonNull(every);
      return this;
    }

    /**
     * Rate limits like huggingface.co's (default on): fixed windows per user (all its tokens) or
     * per anonymous client address, in the buckets api / resolvers / pages, {@code RateLimit}
     * headers on every limited response, 429 {@code RateLimited} when a quota is spent. Tests that
     * need more headroom should raise quotas, not turn this off.
     */
    public Builder rateLimits(boolean on) {
      this.rateLimits = on;
      return this;
    }

    /** Length of a rate-limit window (default 300 s, the Hub's); whole seconds, at least 1 s. */
    public Builder rateLimitWindow(Duration window) {
      if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException(
            "rate limit window must be whole seconds, at least 1 s, got " + window);
      }
      this.rateLimitWindow = window;
      return this;
    }

    /**
     * Quotas of every user without a plan of its own, the dev user included (default {@link
     * RateLimitPlan#FREE}).
     */
    public Builder rateLimitPlan(RateLimitPlan plan) {
      this.rateLimitPlan = Objects.requireNonNull(plan);
      return this;
    }

    /**
     * Quotas of this user (all its tokens), e.g. {@code rateLimitPlan("alice", RateLimitPlan.PRO)}.
     */
    public Builder rateLimitPlan(String user, RateLimitPlan plan) {
      this.rateLimitPlans.put(Objects.requireNonNull(user), Objects.requireNonNull(plan));
      return this;
    }

    /** Quotas of each anonymous client address (default {@link RateLimitPlan#ANONYMOUS}). */
    public Builder anonymousRateLimitPlan(RateLimitPlan plan) {
      this.anonymousRateLimitPlan = Objects.requireNonNull(plan);
      return this;
    }

    /**
     * Principals (users and anonymous addresses) tracked at once (default 100,000); beyond, new
     * ones share one.
     */
    public Builder maxRateLimitPrincipals(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxRateLimitPrincipals must be at least 1");
      }
      this.maxRateLimitPrincipals = n;
      return this;
    }

    /**
     * CDN mode (default on): {@code /resolve} of an LFS file answers 302 to a signed, expiring URL
     * on a second connector (the CDN origin), as the Hub does; off, every file is served directly
     * by the API connector.
     */
    public Builder cdn(boolean on) {
      this.cdn = on;
      return this;
    }

    /** Lifetime of CDN URLs (default one hour, at least one second); an expired URL answers 403. */
    public Builder cdnUrlTtl(Duration ttl) {
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("cdnUrlTtl must be at least one second, got " + ttl);
      }
      this.cdnUrlTtl = ttl;
      return this;
    }

    /**
     * Host the CDN connector binds to and names in its URLs (default: the API's host), e.g. {@code
     * 127.0.0.2} to make the CDN another origin by address too.
     */
    public Builder cdnHost(String host) {
      this.cdnHost = Objects.requireNonNull(host);
      return this;
    }

    /** Port of the CDN connector; 0 (default) picks a free port. */
    public Builder cdnPort(int port) {
      this.cdnPort = port;
      return this;
    }

    public LocalHub start() {
      try {
        return new LocalHub(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("could not start localhub on " + host + ":" + port, e);
      }
    }
  }
}
