package dev.hfio.testing;

import dev.hfio.HfIO;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.hub.Sleeper;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowGroupReader;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one fixture of the sdk tests: an embedded localhub per test class (started before the first
 * test, stopped after the last) and everything a test needs from it. Register it with
 *
 * <pre>{@code @RegisterExtension static final HubFixture HUB = new HubFixture();}</pre>
 *
 * <p>The hub has localhub's defaults: CDN redirects on, free-plan rate limits on. A class that
 * needs another hub (tiny pages, fault injection, extra users, an explicit rate-limit plan with a
 * comment saying why) passes a builder callback: {@code new HubFixture(b -> b.pageSize(3))}.
 *
 * <p>Clients and configs use the hub's write token unless a token is given, and {@link #RETRY} (the
 * default policy with millisecond backoff) unless a policy is given.
 */
public final class HubFixture implements BeforeAllCallback, AfterAllCallback {
  /** The Hub's retry policy with a 20-200 ms backoff, so retried tests stay fast. */
  public static final RetryPolicy RETRY =
      RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));

  private static final AtomicInteger SEQ = new AtomicInteger();

  private final LocalHubExtension extension;

  /** A hub with localhub's defaults. */
  public HubFixture() {
    this(b -> b);
  }

  /** A hub whose builder the test class customises (users, page size, limits, faults). */
  public HubFixture(UnaryOperator<LocalHub.Builder> config) {
    this.extension = new LocalHubExtension(config);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    extension.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    extension.afterAll(context);
  }

  // ---- the hub ----

  /** The running hub (started on first use). */
  public LocalHub hub() {
    return extension.hub();
  }

  public String url() {
    return hub().url();
  }

  public String writeToken() {
    return hub().writeToken();
  }

  public String readToken() {
    return hub().readToken();
  }

  // ---- repos ----

  /** A fresh, not yet created dataset id in the dev user's namespace. */
  public static RepoRef datasetId(String prefix) {
    return RepoRef.dataset(
        LocalHub.DEV_USER
            + "/"
            + prefix
            + "-"
            + SEQ.incrementAndGet()
            + "-"
            + System.nanoTime() % 100000);
  }

  /** A fresh public dataset repo, created; with the given (path, text) files in one commit. */
  public RepoRef newDataset(String prefix, String... pathsAndTexts) {
    RepoRef repo = datasetId(prefix);
    HubClient c = client();
    c.createRepo(repo).call();
    if (pathsAndTexts.length > 0) {
      Object[] files = new Object[pathsAndTexts.length];
      System.arraycopy(pathsAndTexts, 0, files, 0, files.length);
      commit(repo, "main", files(files));
    }
    return repo;
  }

  /**
   * Commits files to {@code revision} with the write token and returns the commit sha. Values: a
   * local {@link Path} (uploaded; Parquet goes through LFS), a {@code byte[]} or a String (inline
   * content), {@code null} (delete).
   */
  public String commit(RepoRef repo, String revision, Map<String, ?> files) {
    List<CommitOperation> ops = new ArrayList<>();
    for (Map.Entry<String, ?> e : files.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Path p) {
        ops.add(CommitOperation.addFile(e.getKey(), p));
      } else if (v instanceof byte[] b) {
        ops.add(CommitOperation.add(e.getKey(), b));
      } else if (v == null) {
        ops.add(CommitOperation.delete(e.getKey()));
      } else {
        ops.add(CommitOperation.add(e.getKey(), v.toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return client()
        .commit(repo)
        .branch(revision)
        .addAll(ops)
        .message("test data")
        .call()
        .commitSha();
  }

  /** (path, content) pairs as an ordered map for {@link #commit}. */
  public static Map<String, Object> files(Object... pathsAndContents) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put((String) pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return m;
  }

  /**
   * Commits small files inline in one NDJSON commit to main without asking preupload, so even
   * {@code *.parquet} paths (which the Hub routes through LFS by name) are stored as regular git
   * blobs: fast creation of thousands of tiny files.
   */
  public void inlineCommit(RepoRef repo, Map<String, byte[]> files) throws IOException {
    StringBuilder nd =
        new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"inline files\"}}\n");
    Base64.Encoder b64 = Base64.getEncoder();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      nd.append("{\"key\":\"file\",\"value\":{\"path\":\"")
          .append(f.getKey())
          .append("\",\"encoding\":\"base64\",\"content\":\"")
          .append(b64.encodeToString(f.getValue()))
          .append("\"}}\n");
    }
    okhttp3.Request req =
        new okhttp3.Request.Builder()
            .url(url() + "/api/datasets/" + repo.id() + "/commit/main")
            .header("Authorization", "Bearer " + writeToken())
            .post(
                okhttp3.RequestBody.create(
                    nd.toString(), okhttp3.MediaType.get("application/x-ndjson")))
            .build();
    try (okhttp3.Response r = new okhttp3.OkHttpClient().newCall(req).execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("inline commit failed: HTTP " + r.code());
      }
    }
  }

  /** {@code hf://datasets/<id>}. */
  public static String root(RepoRef repo) {
    return "hf://datasets/" + repo.id();
  }

  // ---- clients, configs, options ----

  /** A config for this hub with {@code token} (null: anonymous) and {@link #RETRY}. */
  public HubClientConfig config(String token) {
    return config(token, RETRY);
  }

  /** A config for this hub with {@code token} (null: anonymous), 10 s connect, 60 s read. */
  public HubClientConfig config(String token, RetryPolicy retry) {
    return new HubClientConfig(url(), token, retry, Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  /** A client with the write token. */
  public HubClient client() {
    return client(writeToken());
  }

  /** A client with {@code token} (null: anonymous). */
  public HubClient client(String token) {
    return config(token).client();
  }

  /** A client with {@code token} (null: anonymous), a retry policy and a sleeper. */
  public HubClient client(String token, RetryPolicy retry, Sleeper sleeper) {
    return HubClient.builder()
        .endpoint(url())
        .token(token)
        .retryPolicy(retry)
        .sleeper(sleeper)
        .build();
  }

  /** HfIO.read() from a path or repo id, pointed at this hub with its read token. */
  public HfIO.Read read(String from) {
    return HfIO.read().from(from).withEndpoint(url()).withToken(readToken());
  }

  /**
   * Options pointing hf:// at this hub with {@code token} and one attempt per request; also
   * installs them as Beam's default FileSystems options.
   */
  public HfOptions options(String token) {
    HfOptions o = PipelineOptionsFactory.as(HfOptions.class);
    o.setHfEndpoint(url());
    o.setHfToken(token);
    o.setHfMaxAttempts(1);
    FileSystems.setDefaultPipelineOptions(o);
    return o;
  }

  /** DirectRunner options. */
  public static PipelineOptions direct() {
    PipelineOptions o = PipelineOptionsFactory.create();
    o.setRunner(DirectRunner.class);
    return o;
  }

  /** FlinkRunner options: an embedded [local] cluster, parallelism 2. */
  public static PipelineOptions flink() {
    FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster("[local]");
    o.setParallelism(2);
    return o;
  }

  // ---- counters ----

  /** One of the hub's counters (0 when never booked). */
  public long counter(String key) {
    Long v = hub().admin().counters().get(key);
    return v == null ? 0 : v;
  }

  /**
   * The counter once it reached {@code expected} (the server books served bytes when a response
   * completes, which can be a moment after the client has read them), or its value after one
   * second.
   */
  public long awaitCounter(String key, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 1_000_000_000L;
    long v = counter(key);
    while (v != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
      v = counter(key);
    }
    return v;
  }

  /** Sum of the per-route counters whose route ends with {@code routeSuffix} (e.g. "/tree"). */
  public long routeCount(String routeSuffix) {
    return hub().admin().counters().entrySet().stream()
        .filter(e -> e.getKey().contains(":") && e.getKey().endsWith(routeSuffix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Requests of all route classes (api, resolve, lfs, commit, cdn). */
  public long requests() {
    Map<String, Long> c = hub().admin().counters();
    return c.getOrDefault("api", 0L)
        + c.getOrDefault("resolve", 0L)
        + c.getOrDefault("lfs", 0L)
        + c.getOrDefault("commit", 0L)
        + c.getOrDefault("cdn", 0L);
  }

  public void resetCounters() {
    hub().admin().resetCounters();
  }

  // ---- what landed on the hub ----

  /** Files (recursive) at the head of {@code revision}, sorted. */
  public List<String> listFiles(RepoRef repo, String revision) {
    return client().listTree(repo).revision(revision).recursive().call().stream()
        .filter(TreeEntry::isFile)
        .map(TreeEntry::path)
        .sorted()
        .toList();
  }

  public List<CommitInfo> commits(RepoRef repo, String revision) {
    return client().listCommits(repo, revision);
  }

  /**
   * The field values of every row of every {@code .parquet} file under {@code prefix}, sorted by
   * the first (id) column: compare with {@link TestRows#values(long, long)}.
   */
  public List<List<Object>> readBack(RepoRef repo, String revision, String prefix) {
    List<List<Object>> out = new ArrayList<>();
    for (String f : listFiles(repo, revision)) {
      if (f.startsWith(prefix) && f.endsWith(".parquet")) {
        out.addAll(readFile(repo, revision, f));
      }
    }
    out.sort(Comparator.comparing(r -> (Long) r.get(0)));
    return out;
  }

  /** The field values of every row of one Parquet file, in file order. */
  public List<List<Object>> readFile(RepoRef repo, String revision, String path) {
    try {
      Path tmp = Files.createTempFile("hfio-readback-", ".parquet");
      try {
        Files.write(tmp, client().readAllBytes(repo, revision, path));
        List<List<Object>> out = new ArrayList<>();
        try (LocalFileRangeSource src = new LocalFileRangeSource(tmp)) {
          ParquetFooter footer = ParquetFooter.read(src);
          try (RowGroupReader reader = RowGroupReader.builder(src, footer).build()) {
            for (int g = 0; g < footer.rowGroupCount(); g++) {
              reader.readRowGroup(g, r -> out.add(new ArrayList<>(r.getValues())));
            }
          }
        }
        return out;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
