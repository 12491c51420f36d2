package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measurements, skipped unless {@code -Dhfio.bench=true}: Range-GET throughput of a 1 GiB LFS file
 * against reading the same blob from disk, and the latency of one commit with 1,000 lfsFile
 * operations. {@code mvn -pl localhub -am test -Dtest=LocalHubBench -Dhfio.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
class LocalHubBench {
  static final long SIZE = Long.getLong("hfio.bench.bytes", 1L << 30);
  static final int CHUNK = 8 << 20;

  @Test
  void bench() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("hfio.bench"), "set -Dhfio.bench=true to run");
    try (LocalHub hub = LocalHub.builder().start()) {
      HubHttp h = new HubHttp(hub);
      String id = h.createDataset("bench", false);
      // 1 GiB object written straight into the content-addressed store (layout lfs/ab/cd/<sha256>)
      Path tmp = Files.createTempFile(hub.dataDir(), "gen", ".bin");
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] block = new byte[CHUNK];
      new Random(42).nextBytes(block);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        for (long written = 0; written < SIZE; written += CHUNK) {
          block[0] = (byte) (written / CHUNK);
          md.update(block);
          out.write(block);
        }
      }
      String oid = HexFormat.of().formatHex(md.digest());
      Path dest =
          hub.dataDir()
              .resolve("lfs")
              .resolve(oid.substring(0, 2))
              .resolve(oid.substring(2, 4))
              .resolve(oid);
      Files.createDirectories(dest.getParent());
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
      h.commitOk(id, new HubHttp.Ndjson("big", null).lfs("big.bin", oid, SIZE));
      String url = "/datasets/" + id + "/resolve/main/big.bin";

      // warm both paths once (page cache), then measure one run each
      double disk = diskRead(dest);
      disk = diskRead(dest);
      double ranged = rangedGets(h, url);
      double full = fullGet(h, url);
      double rangedUrlc = rangedGetsUrlConnection(hub.url() + url);
      double fullUrlc = fullGetUrlConnection(hub.url() + url);
      long t1 = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        assertThat(
                h.get(url, "Range", "bytes=" + (i * 4096L) + "-" + (i * 4096L + 1023)).statusCode())
            .isEqualTo(206);
      }
      double smallMs = (System.nanoTime() - t1) / 1e6 / 200;
      long t2 = System.nanoTime();
      int n = 0;
      for (long off = 0; off < Math.min(SIZE, 256L << 20); off += CHUNK) {
        HttpResponse<byte[]> rr = h.get(url, "Range", "bytes=" + off + "-" + (off + CHUNK - 1));
        assertThat(rr.body()).hasSize(CHUNK);
        n++;
      }
      double bigMs = (System.nanoTime() - t2) / 1e6 / n;
      System.out.printf(
          "BENCH 1 KiB range GET latency: %.2f ms; 8 MiB range GET (byte[] handler): %.1f ms%n",
          smallMs, bigMs);
      System.out.printf("BENCH disk read (FileChannel, 8 MiB reads):   %8.1f MiB/s%n", disk);
      System.out.printf(
          "BENCH HTTP sequential 8 MiB Range GETs:       %8.1f MiB/s  (%.2f of disk)%n",
          ranged, ranged / disk);
      System.out.printf(
          "BENCH HTTP one full GET:                      %8.1f MiB/s  (%.2f of disk)%n",
          full, full / disk);

      // commit latency: 1,000 lfsFile operations, objects pre-uploaded
      StringBuilder batch =
          new StringBuilder("{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[");
      String[] oids = new String[1000];
      byte[][] contents = new byte[1000][];
      for (int i = 0; i < 1000; i++) {
        contents[i] = ("object number " + i).getBytes(StandardCharsets.UTF_8);
        oids[i] = HubHttp.sha256(contents[i]);
        batch
            .append(i > 0 ? "," : "")
            .append("{\"oid\":\"")
            .append(oids[i])
            .append("\",\"size\":")
            .append(contents[i].length)
            .append('}');
      }
      batch.append("]}");
      HttpResponse<byte[]> b =
          h.post(
              "/datasets/" + id + ".git/info/lfs/objects/batch",
              "application/vnd.git-lfs+json",
              batch.toString().getBytes(StandardCharsets.UTF_8));
      var objs = HubHttp.json(b).get("objects");
      for (int i = 0; i < 1000; i++) {
        assertThat(h.put(objs.get(i).at("/actions/upload/href").asText(), contents[i]).statusCode())
            .isEqualTo(200);
      }
      HubHttp.Ndjson commit = new HubHttp.Ndjson("1000 lfs files", null);
      for (int i = 0; i < 1000; i++) {
        commit.lfs(
            "shards/part-" + String.format("%04d", i) + ".parquet", oids[i], contents[i].length);
      }
      byte[] body = commit.bytes();
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r =
          h.post("/api/datasets/" + id + "/commit/main", "application/x-ndjson", body);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
      // second one on top of a 1,000-file tree (replaces every file)
      HubHttp.Ndjson commit2 = new HubHttp.Ndjson("1000 lfs files again", null);
      for (int i = 0; i < 1000; i++) {
        commit2.lfs(
            "shards/part-" + String.format("%04d", i) + ".parquet",
            oids[999 - i],
            contents[999 - i].length);
      }
      t0 = System.nanoTime();
      r = h.post("/api/datasets/" + id + "/commit/main", "application/x-ndjson", commit2.bytes());
      long ms2 = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
      System.out.printf(
          "BENCH (HttpURLConnection) 8 MiB Range GETs:     %8.1f MiB/s  (%.2f of disk)%n",
          rangedUrlc, rangedUrlc / disk);
      System.out.printf(
          "BENCH (HttpURLConnection) one full GET:         %8.1f MiB/s  (%.2f of disk)%n",
          fullUrlc, fullUrlc / disk);
      System.out.printf(
          "BENCH commit of 1,000 lfsFile ops: %d ms (first), %d ms (second, on a 1,000-file tree)%n",
          ms, ms2);
    }
  }

  static double diskRead(Path p) throws Exception {
    long t0 = System.nanoTime();
    long n = 0;
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(CHUNK);
      int r;
      while ((r = ch.read(buf)) > 0) {
        n += r;
        buf.clear();
      }
    }
    assertThat(n).isEqualTo(SIZE);
    return mibPerSec(n, System.nanoTime() - t0);
  }

  static double rangedGets(HubHttp h, String url) throws Exception {
    long t0 = System.nanoTime();
    long n = 0;
    byte[] buf = new byte[1 << 20];
    for (long off = 0; off < SIZE; off += CHUNK) {
      long end = Math.min(SIZE, off + CHUNK) - 1;
      HttpResponse<InputStream> r =
          h.client.send(
              h.req(url).header("Range", "bytes=" + off + "-" + end).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(206);
      n += drain(r.body(), buf);
    }
    assertThat(n).isEqualTo(SIZE);
    return mibPerSec(n, System.nanoTime() - t0);
  }

  static double fullGet(HubHttp h, String url) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<InputStream> r =
        h.client.send(h.req(url).build(), HttpResponse.BodyHandlers.ofInputStream());
    long n = drain(r.body(), new byte[1 << 20]);
    assertThat(n).isEqualTo(SIZE);
    return mibPerSec(n, System.nanoTime() - t0);
  }

  static double rangedGetsUrlConnection(String url) throws Exception {
    long t0 = System.nanoTime();
    long n = 0;
    byte[] buf = new byte[1 << 20];
    for (long off = 0; off < SIZE; off += CHUNK) {
      long end = Math.min(SIZE, off + CHUNK) - 1;
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
      c.setRequestProperty("Range", "bytes=" + off + "-" + end);
      assertThat(c.getResponseCode()).isEqualTo(206);
      n += drain(c.getInputStream(), buf);
    }
    assertThat(n).isEqualTo(SIZE);
    return mibPerSec(n, System.nanoTime() - t0);
  }

  static double fullGetUrlConnection(String url) throws Exception {
    long t0 = System.nanoTime();
    java.net.HttpURLConnection c =
        (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
    long n = drain(c.getInputStream(), new byte[1 << 20]);
    assertThat(n).isEqualTo(SIZE);
    return mibPerSec(n, System.nanoTime() - t0);
  }

  static long drain(InputStream in, byte[] buf) throws Exception {
    long n = 0;
    try (in) {
      int r;
      while ((r = in.read(buf)) >= 0) {
        n += r;
      }
    }
    return n;
  }

  static double mibPerSec(long bytes, long nanos) {
    return bytes / 1048576.0 / (nanos / 1e9);
  }
}
