package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resource exhaustion attacks over real loopback HTTP: slow bodies, unread downloads, slow streamed
 * uploads, oversize bodies (declared and chunked), huge bodies without a token, many concurrent
 * bodies, slow headers. For each, a victim client on another loopback address (127.0.0.2) must keep
 * getting correct answers within {@link #VICTIM_MS} during the attack, and the server must answer
 * normally after it. Attack sizes exceed the (small) thread pool.
 */
class ResourceAttackTest {
  static final String VICTIM = "127.0.0.2";
  static final String ATTACKER = "127.0.0.1";
  static final long VICTIM_MS = 2000;
  static final int THREADS = 16;
  static final int ATTACKERS = 40;
  static final long ATTACK_MS = 3000;
  static final long JSON_LIMIT = 64 << 10;
  static final long COMMIT_LIMIT = 4 << 20;
  static final int BIG = 16 << 20;

  @RegisterExtension
  static LocalHubExtension HUB =
      new LocalHubExtension(
          b ->
              b.maxThreads(THREADS)
                  .maxThreadsPerAddress(6)
                  .maxBodyBytes(COMMIT_LIMIT)
                  .maxJsonBodyBytes(JSON_LIMIT)
                  .bodyMemoryBytes(16 << 10)
                  .idleTimeout(Duration.ofSeconds(10)));

  static HubHttp h;
  static String id;
  static final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void repo() {
    h = new HubHttp(HUB.hub());
    id = h.createDataset("victim", false);
    h.commitOk(id, new HubHttp.Ndjson("small", null).file("small.txt", "hello"));
    byte[] big = new byte[BIG];
    new Random(1).nextBytes(big);
    String oid = HubHttp.sha256(big);
    HttpResponse<byte[]> b =
        h.post(
            "/datasets/" + id + ".git/info/lfs/objects/batch",
            "application/vnd.git-lfs+json",
            ("{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\""
                    + oid
                    + "\",\"size\":"
                    + BIG
                    + "}]}")
                .getBytes(StandardCharsets.UTF_8));
    String href =
        HubHttp.json(b).get("objects").get(0).get("actions").get("upload").get("href").asText();
    assertThat(h.put(href, big).statusCode()).isEqualTo(200);
    h.commitOk(id, new HubHttp.Ndjson("big", null).lfs("big.bin", oid, BIG));
  }

  @AfterEach
  void closeAttackers() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    sockets.clear();
  }

  // ------------------------------------------------------------------ attacks

  @Test
  void slowBodiesHoldNoThreads() throws Exception {
    String head = h.headSha(id);
    for (int i = 0; i < ATTACKERS; i++) {
      Socket s = attacker();
      if (i % 2 == 0) {
        RawClient.write(
            s,
            RawClient.head(
                "POST",
                "/api/datasets/" + id + "/commit/main",
                "Authorization",
                "Bearer " + HUB.hub().writeToken(),
                "Content-Type",
                "application/x-ndjson",
                "Content-Length",
                "100000"));
      } else {
        RawClient.write(
            s,
            RawClient.head(
                "POST",
                "/api/validate-yaml",
                "Content-Type",
                "application/json",
                "Content-Length",
                "1000"));
      }
      RawClient.write(s, "{");
    }
    long worst = underAttack(() -> drip(" "));
    System.out.printf(
        "slow bodies: %d connections for %d ms, victim worst latency %d ms%n",
        ATTACKERS, ATTACK_MS, worst);
    closeAttackers();
    assertAnswersNormally();
    assertThat(h.headSha(id)).isEqualTo(head);
  }

  @Test
  void unreadDownloadsHoldNoThreads() throws Exception {
    // CDN mode: the LFS bytes are sent by the CDN origin (the API answers a 302), so the unread
    // downloads go there
    java.net.URI u =
        java.net.URI.create(
            h.get("/datasets/" + id + "/resolve/main/big.bin")
                .headers()
                .firstValue("Location")
                .orElseThrow());
    for (int i = 0; i < ATTACKERS; i++) {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      s.bind(new java.net.InetSocketAddress(ATTACKER, 0));
      s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 2000);
      sockets.add(s);
      RawClient.write(s, RawClient.head("GET", u.getRawPath() + "?" + u.getRawQuery()));
    }
    long worst = underAttack(() -> {});
    System.out.printf(
        "unread downloads: %d x %d MiB for %d ms, victim worst latency %d ms%n",
        ATTACKERS, BIG >> 20, ATTACK_MS, worst);
    closeAttackers();
    assertAnswersNormally();
  }

  @Test
  void slowStreamedUploadsAreLimitedPerAddress() throws Exception {
    // LFS PUTs are streamed by their route (a thread each): one address gets at most
    // maxThreadsPerAddress of them
    StringBuilder objs = new StringBuilder();
    for (int i = 0; i < ATTACKERS; i++) {
      objs.append(i == 0 ? "" : ",")
          .append("{\"oid\":\"")
          .append(HubHttp.sha256(("x" + i).getBytes()))
          .append("\",\"size\":1000000}");
    }
    HttpResponse<byte[]> b =
        h.post(
            "/datasets/" + id + ".git/info/lfs/objects/batch",
            "application/vnd.git-lfs+json",
            ("{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[" + objs + "]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(b.statusCode()).isEqualTo(200);
    for (var o : HubHttp.json(b).get("objects")) {
      String path =
          java.net.URI.create(o.get("actions").get("upload").get("href").asText()).getPath();
      Socket s = attacker();
      RawClient.write(s, RawClient.head("PUT", path, "Content-Length", "1000000") + "x");
    }
    long worst = underAttack(() -> drip("x"));
    System.out.printf(
        "slow LFS uploads: %d connections for %d ms, victim worst latency %d ms%n",
        ATTACKERS, ATTACK_MS, worst);
    closeAttackers();
    assertAnswersNormally();
  }

  @Test
  void oversizeContentLengthIsRefusedAtOnce() throws Exception {
    String head = h.headSha(id);
    String[][] cases = {
      {"/api/datasets/" + id + "/commit/main", String.valueOf(10L << 30)},
      {"/api/datasets/" + id + "/preupload/main", String.valueOf(64L << 20)},
      {"/api/repos/create", String.valueOf(JSON_LIMIT + 1)},
      {"/datasets/" + id + ".git/info/lfs/objects/batch", String.valueOf(1L << 30)},
    };
    for (String[] c : cases) {
      try (Socket s = attacker()) {
        long t0 = System.nanoTime();
        RawClient.write(
            s,
            RawClient.head(
                    "POST",
                    c[0],
                    "Authorization",
                    "Bearer " + HUB.hub().writeToken(),
                    "Content-Type",
                    "application/json",
                    "Content-Length",
                    c[1])
                + "{\"x\":1");
        RawClient.Resp r;
        try {
          r = RawClient.read(s);
        } catch (IOException e) {
          throw new AssertionError("no answer for " + c[0] + " with Content-Length " + c[1], e);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertError(r, 413, "PayloadTooLarge");
        assertThat(ms).as(c[0]).isLessThan(VICTIM_MS);
        assertThat(r.closed()).as("connection closed after 413 on " + c[0]).isTrue();
      }
    }
    assertThat(h.headSha(id)).isEqualTo(head);
    assertAnswersNormally();
  }

  @Test
  void oversizeChunkedBodyIsCutOff() throws Exception {
    String head = h.headSha(id);
    for (String path :
        new String[] {"/api/validate-yaml", "/api/datasets/" + id + "/commit/main"}) {
      long limit = path.endsWith("yaml") ? JSON_LIMIT : COMMIT_LIMIT;
      try (Socket s = attacker()) {
        RawClient.write(
            s,
            RawClient.head(
                "POST",
                path,
                "Authorization",
                "Bearer " + HUB.hub().writeToken(),
                "Content-Type",
                "application/x-ndjson",
                "Transfer-Encoding",
                "chunked"));
        byte[] chunk = new byte[8192];
        java.util.Arrays.fill(chunk, (byte) 'a');
        long sent = 0;
        OutputStream out = s.getOutputStream();
        try {
          while (sent < 2 * limit + 65536) { // bounded: twice the limit
            out.write(
                (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            sent += chunk.length;
          }
          out.flush();
        } catch (IOException closedByServer) {
          // expected once the server stopped reading and closed
        }
        RawClient.Resp r = RawClient.read(s);
        assertError(r, 413, "PayloadTooLarge");
        assertThat(r.closed()).isTrue();
      }
    }
    assertThat(h.headSha(id)).isEqualTo(head);
    assertAnswersNormally();
  }

  @Test
  void hugeBodyWithoutWriteTokenIsRefusedUnread() throws Exception {
    String head = h.headSha(id);
    String commit = "/api/datasets/" + id + "/commit/main";
    Object[][] cases = {
      {commit, null, 401, "Unauthorized"},
      {commit, "hf_not_a_real_token_aaaaaaaaaaaaaaaa", 401, "InvalidCredentials"},
      {commit, HUB.hub().readToken(), 403, "Forbidden"},
      {"/api/repos/create", null, 401, "Unauthorized"},
      {"/api/repos/create", HUB.hub().readToken(), 403, "Forbidden"},
      {"/api/datasets/" + id + "/branch/evil", HUB.hub().readToken(), 403, "Forbidden"},
    };
    for (Object[] c : cases) {
      try (Socket s = attacker()) {
        long t0 = System.nanoTime();
        String auth = c[1] == null ? "" : "Bearer " + c[1];
        RawClient.write(
            s,
            RawClient.head(
                    "POST",
                    (String) c[0],
                    "Authorization",
                    auth,
                    "Content-Type",
                    "application/x-ndjson",
                    "Content-Length",
                    String.valueOf(1L << 30))
                + "x".repeat(1024));
        RawClient.Resp r = RawClient.read(s);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertError(r, (int) c[2], (String) c[3]);
        assertThat(ms).as(c[0] + " answered at once").isLessThan(VICTIM_MS);
        assertThat(r.closed()).isTrue();
      }
    }
    // a normal-size body without a token still gets its 401 (swallowed, not a reset)
    HttpResponse<byte[]> small =
        h.as(null).commit(id, "main", new HubHttp.Ndjson("x", null).file("a.txt", "a"));
    assertThat(small.statusCode()).isEqualTo(401);
    assertThat(HubHttp.code(small)).isEqualTo("Unauthorized");
    assertThat(h.headSha(id)).isEqualTo(head);
    assertAnswersNormally();
  }

  @Test
  void concurrentBodiesAreSpooledToDiskNotHeap() throws Exception {
    int n = 12;
    Random rnd = new Random(2);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] content = new byte[700_000];
      rnd.nextBytes(content);
      String ndjson =
          "{\"key\":\"header\",\"value\":{\"summary\":\"c"
              + i
              + "\"}}\n"
              + "{\"key\":\"file\",\"value\":{\"path\":\"spool/"
              + i
              + ".bin\",\"encoding\":\"base64\",\"content\":\""
              + Base64.getEncoder().encodeToString(content)
              + "\"}}\n";
      bodies.add(ndjson.getBytes(StandardCharsets.UTF_8));
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    for (byte[] body : bodies) {
      Socket s = attacker();
      RawClient.write(
          s,
          RawClient.head(
              "POST",
              "/api/datasets/" + id + "/commit/main",
              "Authorization",
              "Bearer " + HUB.hub().writeToken(),
              "Content-Type",
              "application/x-ndjson",
              "Connection",
              "close",
              "Content-Length",
              String.valueOf(body.length)));
      s.getOutputStream()
          .write(body, 0, body.length - 1); // all but the last byte: the request stays open
      s.getOutputStream().flush();
    }
    Path spool = HUB.hub().dataDir().resolve("spool");
    long deadline = System.nanoTime() + 5_000_000_000L;
    long onDisk = 0;
    while (System.nanoTime() < deadline) { // bounded wait until every body reached the server
      onDisk = spoolBytes(spool);
      if (onDisk >= (long) n * 900_000) {
        break;
      }
      Thread.sleep(50);
    }
    System.gc();
    long during = rt.totalMemory() - rt.freeMemory();
    System.out.printf(
        "concurrent bodies: %d x %d KiB pending, on disk %d KiB, heap delta %d KiB%n",
        n, bodies.get(0).length >> 10, onDisk >> 10, (during - before) >> 10);
    assertThat(onDisk)
        .as("pending bodies are spooled to disk")
        .isGreaterThanOrEqualTo((long) n * 900_000);
    assertThat(during - before)
        .as("heap growth while %d bodies are pending", n)
        .isLessThan((long) n * 512 << 10);
    long worst = underAttack(() -> {});
    for (int i = 0; i < n; i++) {
      Socket s = sockets.get(i);
      s.getOutputStream().write('\n');
      s.getOutputStream().flush();
    }
    for (int i = 0; i < n; i++) {
      RawClient.Resp r = RawClient.read(sockets.get(i));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
    System.out.printf("concurrent bodies: victim worst latency %d ms%n", worst);
    long left = spoolBytes(spool);
    for (int i = 0;
        i < 40 && left > 0;
        i++) { // the request ends just after its answer went out: bounded wait
      Thread.sleep(50);
      left = spoolBytes(spool);
    }
    assertThat(left).as("spool files deleted when the requests end").isZero();
    assertAnswersNormally();
  }

  @Test
  void slowHeadersHoldNoThreads() throws Exception {
    for (int i = 0; i < ATTACKERS; i++) {
      Socket s = attacker();
      RawClient.write(s, "GET /api/datasets/" + id + " HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    long worst = underAttack(() -> drip("a"));
    System.out.printf(
        "slow headers: %d connections for %d ms, victim worst latency %d ms%n",
        ATTACKERS, ATTACK_MS, worst);
    closeAttackers();
    assertAnswersNormally();
  }

  // ------------------------------------------------------------------ helpers

  private static Socket attacker() throws IOException {
    Socket s = RawClient.open(HUB.hub().url(), ATTACKER, 5000);
    sockets.add(s);
    return s;
  }

  /** Sends one more byte on every attacker socket (ignoring the ones the server closed). */
  private static void drip(String b) {
    for (Socket s : sockets) {
      try {
        RawClient.write(s, b);
      } catch (IOException closed) {
        // the server may close a stalled connection: fine
      }
    }
  }

  /**
   * Keeps the attack up for {@link #ATTACK_MS} (calling {@code tick} every 250 ms) while the victim
   * (127.0.0.2) asks for repo info and a small file; each answer must be right and come within
   * {@link #VICTIM_MS}. Returns the worst victim latency.
   */
  private static long underAttack(Runnable tick) throws Exception {
    long end = System.nanoTime() + ATTACK_MS * 1_000_000;
    long worst = 0;
    int probes = 0;
    while (System.nanoTime() < end && probes < 40) {
      tick.run();
      worst = Math.max(worst, victimProbe(VICTIM));
      probes++;
      Thread.sleep(250);
    }
    assertThat(probes).isGreaterThan(3);
    return worst;
  }

  private static long victimProbe(String from) throws IOException {
    long t0 = System.nanoTime();
    RawClient.Resp info =
        RawClient.exchange(
            HUB.hub().url(),
            from,
            (int) VICTIM_MS + 1000,
            "GET",
            "/api/datasets/" + id,
            new byte[0]);
    RawClient.Resp file =
        RawClient.exchange(
            HUB.hub().url(),
            from,
            (int) VICTIM_MS + 1000,
            "GET",
            "/datasets/" + id + "/resolve/main/small.txt",
            new byte[0]);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.text()).contains("\"" + id + "\"");
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.text()).isEqualTo("hello");
    assertThat(ms).as("victim latency from " + from).isLessThan(VICTIM_MS);
    return ms;
  }

  /** After the attack: both addresses get normal answers, including a full large download. */
  private static void assertAnswersNormally() throws IOException {
    victimProbe(VICTIM);
    victimProbe(ATTACKER);
    HttpResponse<byte[]> big = CdnDownloads.get(h, "/datasets/" + id + "/resolve/main/big.bin");
    assertThat(big.statusCode()).isEqualTo(200);
    assertThat(big.body()).hasSize(BIG);
  }

  private static void assertError(RawClient.Resp r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("X-Error-Code")).isEqualTo(code);
    Leaks.assertNone(r.headers() + " " + r.text(), Leaks.forbidden(HUB.hub(), "/tmp/"), "response");
  }

  private static long spoolBytes(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      long n = 0;
      for (Path p : s.toList()) {
        n += Files.exists(p) ? Files.size(p) : 0;
      }
      return n;
    } catch (java.nio.file.NoSuchFileException gone) {
      return 0;
    }
  }
}
