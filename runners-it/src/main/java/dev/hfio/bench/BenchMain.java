package dev.hfio.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowGroupInfo;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.RateLimitPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark program: generates the seeded dataset, serves it from an embedded localhub, runs
 * every measurement in a fresh child JVM ({@link Scenario}) and writes {@code RESULTS.md} and
 * {@code ratios.svg}. Options: {@code --scale=F} (1.0 = ~1 GB), {@code
 * --runner=direct|flink|spark}, {@code --seed=N}, {@code --xmx=2g}, {@code --jfr} (profile every
 * run), {@code --work=DIR}, {@code --out=DIR}, {@code --command="..."} (recorded), {@code
 * --limitedWindow=10} and {@code --limitedFactor=3} (the rate-limited scenario's window in seconds,
 * and how many windows' worth of quota the unlimited small-file read needs), {@code
 * --pipelineArgs=--objectReuse=true,--x=y} (runner options, comma-separated, for every Beam
 * pipeline measured), {@code --only=a,b} (run only these measurements and write only {@code
 * results.json}: for before/after profiles).
 */
public final class BenchMain {
  static final int FILES = 16;
  static final int ROW_GROUPS = 8;
  static final int SMALL_FILES = 2000;

  public static void main(String[] argv) throws Exception {
    Map<String, String> o =
        new LinkedHashMap<>(
            Map.of(
                "scale",
                "1.0",
                "runner",
                "direct",
                "seed",
                "20261123",
                "xmx",
                "2g",
                "work",
                System.getProperty("java.io.tmpdir") + "/hfio-bench",
                "out",
                "runners-it/bench",
                "command",
                System.getenv()
                    .getOrDefault(
                        "BENCH_COMMAND",
                        "mvn -B -pl runners-it -am verify -Pbench "
                            + "-DskipTests -Dbench.args=\""
                            + String.join(" ", argv)
                            + "\"")));
    for (String a : argv) {
      if (a.isBlank()) {
        continue;
      }
      String s = a.replaceFirst("^--", "");
      int eq = s.indexOf('=');
      o.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "true" : s.substring(eq + 1));
    }
    if (o.containsKey("reportFrom")) {
      Report.fromRaw(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(Path.of(o.get("reportFrom")).toFile()),
              o.get("jfrDir"))
          .write(Path.of(o.get("out")));
      return;
    }
    new BenchMain(o).run();
  }

  private final Map<String, String> o;
  private final double scale;
  private final long seed;
  private final Path work;

  private BenchMain(Map<String, String> o) {
    this.o = o;
    this.scale = Double.parseDouble(o.get("scale"));
    this.seed = Long.parseLong(o.get("seed"));
    this.work = Path.of(o.get("work"), "scale-" + o.get("scale") + "-seed-" + seed);
  }

  private static void log(String fmt, Object... args) {
    System.out.printf("[bench] " + fmt + "%n", args);
  }

  private void run() throws Exception {
    long start = System.nanoTime();
    Report report = new Report(o);
    // ---- dataset ----
    Path sample = work.resolve("calibrate.parquet");
    BenchData.writeFile(sample, seed, 0, 20_000, Long.MAX_VALUE / 4);
    double bytesPerRow = BenchData.footer(sample).fileLength() / 20_000.0;
    long totalRows = Math.max(FILES * ROW_GROUPS * 100L, Math.round(scale * 1e9 / bytesPerRow));
    long rowsPerFile = totalRows / FILES;
    totalRows = rowsPerFile * FILES;
    Path local16 = work.resolve("files16");
    List<Path> files16 =
        generate(
            local16, FILES, rowsPerFile, 0, (long) (1.2 * bytesPerRow * rowsPerFile / ROW_GROUPS));
    long smallRowsPerFile = Math.max(20, Math.round(700 * scale));
    Path local2000 = work.resolve("files2000");
    List<Path> files2000 = generate(local2000, SMALL_FILES, smallRowsPerFile, totalRows, 1L << 30);
    long bytes16 = sizes(files16);
    long bytes2000 = sizes(files2000);
    ParquetFooter f0 = BenchData.footer(files16.get(0));
    long projectedChunkBytes = 0;
    for (Path f : files16) {
      for (RowGroupInfo g : BenchData.footer(f).rowGroups()) {
        projectedChunkBytes += g.compressedSize(BenchData.PROJECTED);
      }
    }
    report.dataset(
        totalRows,
        bytes16,
        f0.rowGroupCount(),
        SMALL_FILES,
        smallRowsPerFile * SMALL_FILES,
        bytes2000,
        projectedChunkBytes);
    log(
        "dataset: %d rows, %d files, %.1f MB, %d row groups/file; small: %d files %.1f MB",
        totalRows, FILES, bytes16 / 1e6, f0.rowGroupCount(), SMALL_FILES, bytes2000 / 1e6);

    long naive2000;
    try (LocalHub hub =
        LocalHub.builder().port(0).dataDir(Files.createTempDirectory(work, "hub")).start()) {
      HubClient client = HubClient.builder().endpoint(hub.url()).token(hub.writeToken()).build();
      String sha16 = upload(client, "dev/bench16", files16, FILES);
      upload(client, "dev/bench2000", files2000, SMALL_FILES);
      log("uploaded both datasets to %s", hub.url());
      Map<String, String> env =
          Map.of("HF_TOKEN", hub.writeToken(), "BENCH_ADMIN_TOKEN", hub.adminToken());
      ChildJvm jvm = new ChildJvm(o.get("xmx"), work.resolve("logs"), env);
      boolean jfr = o.containsKey("jfr");
      List<String> common =
          List.of(
              "endpoint=" + hub.url(),
              "runner=" + o.get("runner"),
              "seed=" + seed,
              "pipelineArgs=" + o.getOrDefault("pipelineArgs", ""),
              "writeSource=" + o.getOrDefault("writeSource", "sequence"));
      Scenarios s = new Scenarios(jvm, jfr ? work.resolve("jfr") : null, common, report, only());
      s.run("read-bare", "read-bare", "localDir=" + local16);
      Path duckdb = Path.of(o.getOrDefault("duckdb", "runners-it/bench/duckdb"));
      if (Files.isDirectory(duckdb.resolve("node_modules/@duckdb/node-api"))) {
        s.run(
            "read-duckdb",
            "read-duckdb",
            "localDir=" + local16,
            "duckdbScript=" + duckdb.resolve("scan.mjs").toAbsolutePath());
      } else {
        log("DuckDB baseline skipped: %s has no node_modules (run.sh installs it)", duckdb);
      }
      s.run("read-pio-local", "read-pio-local", "localDir=" + local16);
      s.run("read-pio-hf", "read-pio-hf", "repo=dev/bench16", "sha=" + sha16);
      s.run("read-hfio", "read-hfio", "repo=dev/bench16");
      s.run("read-hfio-proj", "read-hfio-proj", "repo=dev/bench16");
      JsonNode unlimited2000 = s.run("read-hfio-2000", "read-hfio", "repo=dev/bench2000");
      naive2000 =
          HubCounters.resolveRoute(unlimited2000.path("plan"))
              + HubCounters.resolveRoute(unlimited2000.path("run"));
      s.run(
          "write-local",
          "write-local",
          "rows=" + totalRows,
          "outDir=" + work.resolve("write-local-" + start));
      s.run(
          "write-bare",
          "write-bare",
          "rows=" + totalRows,
          "outDir=" + work.resolve("write-bare-" + start));
      s.run("write-hfio", "write-hfio", "rows=" + totalRows, "repo=dev/write-" + start);
      long smallShard = Math.max(1L << 20, bytes16 / FILES / 4);
      s.run(
          "write-hfio-small-shards",
          "write-hfio",
          "rows=" + totalRows,
          "repo=dev/write-small-" + start,
          "maxShardBytes=" + smallShard);
      report.smallShardBytes(smallShard);
    }
    if (only().isEmpty() || only().contains("read-hfio-2000-limited")) {
      readUnderResolverQuota(files2000, naive2000, report);
    }
    report.totalSeconds((System.nanoTime() - start) / 1e9);
    if (only().isEmpty() || only().containsAll(READS)) {
      report.write(Path.of(o.get("out"))); // a full run, or the read table's runs (e.g. on Spark)
    } else {
      report.writeRaw(Path.of(o.get("out"))); // a partial run: results.json (with profiles) only
    }
  }

  /**
   * The measurements the read table and its goals need: {@code --only} of these renders a report.
   */
  static final Set<String> READS =
      Set.of("read-bare", "read-pio-local", "read-pio-hf", "read-hfio");

  /** The labels of {@code --only=a,b} (empty: run everything). */
  private Set<String> only() {
    String v = o.getOrDefault("only", "");
    return v.isBlank() ? Set.of() : Set.of(v.split(","));
  }

  /** Runs scenarios one after another and hands their results (and JFR profiles) to the report. */
  private record Scenarios(
      ChildJvm jvm, Path jfrDir, List<String> common, Report report, Set<String> only) {
    /**
     * Runs one measurement. One that is not in {@code --only} is not run; one whose child JVM fails
     * (out of memory at a large scale, say) is recorded as failed, and the rest still run.
     */
    JsonNode run(String label, String scenario, String... args) throws Exception {
      if (!only.isEmpty() && !only.contains(label)) {
        return new ObjectMapper().createObjectNode().put("skipped", true);
      }
      List<String> a = new ArrayList<>(common);
      a.add("scenario=" + scenario);
      a.addAll(List.of(args));
      Path jfr = null;
      if (jfrDir != null) {
        Files.createDirectories(jfrDir);
        jfr = jfrDir.resolve(label + ".jfr");
      }
      log("running %s ...", label);
      JsonNode r;
      try {
        r = jvm.run(label, jfr, a);
      } catch (IllegalStateException e) {
        log("%s FAILED: %s", label, e.getMessage());
        r = new ObjectMapper().createObjectNode().put("failed", e.getMessage());
      }
      log("%s: %s", label, r);
      report.result(label, r);
      if (jfr != null && Files.exists(jfr)) {
        report.profile(label, JfrSummary.read(jfr, 12));
      }
      return r;
    }
  }

  /**
   * The rate-limited scenario: the 2,000-small-file read again, on a second localhub whose dev user
   * has a resolvers quota of {@code 1/limitedFactor} (default 1/3) of the requests the unlimited
   * read of the same files made, per window of {@code limitedWindow} seconds (default 10): the free
   * plan's 5,000 resolves per 300 s scaled down until it binds, so the read must spread over at
   * least {@code limitedFactor} windows. Everything else (api, pages, CDN) is as on the free plan,
   * per window.
   */
  private void readUnderResolverQuota(List<Path> files2000, long naive, Report report)
      throws Exception {
    long window = Long.parseLong(o.getOrDefault("limitedWindow", "10"));
    double factor = Double.parseDouble(o.getOrDefault("limitedFactor", "3"));
    int quota = (int) Math.max(1, Math.ceil(naive / factor));
    try (LocalHub hub =
        LocalHub.builder()
            .port(0)
            .dataDir(Files.createTempDirectory(work, "hub-limited"))
            .rateLimitWindow(Duration.ofSeconds(window))
            .rateLimitPlan(LocalHub.DEV_USER, RateLimitPlan.FREE.withResolvers(quota))
            .start()) {
      HubClient client = HubClient.builder().endpoint(hub.url()).token(hub.writeToken()).build();
      upload(client, "dev/bench2000", files2000, SMALL_FILES);
      log(
          "rate-limited hub %s: %d resolver requests per %d s (the unlimited read made %d)",
          hub.url(), quota, window, naive);
      ChildJvm jvm =
          new ChildJvm(
              o.get("xmx"),
              work.resolve("logs"),
              Map.of("HF_TOKEN", hub.writeToken(), "BENCH_ADMIN_TOKEN", hub.adminToken()));
      Path jfrDir = o.containsKey("jfr") ? work.resolve("jfr") : null;
      new Scenarios(
              jvm,
              jfrDir,
              List.of(
                  "endpoint=" + hub.url(),
                  "runner=" + o.get("runner"),
                  "seed=" + seed,
                  "pipelineArgs=" + o.getOrDefault("pipelineArgs", "")),
              report,
              only())
          .run(
              "read-hfio-2000-limited",
              "read-hfio",
              "repo=dev/bench2000",
              "limitResolvers=" + quota,
              "limitWindowSeconds=" + window,
              "naiveResolves=" + naive);
    }
  }

  private List<Path> generate(
      Path dir, int files, long rowsPerFile, long firstRow, long rowGroupBytes) throws Exception {
    Path done = dir.resolve(".complete-" + files + "x" + rowsPerFile + "-rg" + rowGroupBytes);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      out.add(dir.resolve(String.format("part-%05d.parquet", i)));
    }
    if (Files.exists(done)) {
      log("reusing %s", dir);
      return out;
    }
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    List<Future<?>> fs = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      final int k = i;
      fs.add(
          pool.submit(
              () -> {
                BenchData.writeFile(
                    out.get(k), seed, firstRow + k * rowsPerFile, rowsPerFile, rowGroupBytes);
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    Files.writeString(done, "ok");
    log("generated %d files in %s (%.1f s)", files, dir, (System.nanoTime() - t0) / 1e9);
    return out;
  }

  private static long sizes(List<Path> files) throws IOException {
    long s = 0;
    for (Path f : files) {
      s += Files.size(f);
    }
    return s;
  }

  /** One commit with every file, uploaded as LFS by the client; returns the commit sha. */
  private static String upload(HubClient client, String id, List<Path> files, int n) {
    RepoRef repo = RepoRef.dataset(id);
    client.createRepo(repo).existOk().call();
    List<CommitOperation> ops = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      ops.add(
          CommitOperation.addFile(
              String.format("data/train-%05d-of-%05d.parquet", i, n), files.get(i)));
    }
    return client.commit(repo).addAll(ops).message("benchmark data").call().commitSha();
  }
}
