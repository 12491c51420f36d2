package dev.hfio.localhub;

import static dev.hfio.localhub.LfsAttackSupport.batch;
import static dev.hfio.localhub.LfsAttackSupport.object0;
import static dev.hfio.localhub.LfsAttackSupport.secret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a standalone localhub while clients upload LFS objects and commit them: after a
 * restart every upload that was answered 200 is still the repo's own ("already present",
 * downloadable), every answered commit resolves, and no temp upload is left behind.
 */
class LfsKillAttackTest {
  static final String TOKEN = "hf_fixed_dev_token_for_kill_attack_test";
  @TempDir Path dir;

  static long countTmp(Path tmp) throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.count();
    }
  }

  /** Streams its bytes 8 KiB at a time, 20 ms apart (bounded: about 25 s for 10 MiB). */
  static final class SlowStream extends java.io.InputStream {
    private final byte[] data;
    private int pos;

    SlowStream(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      int n = Math.min(Math.min(len, 8192), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  @Test
  void killDuringUploadsAndCommitsLosesNothingThatWasAcknowledged() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.hfio.localhub.Main",
                "--port",
                "0",
                "--data",
                dir.toString(),
                "--token",
                TOKEN)
            .redirectErrorStream(true)
            .start();
    Map<String, byte[]> uploaded = new ConcurrentHashMap<>();
    Map<String, byte[]> committed = new ConcurrentHashMap<>();
    long ranMillis;
    try {
      CompletableFuture<String> url = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    if (line.startsWith("localhub listening on ")) {
                      url.complete(line.substring("localhub listening on ".length()).trim());
                    }
                  }
                } catch (Exception e) {
                  url.completeExceptionally(e);
                }
              });
      reader.setDaemon(true);
      reader.start();
      HubHttp h = new HubHttp(url.get(30, TimeUnit.SECONDS), TOKEN);
      h.createDataset("killed", false);
      Thread[] workers = new Thread[3];
      for (int w = 0; w < workers.length; w++) {
        int id = w;
        workers[w] =
            new Thread(
                () -> {
                  for (int i = 0; i < 400; i++) { // bounded; the kill ends it much earlier
                    byte[] x = secret(256 * 1024, id * 1000L + i);
                    String oid = HubHttp.sha256(x);
                    try {
                      h.uploadLfs("dev/killed", x);
                      uploaded.put(oid, x);
                      if (i % 2 == 0) {
                        h.commitOk(
                            "dev/killed",
                            new HubHttp.Ndjson("k" + id + "-" + i, null)
                                .lfs("w" + id + "/" + i + ".bin", oid, x.length));
                        committed.put("w" + id + "/" + i + ".bin", x);
                      }
                    } catch (RuntimeException | AssertionError e) {
                      return; // the server died
                    }
                  }
                });
        workers[w].start();
      }
      // plus one upload that is mid-body when the server dies: its temp file must not survive the
      // restart
      byte[] slow = secret(10 << 20, 99);
      String slowHref =
          object0(
                  batch(
                      h,
                      "dev/killed",
                      "upload",
                      List.of("basic"),
                      HubHttp.sha256(slow),
                      slow.length))
              .at("/actions/upload/href")
              .asText();
      CompletableFuture<HttpResponse<Void>> slowPut =
          h.client.sendAsync(
              HttpRequest.newBuilder(URI.create(slowHref))
                  .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new SlowStream(slow)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      long t0 = System.nanoTime();
      Path tmp = dir.resolve("lfs/tmp");
      for (int i = 0; i < 100 && countTmp(tmp) == 0; i++) {
        Thread.sleep(50);
      }
      assertThat(countTmp(tmp)).as("an upload is in flight").isPositive();
      Thread.sleep(1000);
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      ranMillis = (System.nanoTime() - t0) / 1_000_000;
      for (Thread t : workers) {
        t.join(30_000);
      }
      slowPut.cancel(true);
    } finally {
      p.destroyForcibly();
    }
    assertThat(uploaded).isNotEmpty();
    try (LocalHub hub =
        LocalHub.builder().dataDir(dir).writeToken(TOKEN).gcInterval(Duration.ZERO).start()) {
      HubHttp h = new HubHttp(hub);
      try (Stream<Path> s = Files.list(dir.resolve("lfs/tmp"))) {
        assertThat(s.count()).isZero();
      }
      for (Map.Entry<String, byte[]> e : uploaded.entrySet()) {
        JsonNode o =
            object0(
                batch(
                    h, "dev/killed", "upload", List.of("basic"), e.getKey(), e.getValue().length));
        assertThat(o.has("actions"))
            .as("acknowledged upload %s is still present", e.getKey())
            .isFalse();
      }
      for (Map.Entry<String, byte[]> e : committed.entrySet()) {
        HttpResponse<byte[]> r =
            CdnDownloads.get(h, "/datasets/dev/killed/resolve/main/" + e.getKey());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(e.getValue());
      }
      System.out.printf(
          "kill -9 after %d ms: %d uploads and %d commits acknowledged, all intact%n",
          ranMillis, uploaded.size(), committed.size());
    }
  }
}
