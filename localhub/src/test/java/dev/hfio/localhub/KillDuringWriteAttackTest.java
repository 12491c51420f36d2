package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a standalone localhub in a child JVM takes concurrent commits (regular files,
 * many-file commits that go through a pack, LFS pointers, pull requests) and LFS uploads (basic and
 * multipart), and is killed with SIGKILL at a random moment. Restarted on the same data dir, it
 * must show only complete commits on every branch (acknowledged ones included), a clean {@code git
 * fsck --full}, only LFS objects that hash to their name, valid {@code localhub.json} files, and
 * accept new commits and ref deletions on every branch, even when the kill left JGit {@code *.lock}
 * files behind (simulated by planting them while the server is dead).
 */
class KillDuringWriteAttackTest {
  static final String TOKEN = "hf_kill_during_write_dev_token_xxxx";
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> REPOS = List.of("dev/crash-a", "dev/crash-b");
  static final List<String> BRANCHES = List.of("main", "side");

  /** Files per commit of each commit writer; 40 makes JGit write the blobs as one pack. */
  static final int[] FILES_PER_COMMIT = {3, 40, 5};

  static final int TRIALS = 6;
  static final long MULTIPART_SIZE =
      (16L << 20) + (1 << 20); // two parts at the default 16 MiB chunk size

  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path data;

  /** Acknowledged (200) commits: sha to branch@repo. They must survive the kill. */
  final Map<String, String> ackedCommits = new ConcurrentHashMap<>();

  /** Acknowledged LFS uploads (verify answered 200). */
  final Set<String> ackedObjects = ConcurrentHashMap.newKeySet();

  /** LFS files already hashed (path, size, mtime). */
  final Set<String> hashedObjects = ConcurrentHashMap.newKeySet();

  /** Commits already found complete (a ref that did not move is not checked again). */
  final Set<String> checkedCommits = ConcurrentHashMap.newKeySet();

  /** Own threads: the common pool has a single thread on a 2-core machine. */
  final ExecutorService pool =
      Executors.newFixedThreadPool(
          FILES_PER_COMMIT.length + 1,
          r -> {
            Thread t = new Thread(r, "kill-test-writer");
            t.setDaemon(true);
            return t;
          });

