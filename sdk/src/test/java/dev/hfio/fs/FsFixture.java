package dev.hfio.fs;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.localhub.LocalHub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Shared helpers of the hf:// FileSystem tests: repos on an embedded localhub, configs, counters.
 */
final class FsFixture {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private FsFixture() {}

  static RepoRef newDataset(String prefix) {
    return RepoRef.dataset(
        "dev/" + prefix + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100000);
  }

  static HubClientConfig config(LocalHub hub, String token) {
    return new HubClientConfig(
        hub.url(), token, RetryPolicy.NONE, Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  static HubClient client(LocalHub hub) {
    return config(hub, hub.writeToken()).client();
  }

  static HfFileSystem fs(LocalHub hub, String token) {
    return new HfFileSystem(config(hub, token), 1 << 20);
  }

  /**
   * Options pointing hf:// at the hub; also installs them as Beam's default FileSystems options.
   */
  static HfOptions options(LocalHub hub, String token) {
    HfOptions o = PipelineOptionsFactory.as(HfOptions.class);
    o.setHfEndpoint(hub.url());
    o.setHfToken(token);
    o.setHfMaxAttempts(1);
    FileSystems.setDefaultPipelineOptions(o);
    return o;
  }

  /** A public dataset repo holding the given (path, content) pairs in one commit. */
  static RepoRef repo(LocalHub hub, String prefix, String... pathsAndContents) {
    RepoRef repo = newDataset(prefix);
    HubClient c = client(hub);
    c.createRepo(repo).call();
    List<CommitOperation> ops = new ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      ops.add(new CommitOperation.AddBytes(pathsAndContents[i], utf8(pathsAndContents[i + 1])));
    }
    if (!ops.isEmpty()) {
      c.commit(repo).addAll(ops).message("add files").call();
    }
    return repo;
  }

  /**
   * Commits small files inline in one NDJSON commit without asking preupload, so even {@code
   * *.parquet} paths (which the Hub routes through LFS by name) are stored as regular git blobs:
   * fast creation of thousands of tiny files.
   */
  static void inlineCommit(LocalHub hub, RepoRef repo, Map<String, byte[]> files)
      throws java.io.IOException {
    StringBuilder nd =
        new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":\"inline files\"}}\n");
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      nd.append("{\"key\":\"file\",\"value\":{\"path\":\"")
          .append(f.getKey())
          .append("\",\"encoding\":\"base64\",\"content\":\"")
          .append(b64.encodeToString(f.getValue()))
          .append("\"}}\n");
    }
    okhttp3.Request req =
        new okhttp3.Request.Builder()
            .url(hub.url() + "/api/datasets/" + repo.id() + "/commit/main")
            .header("Authorization", "Bearer " + hub.writeToken())
            .post(
                okhttp3.RequestBody.create(
                    nd.toString(), okhttp3.MediaType.get("application/x-ndjson")))
            .build();
    try (okhttp3.Response r = new okhttp3.OkHttpClient().newCall(req).execute()) {
      if (!r.isSuccessful()) {
        throw new java.io.IOException("inline commit failed: HTTP " + r.code());
      }
    }
  }

  /** Reads until {@code b} is full (or end of file). */
  static void fill(java.nio.channels.ReadableByteChannel ch, java.nio.ByteBuffer b)
      throws java.io.IOException {
    while (b.hasRemaining() && ch.read(b) >= 0) {
      // keep reading
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String root(RepoRef repo) {
    return "hf://datasets/" + repo.id();
  }

  static long counter(LocalHub hub, String key) {
    Long v = hub.admin().counters().get(key);
    return v == null ? 0 : v;
  }

  /**
   * The counter once it reached {@code expected} (the server books served bytes when a response
   * completes, which can be a moment after the client has read them), or its value after one
   * second.
   */
  static long awaitCounter(LocalHub hub, String key, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + 1_000_000_000L;
    long v = counter(hub, key);
    while (v != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
      v = counter(hub, key);
    }
    return v;
  }

  /**
   * Sum of the per-route detail counters whose route ends with {@code routeSuffix} (e.g. "/tree").
   */
  static long detail(LocalHub hub, String routeSuffix) {
    return hub.admin().counters().entrySet().stream()
        .filter(e -> e.getKey().contains(":") && e.getKey().endsWith(routeSuffix))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Total requests of all route classes. */
  static long requests(LocalHub hub) {
    Map<String, Long> c = hub.admin().counters();
    return c.getOrDefault("api", 0L)
        + c.getOrDefault("resolve", 0L)
        + c.getOrDefault("lfs", 0L)
        + c.getOrDefault("commit", 0L)
        + c.getOrDefault("cdn", 0L);
  }
}
