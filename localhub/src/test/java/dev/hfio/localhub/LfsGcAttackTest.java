package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.LfsAttackSupport.batch;
import static dev.hfio.localhub.LfsAttackSupport.object0;
import static dev.hfio.localhub.LfsAttackSupport.secret;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LFS garbage collector: stale temp uploads and part directories and objects no repo may use
 * are removed on start (and on demand), referenced ones never — also for data dirs written before
 * per-repo visibility existed, after a crash at any step of an upload, and while uploads and
 * commits run concurrently.
 */
class LfsGcAttackTest {
  static final String TOKEN = "hf_fixed_dev_token_for_gc_attack_test";
  @TempDir Path dir;

  LocalHub start() {
    return LocalHub.builder().dataDir(dir).writeToken(TOKEN).gcInterval(Duration.ZERO).start();
  }

  Path obj(String oid) {
    return dir.resolve("lfs")
        .resolve(oid.substring(0, 2))
        .resolve(oid.substring(2, 4))
        .resolve(oid);
  }

  Path visible(String repo) {
    return dir.resolve("repos/datasets/" + repo + ".git/lfs-visible");
  }

  void plantObject(byte[] content) throws Exception {
    Path p = obj(HubHttp.sha256(content));
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }

  static long entries(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void startCollectsStaleTempFilesAndUnreferencedObjectsAndKeepsReferencedOnes() throws Exception {
    byte[] a = secret(900, 31);
    byte[] b = secret(900, 32);
    byte[] orphan = secret(900, 33);
    try (LocalHub hub = start()) {
      HubHttp h = new HubHttp(hub);
      h.createDataset("gc1", false);
      h.uploadLfs("dev/gc1", a);
      h.commitOk(
          "dev/gc1", new HubHttp.Ndjson("a", null).lfs("a.bin", HubHttp.sha256(a), a.length));
      h.uploadLfs("dev/gc1", b); // uploaded, not committed yet: still the repo's
    }
    Path tmp = dir.resolve("lfs/tmp");
    Files.write(tmp.resolve("up-123.part"), new byte[4096]);
    Files.createDirectories(tmp.resolve("mp-1234/sub"));
    Files.write(tmp.resolve("mp-1234/part-1"), new byte[4096]);
    Files.write(tmp.resolve("mp-1234/sub/x"), new byte[1]);
    plantObject(orphan);
    try (LocalHub hub = start()) {
      assertThat(entries(tmp)).isZero();
      assertThat(obj(HubHttp.sha256(orphan))).doesNotExist();
      assertThat(obj(HubHttp.sha256(a))).exists();
      assertThat(obj(HubHttp.sha256(b))).exists();
      HubHttp h = new HubHttp(hub);
      assertThat(CdnDownloads.get(h, "/datasets/dev/gc1/resolve/main/a.bin").body()).isEqualTo(a);
      assertThat(
              object0(batch(h, "dev/gc1", "upload", List.of("basic"), HubHttp.sha256(b), b.length))
                  .has("actions"))
          .isFalse();
      h.commitOk(
          "dev/gc1", new HubHttp.Ndjson("b", null).lfs("b.bin", HubHttp.sha256(b), b.length));
      // the repo's objects survive an explicit collection too; deleting the repo frees them
      assertThat(hub.admin().gc().get("objects")).isZero();
      h.delete("/api/repos/delete", Map.of("name", "gc1", "type", "dataset"));
      assertThat(hub.admin().gc().get("objects")).isEqualTo(2);
      assertThat(obj(HubHttp.sha256(a))).doesNotExist();
    }
  }

  @Test
  void dataDirWithoutVisibilitySetsIsRebuiltFromEveryRef() throws Exception {
    byte[] onMain = secret(500, 41);
    byte[] onlyInPr = secret(500, 42);
    byte[] onlyInTag = secret(500, 43);
    byte[] neverCommitted = secret(500, 44);
    byte[] foreign = secret(500, 45);
    try (LocalHub hub = start()) {
      HubHttp h = new HubHttp(hub);
      h.createDataset("legacy", true);
      for (byte[] x : new byte[][] {onMain, onlyInPr, onlyInTag, neverCommitted}) {
        h.uploadLfs("dev/legacy", x);
      }
      h.commitOk(
          "dev/legacy", new HubHttp.Ndjson("m", null).lfs("m.bin", HubHttp.sha256(onMain), 500));
      h.commitOk(
          "dev/legacy", new HubHttp.Ndjson("t", null).lfs("t.bin", HubHttp.sha256(onlyInTag), 500));
      h.postJson("/api/datasets/dev/legacy/tag/main", Map.of("tag", "v1"));
      h.commitOk("dev/legacy", new HubHttp.Ndjson("rm t", null).delete("t.bin"));
      HttpResponse<byte[]> pr =
          h.post(
              "/api/datasets/dev/legacy/commit/main?create_pr=1",
              "application/x-ndjson",
              new HubHttp.Ndjson("pr", null).lfs("p.bin", HubHttp.sha256(onlyInPr), 500).bytes());
      assertThat(pr.statusCode()).isEqualTo(200);
    }
    // as written by localhub before per-repo visibility: no set at all; plus a half-built set from
    // a crashed rebuild
    // that names a foreign object
    deleteTree(visible("dev/legacy"));
    Path half = visible("dev/legacy").resolveSibling("lfs-visible.rebuild");
    String foreignOid = HubHttp.sha256(foreign);
    Files.createDirectories(half.resolve(foreignOid.substring(0, 2)));
    Files.write(half.resolve(foreignOid.substring(0, 2)).resolve(foreignOid), new byte[0]);
    plantObject(foreign);
    try (LocalHub hub = start()) {
      HubHttp h = new HubHttp(hub);
      assertThat(CdnDownloads.get(h, "/datasets/dev/legacy/resolve/main/m.bin").body())
          .isEqualTo(onMain);
      assertThat(CdnDownloads.get(h, "/datasets/dev/legacy/resolve/v1/t.bin").body())
          .isEqualTo(onlyInTag);
      assertThat(CdnDownloads.get(h, "/datasets/dev/legacy/resolve/refs%2Fpr%2F1/p.bin").body())
          .isEqualTo(onlyInPr);
      // referenced by no commit: the rebuilt set cannot know it was uploaded, so it is collected
      assertThat(obj(HubHttp.sha256(neverCommitted))).doesNotExist();
      assertThat(obj(foreignOid)).doesNotExist();
      assertThat(half).doesNotExist();
      HttpResponse<byte[]> c =
          h.commit(
              "dev/legacy", "main", new HubHttp.Ndjson("x", null).lfs("f.bin", foreignOid, 500));
      assertThat(code(c)).isEqualTo("LfsObjectNotFound");
    }
  }

  @Test
  void crashBetweenMarkerAndObjectOrObjectWithoutMarkerIsSafe() throws Exception {
    byte[] marked = secret(600, 51);
    byte[] unmarked = secret(600, 52);
    try (LocalHub hub = start()) {
      new HubHttp(hub).createDataset("crash", false);
      new HubHttp(hub).uploadLfs("dev/crash", secret(10, 50)); // creates the set
    }
    // crash after the marker was synced, before the object moved into place
    String m = HubHttp.sha256(marked);
    Files.createDirectories(visible("dev/crash").resolve(m.substring(0, 2)));
    Files.write(visible("dev/crash").resolve(m.substring(0, 2)).resolve(m), new byte[0]);
    // an object in the store that no repo recorded (e.g. another repo's, deleted meanwhile)
    plantObject(unmarked);
    try (LocalHub hub = start()) {
      HubHttp h = new HubHttp(hub);
      assertThat(obj(HubHttp.sha256(unmarked))).doesNotExist();
      assertThat(object0(batch(h, "dev/crash", "upload", List.of("basic"), m, 600)).has("actions"))
          .isTrue();
      assertThat(
              code(
                  h.commit(
                      "dev/crash", "main", new HubHttp.Ndjson("x", null).lfs("m.bin", m, 600))))
          .isEqualTo("LfsObjectNotFound");
      assertThat(
              object0(batch(h, "dev/crash", "download", List.of("basic"), m, 600))
                  .at("/error/code")
                  .asInt())
          .isEqualTo(404);
      LfsAttackSupport.uploadOwnBytes(h, "dev/crash", marked);
      h.commitOk("dev/crash", new HubHttp.Ndjson("x", null).lfs("m.bin", m, 600));
      assertThat(CdnDownloads.get(h, "/datasets/dev/crash/resolve/main/m.bin").body())
          .isEqualTo(marked);
    }
  }

  @Test
  void collectorRacingUploadsAndCommitsNeverLosesAnObject() throws Exception {
    try (LocalHub hub = start()) {
      HubHttp h = new HubHttp(hub);
      h.createDataset("race", false);
      h.createDataset("race2", false);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger runs = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread gc =
          new Thread(
              () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                try {
                  while (!stop.get() && System.nanoTime() < deadline) {
                    hub.admin().gc();
                    runs.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              });
      gc.start();
      long t0 = System.nanoTime();
      List<byte[]> all = new ArrayList<>();
      try {
        for (int i = 0; i < 15; i++) {
          byte[] x = secret(2000, 600 + i);
          all.add(x);
          h.uploadLfs("dev/race", x);
          h.commitOk(
              "dev/race",
              new HubHttp.Ndjson("x" + i, null).lfs("f" + i + ".bin", HubHttp.sha256(x), 2000));
          // the same bytes into a second repo (deduplicated on disk), then the first repo forgets
          // the file
          h.uploadLfs("dev/race2", x);
          h.commitOk(
              "dev/race2", new HubHttp.Ndjson("y" + i, null).lfs("g.bin", HubHttp.sha256(x), 2000));
        }
        // a multipart upload whose parts sit in tmp while the collector runs
        byte[] big = secret(2500, 700);
        try (LocalHub small =
            LocalHub.builder().multipartChunkSize(1000).gcInterval(Duration.ZERO).start()) {
          HubHttp s = new HubHttp(small);
          s.createDataset("mp", false);
          JsonNode up =
              object0(
                      batch(
                          s,
                          "dev/mp",
                          "upload",
                          List.of("basic", "multipart"),
                          HubHttp.sha256(big),
                          big.length))
                  .at("/actions/upload");
          List<Map<String, Object>> parts = new ArrayList<>();
          for (int p = 1; p <= 3; p++) {
            HttpResponse<byte[]> r =
                s.put(
                    up.at("/header/" + String.format("%05d", p)).asText(),
                    Arrays.copyOfRange(big, (p - 1) * 1000, Math.min(big.length, p * 1000)));
            assertThat(r.statusCode()).isEqualTo(200);
            parts.add(
                Map.of("partNumber", p, "etag", r.headers().firstValue("ETag").orElseThrow()));
            small.admin().gc();
          }
          HttpResponse<byte[]> done =
              s.as(null)
                  .postJson(
                      up.get("href").asText(), Map.of("oid", HubHttp.sha256(big), "parts", parts));
          assertThat(done.statusCode()).as(HubHttp.text(done)).isEqualTo(200);
          s.commitOk(
              "dev/mp",
              new HubHttp.Ndjson("mp", null).lfs("big.bin", HubHttp.sha256(big), big.length));
          assertThat(CdnDownloads.get(s, "/datasets/dev/mp/resolve/main/big.bin").body())
              .isEqualTo(big);
        }
      } finally {
        stop.set(true);
        gc.join(30_000);
      }
      assertThat(failure.get()).isNull();
      assertThat(runs.get()).isPositive();
      for (int i = 0; i < all.size(); i++) {
        assertThat(CdnDownloads.get(h, "/datasets/dev/race/resolve/main/f" + i + ".bin").body())
            .isEqualTo(all.get(i));
      }
      System.out.printf(
          "collector race: %d gc runs during %d ms%n",
          runs.get(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  static void deleteTree(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