  @Test
  void killedWhileWritingLeavesConsistentRepos() throws Exception {
    long t0 = System.nanoTime();
    Random rnd = new Random(42 ^ System.nanoTime());
    Child hub = Child.start(data);
    try {
      for (String repo : REPOS) {
        ok(
            post(
                hub,
                "/api/repos/create",
                "application/json",
                ("{\"name\":\"" + repo + "\",\"type\":\"dataset\"}")
                    .getBytes(StandardCharsets.UTF_8)));
        ok(
            post(
                hub,
                api(repo) + "/branch/side",
                "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)));
      }
      for (int trial = 0; trial < TRIALS; trial++) {
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        Child current = hub;
        for (int w = 0; w < FILES_PER_COMMIT.length; w++) {
          int writer = w;
          int t = trial;
          writers.add(CompletableFuture.runAsync(() -> commitLoop(current, t, writer, stop), pool));
        }
        long seed = rnd.nextLong();
        writers.add(CompletableFuture.runAsync(() -> uploadLoop(current, stop, seed), pool));
        long w0 = System.nanoTime();
        Thread.sleep(300 + rnd.nextInt(1700));
        hub.kill();
        stop.set(true);
        CompletableFuture.allOf(writers.toArray(new CompletableFuture[0]))
            .get(30, TimeUnit.SECONDS);
        // what a kill inside JGit's lock window (lock file written, not yet renamed) leaves behind
        for (String repo : REPOS) {
          Path git = gitDir(repo);
          Files.writeString(git.resolve("refs/heads/main.lock"), "0123");
          Files.writeString(git.resolve("packed-refs.lock"), "");
        }
        long k = System.nanoTime();
        hub = Child.start(data);
        long started = System.nanoTime();
        checkConsistent(hub, "trial " + trial);
        System.out.printf(
            "trial %d: killed after %d ms of writes; restart %d ms, checks %d ms%n",
            trial,
            (k - w0) / 1_000_000,
            (started - k) / 1_000_000,
            (System.nanoTime() - started) / 1_000_000);
      }
    } finally {
      hub.kill();
      pool.shutdownNow();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println(
        "KillDuringWriteAttackTest: "
            + TRIALS
            + " kills, "
            + ackedCommits.size()
            + " acknowledged commits, "
            + ackedObjects.size()
            + " acknowledged LFS uploads, "
            + ms
            + " ms");
  }

  /**
   * Kills the server in the middle of a basic upload (body half sent) and of a multipart upload
   * (one of two parts stored); after a restart nothing of them may remain under {@code lfs/tmp}.
   * Implemented by the start-up GC of helper C's branch (issue10-c): enable after that merge.
   */
  @Test
  void tempUploadsAreCollectedOnRestart() throws Exception {
    Path tmp = data.resolve("lfs/tmp");
    Child hub = Child.start(data);
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    try {
      ok(
          post(
              hub,
              "/api/repos/create",
              "application/json",
              "{\"name\":\"dev/tmp-gc\",\"type\":\"dataset\"}".getBytes(StandardCharsets.UTF_8)));
      // multipart: part 1 of 2 stored, never completed
      byte[] big = new byte[(int) MULTIPART_SIZE];
      new Random(3).nextBytes(big);
      JsonNode up =
          json(ok(
                  post(
                      hub,
                      "/datasets/dev/tmp-gc.git/info/lfs/objects/batch",
                      "application/vnd.git-lfs+json",
                      batch(sha256(big), big.length, "multipart"))))
              .get("objects")
              .get(0)
              .at("/actions/upload");
      int chunk = Integer.parseInt(up.at("/header/chunk_size").asText());
      ok(
          send(
              HttpRequest.newBuilder(URI.create(up.at("/header/00001").asText()))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(big, 0, chunk))));
      // basic: 1 MiB of a 4 MiB body sent, then the client stalls
      byte[] obj = new byte[4 << 20];
      new Random(4).nextBytes(obj);
      JsonNode basic =
          json(ok(
                  post(
                      hub,
                      "/datasets/dev/tmp-gc.git/info/lfs/objects/batch",
                      "application/vnd.git-lfs+json",
                      batch(sha256(obj), obj.length, "basic"))))
              .get("objects")
              .get(0);
      InputStream stalling =
          new java.io.SequenceInputStream(
              new java.io.ByteArrayInputStream(obj, 0, 1 << 20),
              new InputStream() {
                @Override
                public int read() throws IOException {
                  try {
                    never.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  throw new IOException("stalled client gives up");
                }
              });
      client.sendAsync(
          HttpRequest.newBuilder(URI.create(basic.at("/actions/upload/href").asText()))
              .timeout(Duration.ofSeconds(30))
              .PUT(
                  HttpRequest.BodyPublishers.fromPublisher(
                      HttpRequest.BodyPublishers.ofInputStream(() -> stalling), obj.length))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && countFiles(tmp) < 2) {
        Thread.sleep(10);
      }
      assertThat(countFiles(tmp))
          .as("partial uploads in lfs/tmp before the kill")
          .isGreaterThanOrEqualTo(2);
    } finally {
      hub.kill();
      never.countDown();
    }
    Child again = Child.start(data);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline && countFiles(tmp) > 0) {
        Thread.sleep(50);
      }
      assertThat(countFiles(tmp)).as("temp uploads left after restart").isZero();
    } finally {
      again.kill();
    }
  }

  // ------------------------------------------------------------------ workload

  /**
   * Commits until stopped or the server dies: all files of one commit carry the same generation
   * tag.
   */
  void commitLoop(Child hub, int trial, int writer, AtomicBoolean stop) {
    Random r = new Random(trial * 31L + writer);
    try {
      for (int n = 0; !stop.get() && n < 10_000; n++) {
        String repo = REPOS.get(r.nextInt(REPOS.size()));
        String branch = BRANCHES.get(r.nextInt(BRANCHES.size()));
        String tag = "t" + trial + "-w" + writer + "-n" + n;
        String lfsOid = "none";
        long lfsSize = 0;
        if (r.nextInt(3) == 0) {
          byte[] obj =
              (tag + " lfs payload ").repeat(1 + r.nextInt(2000)).getBytes(StandardCharsets.UTF_8);
          uploadBasic(hub, repo, obj);
          lfsOid = sha256(obj);
          lfsSize = obj.length;
        }
        HubHttp.Ndjson c = new HubHttp.Ndjson(tag, null);
        for (int i = 0; i < FILES_PER_COMMIT[writer]; i++) {
          c.file("w" + writer + "/f" + i + ".txt", tag + "-" + i);
        }
        if (!lfsOid.equals("none")) {
          c.lfs("w" + writer + "/obj.bin", lfsOid, lfsSize);
        }
        c.file("w" + writer + "/state.txt", tag + " " + FILES_PER_COMMIT[writer] + " " + lfsOid);
        boolean pr = r.nextInt(8) == 0;
        HttpResponse<byte[]> resp =
            post(
                hub,
                api(repo) + "/commit/" + branch + (pr ? "?create_pr=1" : ""),
                "application/x-ndjson",
                c.bytes());
        if (resp.statusCode() == 200 && !pr) {
          ackedCommits.put(
              JSON.readTree(resp.body()).get("commitOid").asText(), branch + "@" + repo);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the server was killed under us: expected
    }
  }

  /**
   * Uploads LFS objects (basic, and every third one multipart) until stopped or the server dies.
   */
  void uploadLoop(Child hub, AtomicBoolean stop, long seed) {
    Random r = new Random(seed);
    try {
      for (int n = 0; !stop.get() && n < 1000; n++) {
        String repo = REPOS.get(r.nextInt(REPOS.size()));
        byte[] obj = new byte[n % 5 == 2 ? (int) MULTIPART_SIZE : (64 << 10) + r.nextInt(2 << 20)];
        r.nextBytes(obj);
        if (obj.length > (16 << 20)) {
          uploadMultipart(hub, repo, obj);
        } else {
          uploadBasic(hub, repo, obj);
        }
      }
    } catch (IOException | RuntimeException e) {
      // killed: expected
    }
  }

  void uploadBasic(Child hub, String repo, byte[] obj) throws IOException {
    String oid = sha256(obj);
    JsonNode o =
        json(ok(
                post(
                    hub,
                    "/datasets/" + repo + ".git/info/lfs/objects/batch",
                    "application/vnd.git-lfs+json",
                    batch(oid, obj.length, "basic"))))
            .get("objects")
            .get(0);
    if (o.has("actions")) {
      ok(
          send(
              HttpRequest.newBuilder(URI.create(o.at("/actions/upload/href").asText()))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(obj))));
      verify(o, oid, obj.length);
    }
    ackedObjects.add(oid);
  }

  void uploadMultipart(Child hub, String repo, byte[] obj) throws IOException {
    String oid = sha256(obj);
    JsonNode o =
        json(ok(
                post(
                    hub,
                    "/datasets/" + repo + ".git/info/lfs/objects/batch",
                    "application/vnd.git-lfs+json",
                    batch(oid, obj.length, "multipart"))))
            .get("objects")
            .get(0);
    if (o.has("actions")) {
      JsonNode upload = o.at("/actions/upload");
      int chunk = Integer.parseInt(upload.at("/header/chunk_size").asText());
      StringBuilder parts = new StringBuilder();
      for (int i = 1; upload.path("header").has(String.format("%05d", i)); i++) {
        int from = (i - 1) * chunk;
        int to = Math.min(obj.length, from + chunk);
        HttpResponse<byte[]> p =
            ok(
                send(
                    HttpRequest.newBuilder(
                            URI.create(
                                upload.path("header").get(String.format("%05d", i)).asText()))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(obj, from, to - from))));
        parts
            .append(i == 1 ? "" : ",")
            .append("{\"partNumber\":")
            .append(i)
            .append(",\"etag\":")
            .append(JSON.writeValueAsString(p.headers().firstValue("ETag").orElse("")))
            .append('}');
      }
      ok(
          send(
              HttpRequest.newBuilder(URI.create(upload.get("href").asText()))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"oid\":\"" + oid + "\",\"parts\":[" + parts + "]}"))));
      verify(o, oid, obj.length);
    }
    ackedObjects.add(oid);
  }

  void verify(JsonNode o, String oid, long size) throws IOException {
    if (o.at("/actions/verify/href").isTextual()) {
      ok(
          send(
              HttpRequest.newBuilder(URI.create(o.at("/actions/verify/href").asText()))
                  .header("Content-Type", "application/vnd.git-lfs+json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"oid\":\"" + oid + "\",\"size\":" + size + "}"))));
    }
  }

  // ------------------------------------------------------------------ checks after restart

  void checkConsistent(Child hub, String when) throws Exception {
    for (String repo : REPOS) {
      Path git = gitDir(repo);
      // localhub.json intact (a kill during saveMeta must leave the old or the new file, never a
      // torn one)
      JsonNode meta = JSON.readTree(git.resolve("localhub.json").toFile());
      assertThat(meta.path("objectId").asText())
          .as(when + " localhub.json of " + repo)
          .isNotEmpty();
      JsonNode refs = json(ok(get(hub, api(repo) + "/refs?include_prs=1")));
      List<JsonNode> all = new ArrayList<>();
      refs.get("branches").forEach(all::add);
      refs.get("pullRequests").forEach(all::add);
      assertThat(refs.get("branches")).as(when).hasSize(BRANCHES.size());
      for (JsonNode ref : all) {
        checkCommitComplete(
            hub, repo, ref.get("ref").asText(), ref.get("targetCommit").asText(), when);
      }
      for (String branch : BRANCHES) {
        JsonNode history = json(ok(get(hub, api(repo) + "/commits/" + branch + "?limit=1000")));
        Set<String> ids = ConcurrentHashMap.newKeySet();
        history.forEach(c -> ids.add(c.get("id").asText()));
        ackedCommits.forEach(
            (sha, where) -> {
              if (where.equals(branch + "@" + repo)) {
                assertThat(ids)
                    .as(when + ": acknowledged commit " + sha + " lost from " + where)
                    .contains(sha);
              }
            });
      }
      gitFsck(git, when);
    }
    checkLfsStore(when);
    // writes work again on every branch: stale *.lock files from the kill must not block ref
    // updates
    for (String repo : REPOS) {
      for (String branch : BRANCHES) {
        HttpResponse<byte[]> r =
            post(
                hub,
                api(repo) + "/commit/" + branch,
                "application/x-ndjson",
                new HubHttp.Ndjson("after restart", null).file("restart.txt", when).bytes());
        assertThat(r.statusCode())
            .as(when + ": commit to " + branch + " of " + repo + " after restart: " + text(r))
            .isEqualTo(200);
        ackedCommits.put(json(r).get("commitOid").asText(), branch + "@" + repo);
      }
      String scratch = "scratch-" + when.replace(' ', '-');
      ok(
          post(
              hub,
              api(repo) + "/branch/" + scratch,
              "application/json",
              "{}".getBytes(StandardCharsets.UTF_8)));
      HttpResponse<byte[]> del = send(authed(hub, api(repo) + "/branch/" + scratch).DELETE());
      assertThat(del.statusCode())
          .as(when + ": delete branch after restart: " + text(del))
          .isEqualTo(200);
    }
  }

  /**
   * Every file a commit's {@code state.txt} promises is there with that commit's content; LFS bytes
   * intact.
   */
  void checkCommitComplete(Child hub, String repo, String ref, String sha, String when)
      throws Exception {
    if (!checkedCommits.add(sha)) {
      return;
    }
    for (int w = 0; w < FILES_PER_COMMIT.length; w++) {
      HttpResponse<byte[]> st =
          get(hub, "/datasets/" + repo + "/resolve/" + sha + "/w" + w + "/state.txt");
      if (st.statusCode() == 404) {
        continue; // this writer never committed here
      }
      String[] state = text(ok(st)).split(" ");
      String what = when + ": " + ref + " of " + repo + " at " + sha + ", writer " + w;
      int files = Integer.parseInt(state[1]);
      for (int i = 0; i < files; i++) {
        HttpResponse<byte[]> f =
            get(hub, "/datasets/" + repo + "/resolve/" + sha + "/w" + w + "/f" + i + ".txt");
        assertThat(f.statusCode()).as(what + " file " + i).isEqualTo(200);
        assertThat(text(f)).as(what + " file " + i).isEqualTo(state[0] + "-" + i);
      }
      if (!state[2].equals("none")) {
        HttpResponse<byte[]> obj =
            followCdn(get(hub, "/datasets/" + repo + "/resolve/" + sha + "/w" + w + "/obj.bin"));
        assertThat(obj.statusCode()).as(what + " obj.bin").isEqualTo(200);
        assertThat(sha256(obj.body())).as(what + " obj.bin").isEqualTo(state[2]);
      }
    }
  }

  /**
   * Objects appear only complete: each file under lfs/ab/cd/ is named by the sha256 of its bytes.
   */
  void checkLfsStore(String when) throws IOException {
    Path lfs = data.resolve("lfs");
    try (Stream<Path> s = Files.walk(lfs)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path rel = lfs.relativize(p);
        String name = p.getFileName().toString();
        if (rel.startsWith("tmp")
            || !name.matches("[0-9a-f]{64}")
            || !hashedObjects.add(rel + " " + Files.size(p) + " " + Files.getLastModifiedTime(p))) {
          continue; // not an object, or already hashed in an earlier trial and not replaced since
        }
        assertThat(rel.toString())
            .as(when)
            .isEqualTo(name.substring(0, 2) + "/" + name.substring(2, 4) + "/" + name);
        try (InputStream in = Files.newInputStream(p)) {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          byte[] buf = new byte[1 << 16];
          int n;
          while ((n = in.read(buf)) >= 0) {
            md.update(buf, 0, n);
          }
          assertThat(HexFormat.of().formatHex(md.digest()))
              .as(when + ": partial LFS object visible " + rel)
              .isEqualTo(name);
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    for (String oid : ackedObjects) {
      Path p = lfs.resolve(oid.substring(0, 2)).resolve(oid.substring(2, 4)).resolve(oid);
      assertThat(p).as(when + ": acknowledged LFS upload lost").exists();
    }
  }

  static void gitFsck(Path gitDir, String when) throws Exception {
    Process p;
    try {
      p =
          new ProcessBuilder("git", "--git-dir=" + gitDir, "fsck", "--full", "--no-progress")
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      System.out.println(
          "KillDuringWriteAttackTest: no git binary on PATH, skipping git fsck ("
              + e.getMessage()
              + ")");
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(when + ": git fsck " + gitDir + ":\n" + out).isZero();
    for (String line : out.split("\n")) {
      // dangling objects (blobs of commits that never got their ref) are fine; anything else is not
      assertThat(line.isBlank() || line.startsWith("dangling ") || line.startsWith("Checking "))
          .as(when + ": git fsck " + gitDir + ": " + line)
          .isTrue();
    }
  }

  // ------------------------------------------------------------------ child JVM

  /** A standalone localhub ({@code dev.hfio.localhub.Main}) in its own JVM, killed with SIGKILL. */
  static final class Child {
    final Process proc;
    final String url;

    private Child(Process proc, String url) {
      this.proc = proc;
      this.url = url;
    }

    static Child start(Path data) throws Exception {
      Process proc =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "--port",
                  "0",
                  "--data",
                  data.toString(),
                  "--token",
                  TOKEN)
              .redirectErrorStream(true)
              .start();
      CompletableFuture<String> url = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                  StringBuilder early = new StringBuilder();
                  String line;
                  while ((line = in.readLine()) != null) {
                    if (!url.isDone()) {
                      early.append(line).append('\n');
                      if (line.startsWith("localhub listening on ")) {
                        url.complete(line.substring("localhub listening on ".length()).trim());
                      }
                    }
                  }
                  url.completeExceptionally(
                      new IllegalStateException("child exited before listening:\n" + early));
                } catch (IOException e) {
                  url.completeExceptionally(e);
                }
              },
              "localhub-child-output");
      reader.setDaemon(true);
      reader.start();
      try {
        return new Child(proc, url.get(30, TimeUnit.SECONDS));
      } catch (Exception e) {
        proc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw e;
      }
    }

    void kill() throws InterruptedException {
      proc.destroyForcibly();
      assertThat(proc.waitFor(20, TimeUnit.SECONDS)).as("child JVM did not die").isTrue();
    }
  }

  // ------------------------------------------------------------------ HTTP helpers

  static String api(String repo) {
    return "/api/datasets/" + repo;
  }

  HttpRequest.Builder authed(Child hub, String path) {
    return HttpRequest.newBuilder(URI.create(hub.url + path))
        .header("Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<byte[]> get(Child hub, String path) throws IOException {
    return send(authed(hub, path).GET());
  }

  /**
   * CDN mode: a 302 from /resolve is followed to the CDN origin without the token, as clients do.
   */
  HttpResponse<byte[]> followCdn(HttpResponse<byte[]> r) throws IOException {
    return r.statusCode() != 302
        ? r
        : send(
            HttpRequest.newBuilder(
                    java.net.URI.create(r.headers().firstValue("Location").orElseThrow()))
                .GET());
  }

  HttpResponse<byte[]> post(Child hub, String path, String contentType, byte[] body)
      throws IOException {
    return send(
        authed(hub, path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException {
    try {
      return client.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static HttpResponse<byte[]> ok(HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.uri() + ": " + text(r));
    }
    return r;
  }

  static byte[] batch(String oid, long size, String transfer) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("operation", "upload");
    b.put(
        "transfers",
        transfer.equals("multipart") ? List.of("basic", "multipart") : List.of("basic"));
    b.put("hash_algo", "sha256");
    b.put("objects", List.of(Map.of("oid", oid, "size", size)));
    try {
      return JSON.writeValueAsBytes(b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Path gitDir(String repo) {
    return data.resolve("repos/datasets/" + repo + ".git");
  }

  static long countFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
