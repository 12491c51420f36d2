package dev.hfio.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the measurements into {@code RESULTS.md} (machine, command, tables, targets met or missed,
 * profiles) and {@code ratios.svg} (bars of the ratios against their targets).
 */
final class Report {
  private final Map<String, String> options;
  private final Map<String, JsonNode> results = new LinkedHashMap<>();
  private final Map<String, JfrSummary.Profile> profiles = new LinkedHashMap<>();
  private String loadBefore = loadAverage();
  private String loadAfter;
  private long rows;
  private long bytes16;
  private int rowGroups;
  private int smallFiles;
  private long smallRows;
  private long bytes2000;
  private long projectedChunkBytes;
  private long smallShardBytes;
  private double totalSeconds;

  Report(Map<String, String> options) {
    this.options = options;
  }

  /**
   * A report of a finished run, from the {@code results.json} it saved (to re-render after a report
   * change).
   */
  static Report fromRaw(JsonNode n, String jfrDir) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, String> opts = new LinkedHashMap<>();
    n.path("options").fields().forEachRemaining(e -> opts.put(e.getKey(), e.getValue().asText()));
    Report r = new Report(opts);
    r.loadBefore = n.path("loadBefore").asText();
    r.loadAfter = n.path("loadAfter").asText(null);
    r.dataset(
        n.path("rows").asLong(),
        n.path("bytes16").asLong(),
        n.path("rowGroups").asInt(),
        n.path("smallFiles").asInt(),
        n.path("smallRows").asLong(),
        n.path("bytes2000").asLong(),
        n.path("projectedChunkBytes").asLong());
    r.smallShardBytes = n.path("smallShardBytes").asLong();
    r.totalSeconds = n.path("totalSeconds").asDouble();
    n.path("results").fields().forEachRemaining(e -> r.results.put(e.getKey(), e.getValue()));
    var it = n.path("profiles").fields();
    while (it.hasNext()) {
      var e = it.next();
      Path jfr = jfrDir == null ? null : Path.of(jfrDir, e.getKey() + ".jfr");
      r.profiles.put(
          e.getKey(),
          jfr != null && Files.exists(jfr)
              ? JfrSummary.read(jfr, 12)
              : m.treeToValue(e.getValue(), JfrSummary.Profile.class));
    }
    return r;
  }

  void dataset(
      long rows,
      long bytes16,
      int rowGroups,
      int smallFiles,
      long smallRows,
      long bytes2000,
      long projectedChunkBytes) {
    this.rows = rows;
    this.bytes16 = bytes16;
    this.rowGroups = rowGroups;
    this.smallFiles = smallFiles;
    this.smallRows = smallRows;
    this.bytes2000 = bytes2000;
    this.projectedChunkBytes = projectedChunkBytes;
  }

  void result(String label, JsonNode r) {
    results.put(label, r);
  }

  void profile(String label, JfrSummary.Profile p) {
    profiles.put(label, p);
  }

  void smallShardBytes(long b) {
    smallShardBytes = b;
  }

  void totalSeconds(double s) {
    totalSeconds = s;
  }

  private double secs(String label) {
    JsonNode r = results.get(label);
    // a baseline outside the JVM (DuckDB in node) reports its scan time without process start
    return (r.has("scanMs") ? r.path("scanMs") : r.path("wallMs")).asDouble() / 1000;
  }

  private double mbps(String label, long bytes) {
    return bytes / 1e6 / secs(label);
  }

  private long counter(String label, String phase, String key) {
    return results.get(label).path(phase).path(key).asLong();
  }

  /** The counters of two phases of one run, added up. */
  private static JsonNode sum(JsonNode run, String a, String b) {
    com.fasterxml.jackson.databind.node.ObjectNode n =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    for (String phase : new String[] {a, b}) {
      run.path(phase)
          .fields()
          .forEachRemaining(
              e -> n.put(e.getKey(), n.path(e.getKey()).asLong() + e.getValue().asLong()));
    }
    return n;
  }

  private static String f(String fmt, Object... a) {
    return String.format(Locale.ROOT, fmt, a);
  }

  private static String mb(long b) {
    return f("%.1f", b / 1e6);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "n/a (" + e.getMessage() + ")";
    }
  }

  private record Target(String what, String measured, boolean met) {}

  private String runnerName() {
    return switch (options.getOrDefault("runner", "direct")) {
      case "flink" -> "FlinkRunner [local], parallelism 2";
      case "spark" -> "SparkRunner local[2]";
      default -> "DirectRunner";
    };
  }

  /**
   * Everything measured, as JSON, so the report can be re-rendered ({@code
   * --reportFrom=results.json}).
   */
  com.fasterxml.jackson.databind.node.ObjectNode raw() {
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode n = m.createObjectNode();
    n.set("options", m.valueToTree(options));
    n.put("loadBefore", loadBefore)
        .put("rows", rows)
        .put("bytes16", bytes16)
        .put("rowGroups", rowGroups)
        .put("smallFiles", smallFiles)
        .put("smallRows", smallRows)
        .put("bytes2000", bytes2000)
        .put("projectedChunkBytes", projectedChunkBytes)
        .put("smallShardBytes", smallShardBytes)
        .put("totalSeconds", totalSeconds)
        .put("loadAfter", loadAfter != null ? loadAfter : loadAverage());
    n.set("results", m.valueToTree(results));
    n.set("profiles", m.valueToTree(profiles));
    return n;
  }

  /** Only {@code results.json} (a partial run: {@code --only}). */
  void writeRaw(Path out) throws IOException {
    Files.createDirectories(out);
    if (loadAfter == null) {
      loadAfter = loadAverage();
    }
    Files.writeString(out.resolve("results.json"), raw().toPrettyString());
  }

  void write(Path out) throws IOException {
    writeRaw(out);
    StringBuilder md = new StringBuilder();
    List<Target> targets = new ArrayList<>();
    List<double[]> bars = new ArrayList<>();
    List<String> barNames = new ArrayList<>();
    md.append("# HfIO benchmark results\n\n");
    md.append(
        "Generated by `dev.hfio.bench.BenchMain` (runners-it). Do not edit by hand: re-run the command.\n\n");
    md.append("- Command: `").append(options.get("command")).append("`\n");
    results.forEach(
        (label, r) -> {
          if (r.has("failed")) { // its rows below are empty or nonsense: say so first
            md.append("- **Failed measurement** `")
                .append(label)
                .append("`: ")
                .append(r.path("failed").asText())
                .append("\n");
          }
        });
    md.append("- Date: ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
        .append('\n');
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    md.append(
        f(
            "- Machine: %d cores (nproc), %.1f GB memory, %s %s, Java %s (%s)%n",
            Runtime.getRuntime().availableProcessors(),
            os.getTotalMemorySize() / 1e9,
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name")));
    md.append("- Load average (1/5/15 min, running/total, last pid) at start: `")
        .append(loadBefore)
        .append("`, at end: `")
        .append(loadAfter != null ? loadAfter : loadAverage())
        .append(
            "` (the machine is shared; other jobs compete for the "
                + "same cores, so absolute numbers are noisy; ratios between runs taken minutes apart are less so)\n");
    md.append(
        f(
            "- Runner: %s; scale %s; seed %s; every measurement in a fresh child JVM with -Xms/-Xmx %s and the heap pre-touched before timing; "
                + "DirectRunner enforcement (immutability/encodability) off for all runs; total benchmark time %.0f s%n",
            options.get("runner"),
            options.get("scale"),
            options.get("seed"),
            options.get("xmx"),
            totalSeconds));
    md.append(
        f(
            "- Dataset: %d rows x 10 columns (int32, 2x int64, double, float, 2 strings + hex string, "
                + "list<int64>, list<double>), %d files x %d row groups, %s MB of Parquet (snappy); small variant: %d files, "
                + "%d rows, %s MB%n%n",
            rows, BenchMain.FILES, rowGroups, mb(bytes16), smallFiles, smallRows, mb(bytes2000)));

    // 1. read
    md.append("## 1. Read all columns (16 files)\n\n");
    md.append(
        "| pipeline | rows | wall s | MB/s (Parquet bytes) | rows/s | vs ParquetIO local | vs bare parquet-java "
            + "| peak heap MB (used / after GC) |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    String[][] reads = {
      {"read-hfio", "HfIO.read over HTTP (localhub)"},
      {"read-pio-hf", "ParquetIO.read over hf:// (HfFileSystem)"},
      {"read-pio-local", "ParquetIO.read, local disk"},
      {"read-bare", "bare parquet-java (AvroParquetReader, 1 thread/core, no Beam)"},
      {"read-duckdb", "DuckDB read_parquet, local disk, all columns to JS values (node; scan time)"}
    };
    double pioLocal = mbps("read-pio-local", bytes16);
    double bare = mbps("read-bare", bytes16);
    for (String[] r : reads) {
      JsonNode n = results.get(r[0]);
      if (n == null) {
        continue; // not measured in this run (e.g. no node for the DuckDB baseline)
      }
      double m = mbps(r[0], bytes16);
      md.append(
          f(
              "| %s | %d | %.1f | %.1f | %.0f | %.2fx | %.2fx | %s / %s |%n",
              r[1],
              n.path("rows").asLong(),
              secs(r[0]),
              m,
              n.path("rows").asLong() / secs(r[0]),
              m / pioLocal,
              m / bare,
              mb(n.path("peakHeapUsed").asLong()),
              mb(n.path("peakHeapAfterGc").asLong())));
    }
    double readRatio = mbps("read-hfio", bytes16) / pioLocal;
    double bareRatio = mbps("read-hfio", bytes16) / bare;
    boolean flink = "flink".equals(options.get("runner"));
    double bareGoal = flink ? 0.8 : 0.6;
    targets.add(
        new Target(
            f("read: HfIO.read >= %.1fx the bare parquet-java scan (%s)", bareGoal, runnerName()),
            f("%.2fx", bareRatio),
            bareRatio >= bareGoal));
    targets.add(
        new Target(
            "read: HfIO.read over HTTP >= 1.5x ParquetIO on local disk",
            f("%.2fx", readRatio),
            readRatio >= 1.5));
    double planShare =
        results.get("read-hfio").path("planMs").asDouble()
            / results.get("read-hfio").path("wallMs").asDouble();
    targets.add(
        new Target(
            "read: planning <= 10% of the wall time",
            f(
                "%.0f%% (%.1f s)",
                100 * planShare, results.get("read-hfio").path("planMs").asDouble() / 1000),
            planShare <= 0.10));
    if (results.containsKey("read-hfio-2000")) {
      double small = mbps("read-hfio-2000", bytes2000) / mbps("read-hfio", bytes16);
      targets.add(
          new Target(
              f(
                  "small files: MB/s of the %d-file read >= 0.5x that of the 16-file read",
                  smallFiles),
              f(
                  "%.2fx (%.1f vs %.1f MB/s)",
                  small, mbps("read-hfio-2000", bytes2000), mbps("read-hfio", bytes16)),
              small >= 0.5));
    }
    bars.add(new double[] {readRatio, 1.0});
    barNames.add("read HfIO / ParquetIO local");
    bars.add(new double[] {mbps("read-hfio", bytes16) / bare, 0});
    barNames.add("read HfIO / bare parquet-java");
    bars.add(new double[] {mbps("read-pio-hf", bytes16) / pioLocal, 0});
    barNames.add("read ParquetIO hf:// / local");
    boolean rowsOk =
        results.get("read-hfio").path("rows").asLong() == rows
            && results.get("read-pio-local").path("rows").asLong() == rows;
    md.append(
        f(
            "%nRow counts equal the dataset's %d rows: %s. HfIO.read wall time includes planning "
                + "(%.1f s at construction).%n%n",
            rows,
            rowsOk ? "yes" : "NO",
            results.get("read-hfio").path("planMs").asDouble() / 1000));

    // a reads-only run (--only, e.g. the Spark read row) has no projection or write measurements
    if (results.containsKey("read-hfio-proj") && results.containsKey("write-hfio")) {
      // 2. projection
      long fetchedRun = counter("read-hfio-proj", "run", "bytesServed");
      long fetchedAll = fetchedRun + counter("read-hfio-proj", "plan", "bytesServed");
      double projRatio = (double) fetchedRun / projectedChunkBytes;
      double projRatioAll = (double) fetchedAll / projectedChunkBytes;
      md.append(
          "## 2. Read 2 of 10 columns (`" + String.join("`, `", BenchData.PROJECTED) + "`)\n\n");
      md.append(
          "| bytes of those column chunks (from footers) | fetched while running | ratio | fetched incl. "
              + "planning (footer tails) | ratio incl. footers | wall s | rows |\n|---:|---:|---:|---:|---:|---:|---:|\n");
      md.append(
          f(
              "| %d | %d | %.3f | %d | %.3f | %.1f | %d |%n%n",
              projectedChunkBytes,
              fetchedRun,
              projRatio,
              fetchedAll,
              projRatioAll,
              secs("read-hfio-proj"),
              results.get("read-hfio-proj").path("rows").asLong()));
      targets.add(
          new Target(
              "projected bytes <= 1.1x needed (data fetched while running / projected chunk bytes)",
              f(
                  "%.3fx (%.3fx counting the 64 KiB footer tails read at planning)",
                  projRatio, projRatioAll),
              projRatio <= 1.1));
      bars.add(new double[] {projRatio, 1.1});
      barNames.add("projection fetched / needed");

      // 3. write
      md.append("## 3. Write the same rows\n\n");
      md.append(
          "| pipeline | rows | files | MB written | wall s | MB/s | rows/s | commits | peak heap MB (used / "
              + "after GC) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      String[][] writes = {
        {"write-hfio", "HfIO.write (localhub, default shard size)"},
        {"write-hfio-small-shards", "HfIO.write, maxShardBytes " + mb(smallShardBytes) + " MB"},
        {"write-local", "FileIO.write().via(ParquetIO.sink), local disk"},
        {
          "write-bare",
          "bare parquet-java (AvroParquetWriter, snappy, 1 file and thread/core, no Beam)"
        }
      };
      for (String[] w : writes) {
        JsonNode n = results.get(w[0]);
        if (n == null) {
          continue; // a results.json from before this scenario existed
        }
        long b = n.path("bytes").asLong();
        md.append(
            f(
                "| %s | %d | %d | %s | %.1f | %.1f | %.0f | %s | %s / %s |%n",
                w[1],
                n.path("rows").asLong(),
                n.path("files").asLong(),
                mb(b),
                secs(w[0]),
                b / 1e6 / secs(w[0]),
                n.path("rows").asLong() / secs(w[0]),
                w[0].startsWith("write-hfio")
                    ? String.valueOf(counter(w[0], "run", "commit"))
                    : "-",
                mb(n.path("peakHeapUsed").asLong()),
                mb(n.path("peakHeapAfterGc").asLong())));
      }
      // same rows on both sides: compare rows/s (the Parquet bytes differ slightly between the two
      // writers)
      double writeRatio = secs("write-local") / secs("write-hfio");
      long commits = counter("write-hfio", "run", "commit");
      long commitsSmall = counter("write-hfio-small-shards", "run", "commit");
      md.append(
          f(
              "%nThe ratio compares rows/s (same rows on both sides; the two writers' bytes differ a little): "
                  + "HfIO.write / local = %.2fx.%n%n",
              writeRatio));
      targets.add(
          new Target(
              "write: HfIO.write >= 0.9x FileIO+ParquetIO.sink to local disk",
              f("%.2fx", writeRatio),
              writeRatio >= 0.9));
      targets.add(
          new Target(
              "exactly 1 commit per write",
              f("%d (default shards), %d (small shards)", commits, commitsSmall),
              commits == 1 && commitsSmall == 1));
      bars.add(new double[] {writeRatio, 0.9});
      barNames.add("write HfIO / ParquetIO.sink local");
      if (results.containsKey("write-bare")) {
        double writeBare = secs("write-bare") / secs("write-hfio");
        targets.add(
            new Target(
                "write: HfIO.write >= 0.7x the bare parquet-java writer (rows/s)",
                f("%.2fx", writeBare),
                writeBare >= 0.7));
        bars.add(new double[] {writeBare, 0.7});
        barNames.add("write HfIO / bare parquet-java");
      }
      long writeLive = results.get("write-hfio").path("peakHeapAfterGc").asLong();
      targets.add(
          new Target(
              "write: peak live heap <= 300 MB at default settings",
              mb(writeLive) + " MB",
              writeLive <= 300_000_000L));
    }

    // 4. requests
    md.append("## 4. Requests by class (localhub counters)\n\n");
    md.append(
        "`resolve`: requests of the `/resolve` route (each counts against the Hub's resolvers quota); "
            + "`cdn`: requests to the CDN origin the `/resolve` 302s point at (LFS data); `/file`: per file "
            + "of the dataset read; `429`: answers localhub refused for a spent rate-limit quota.\n\n");
    md.append(
        "| run | files | phase | api | resolve | resolve/file | cdn | cdn/file | 429 | lfs | commit "
            + "| bytes served | detail |\n"
            + "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (String[] r :
        new String[][] {
          {"read-hfio", "16"},
          {"read-hfio-2000", String.valueOf(smallFiles)},
          {"read-hfio-2000-limited", String.valueOf(smallFiles)},
          {"read-hfio-proj", "16"},
          {"read-pio-hf", "16"},
          {"write-hfio", "-"},
          {"write-hfio-small-shards", "-"}
        }) {
      if (!results.containsKey(r[0])) {
        continue; // a results.json from before this scenario existed
      }
      List<String> phases = new ArrayList<>();
      for (String phase : new String[] {"plan", "run"}) {
        if (!results.get(r[0]).path(phase).isMissingNode()) {
          phases.add(phase);
        }
      }
      if (phases.size() > 1) {
        phases.add("all");
      }
      for (String phase : phases) {
        JsonNode c =
            phase.equals("all")
                ? sum(results.get(r[0]), "plan", "run")
                : results.get(r[0]).path(phase);
        StringBuilder detail = new StringBuilder();
        c.fieldNames()
            .forEachRemaining(
                k -> {
                  if (!HubCounters.KEYS.contains(k) && !phase.equals("all")) {
                    detail
                        .append(detail.length() > 0 ? "; " : "")
                        .append(k)
                        .append('=')
                        .append(c.path(k).asLong());
                  }
                });
        long resolves = HubCounters.resolveRoute(c);
        long cdn = c.path("cdn").asLong();
        boolean perFile = !r[1].equals("-");
        double files = perFile ? Double.parseDouble(r[1]) : 1;
        md.append(
            f(
                "| %s | %s | %s | %d | %d | %s | %d | %s | %d | %d | %d | %d | %s |%n",
                r[0],
                r[1],
                phase,
                c.path("api").asLong(),
                resolves,
                perFile ? f("%.2f", resolves / files) : "-",
                cdn,
                perFile ? f("%.2f", cdn / files) : "-",
                HubCounters.rateLimited(c),
                c.path("lfs").asLong(),
                c.path("commit").asLong(),
                c.path("bytesServed").asLong(),
                detail.toString().replace("|", "/")));
      }
    }
    for (String[] r :
        new String[][] {{"read-hfio", "16"}, {"read-hfio-2000", String.valueOf(smallFiles)}}) {
      if (!results.containsKey(r[0])) {
        continue;
      }
      long files = Long.parseLong(r[1]);
      long api = counter(r[0], "plan", "api");
      long limit = (files + 999) / 1000 + 2;
      targets.add(
          new Target(
              f("planning %s files <= ceil(files/1000)+2 = %d API calls", r[1], limit),
              String.valueOf(api),
              api <= limit));
      long heads =
          counter(r[0], "plan", "resolve:HEAD /{type}/{id}/resolve")
              + counter(r[0], "run", "resolve:HEAD /{type}/{id}/resolve");
      long gets = counter(r[0], "run", "resolve:GET /{type}/{id}/resolve");
      long planGets = counter(r[0], "plan", "resolve:GET /{type}/{id}/resolve");
      targets.add(
          new Target(
              f("<= 1 resolve (metadata: HEAD/redirect) call per file per worker (%s files)", r[1]),
              f(
                  "%d HEAD; data: %d ranged GETs while running = %.2f per file (%s), plus %d footer GETs at planning",
                  heads,
                  gets,
                  (double) gets / files,
                  files == BenchMain.FILES
                      ? "one per row group: projected chunks "
                          + "of a row group coalesced into one request"
                      : "small files: footer and data in one GET",
                  planGets),
              heads <= files && (files == BenchMain.FILES || gets <= files)));
    }
    md.append('\n');

    // 5. rate-limited read
    JsonNode lim = results.get("read-hfio-2000-limited");
    if (lim != null) {
      JsonNode all = sum(lim, "plan", "run");
      JsonNode gov = lim.path("governor");
      long limited = HubCounters.rateLimited(all);
      long limRows = lim.path("rows").asLong();
      boolean limRowsOk = limRows == results.get("read-hfio-2000").path("rows").asLong();
      md.append("## 5. Rate-limited read (2,000 small files under a binding resolvers quota)\n\n");
      md.append(
          f(
              "The read of table 4's `read-hfio-2000` again, on a second localhub whose dev user may make "
                  + "%d resolver requests per %d s window: 1/%s of the %d the unlimited read made (the free "
                  + "plan's 5,000 per 300 s, scaled down until it binds). Pacing (the sdk's JVM-wide "
                  + "governor) should spread the read over the windows without a 429.%n%n",
              lim.path("limitResolvers").asLong(),
              lim.path("limitWindowSeconds").asLong(),
              options.getOrDefault("limitedFactor", "3"),
              lim.path("naiveResolves").asLong()));
      long quota = lim.path("limitResolvers").asLong();
      long window = lim.path("limitWindowSeconds").asLong();
      long naive = lim.path("naiveResolves").asLong();
      // the quota binds if the unlimited read asked for resolves faster than the quota allows
      double unlimitedRate = naive / secs("read-hfio-2000");
      double quotaRate = (double) quota / Math.max(1, window);
      md.append(
          "| quota / window | naive resolves | unlimited read: resolves/s (quota allows) | quota binds "
              + "| wall s | unlimited wall s | resolve | cdn | 429s (localhub) | 429s seen by the governor "
              + "| paced requests / all | governor waiting, s summed over threads | rows |\n"
              + "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      md.append(
          f(
              "| %d / %d s | %d | %.1f (%.1f) | %s | %.1f | %.1f | %d | %d | %d | %s | %s | %s | %d%s |%n%n",
              quota,
              window,
              naive,
              unlimitedRate,
              quotaRate,
              unlimitedRate > quotaRate
                  ? "yes"
                  : "no: the unlimited read was already slower than the quota allows (machine load?)",
              secs("read-hfio-2000-limited"),
              secs("read-hfio-2000"),
              HubCounters.resolveRoute(all),
              all.path("cdn").asLong(),
              limited,
              gov.has("rateLimited") ? String.valueOf(gov.path("rateLimited").asLong()) : "n/a",
              gov.has("requests")
                  ? gov.path("pacedRequests").asLong() + " / " + gov.path("requests").asLong()
                  : "n/a",
              gov.has("waitedMs") ? f("%.1f", gov.path("waitedMs").asLong() / 1000.0) : "n/a",
              limRows,
              limRowsOk ? "" : " (**wrong**)"));
      if (gov.has("unavailable")) {
        md.append("Governor statistics unavailable: ")
            .append(gov.path("unavailable").asText())
            .append("\n\n");
      }
      targets.add(
          new Target(
              "rate-limited read: right rows, no 429 (pacing across the quota's windows)",
              f(
                  "%d 429s, rows %s, %.1f s",
                  limited, limRowsOk ? "right" : "WRONG", secs("read-hfio-2000-limited")),
              limited == 0 && limRowsOk));
    }

    if (results.containsKey("write-hfio-small-shards")) {
      // 6. heap
      long heapBig = results.get("write-hfio").path("peakHeapAfterGc").asLong();
      long heapSmall = results.get("write-hfio-small-shards").path("peakHeapAfterGc").asLong();
      double heapRatio = (double) heapBig / Math.max(1, heapSmall);
      md.append(
          "## 6. Peak heap\n\nSampled every 5 ms in each child JVM (heap used, and heap left right after the "
              + "last collection = live set). See the peak columns of tables 1 and 3.\n\n");
      long filesBig = results.get("write-hfio").path("files").asLong();
      long filesSmall = results.get("write-hfio-small-shards").path("files").asLong();
      boolean shardsShrank = filesSmall >= 2 * filesBig;
      targets.add(
          new Target(
              "writer heap independent of shard size (peak live heap, default vs small shards)",
              f(
                  "%s MB vs %s MB (%.2fx); files written: %d vs %d%s",
                  mb(heapBig),
                  mb(heapSmall),
                  heapRatio,
                  filesBig,
                  filesSmall,
                  shardsShrank
                      ? ""
                      : " -- maxShardBytes did not shrink the shards, so this run does not "
                          + "isolate shard size (see FINDINGS.md)"),
              heapRatio <= 1.25 && shardsShrank));
    }

    md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    for (Target t : targets) {
      md.append("| ")
          .append(t.what())
          .append(" | ")
          .append(t.measured())
          .append(" | ")
          .append(t.met() ? "yes" : "**no**")
          .append(" |\n");
    }
    md.append("\n![ratios](ratios.svg)\n");
    if (!profiles.isEmpty()) {
      md.append("\n## CPU profiles (JFR execution samples)\n");
      for (Map.Entry<String, JfrSummary.Profile> e : profiles.entrySet()) {
        JfrSummary.Profile p = e.getValue();
        md.append("\n### ")
            .append(e.getKey())
            .append(" (")
            .append(p.samples())
            .append(" samples)\n\n");
        md.append(
            "| area (by leaf frame) | % | hot method (leaf frame) | % | first HfIO frame on the stack | % |\n"
                + "|---|---:|---|---:|---|---:|\n");
        List<Map.Entry<String, Long>> c =
            p.areas() == null ? List.of() : new ArrayList<>(p.areas().entrySet());
        List<Map.Entry<String, Long>> a = new ArrayList<>(p.leaf().entrySet());
        List<Map.Entry<String, Long>> b = new ArrayList<>(p.ours().entrySet());
        for (int i = 0; i < Math.max(c.size(), Math.max(a.size(), b.size())); i++) {
          for (List<Map.Entry<String, Long>> col : List.of(c, a, b)) {
            md.append(
                i < col.size()
                    ? f(
                        "| %s | %.1f ",
                        col.get(i).getKey().replace("|", "/"),
                        100.0 * col.get(i).getValue() / p.samples())
                    : "| | ");
          }
          md.append("|\n");
        }
      }
    }
    String text = md.toString();
    System.out.println(text);
    Files.writeString(out.resolve("RESULTS.md"), text);
    Files.writeString(out.resolve("ratios.svg"), svg(barNames, bars));
  }

  /** Horizontal bars of the ratios, with the target (if any) as a red tick. */
  private static String svg(List<String> names, List<double[]> bars) {
    int w = 760;
    int rowH = 34;
    int left = 270;
    double max = 1.5;
    for (double[] b : bars) {
      max = Math.max(max, Math.max(b[0], b[1]) * 1.1);
    }
    double scale = (w - left - 60) / max;
    StringBuilder s = new StringBuilder();
    int h = 50 + rowH * bars.size() + 30;
    s.append(
        f(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                + "font-size=\"13\">%n",
            w, h));
    s.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
    s.append(
        "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">HfIO benchmark ratios (red tick = "
            + "target)</text>\n");
    for (int i = 0; i < bars.size(); i++) {
      int y = 40 + i * rowH;
      double v = bars.get(i)[0];
      double t = bars.get(i)[1];
      boolean lowerIsBetter = names.get(i).startsWith("projection");
      boolean ok = t == 0 || (lowerIsBetter ? v <= t : v >= t);
      s.append(f("<text x=\"10\" y=\"%d\">%s</text>%n", y + 17, names.get(i)));
      s.append(
          f(
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"/>%n",
              left, y + 2, v * scale, t == 0 ? "#7f8c8d" : ok ? "#27ae60" : "#e67e22"));
      s.append(f("<text x=\"%.1f\" y=\"%d\">%.2fx</text>%n", left + v * scale + 5, y + 17, v));
      if (t > 0) {
        s.append(
            f(
                "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"red\" stroke-width=\"3\"/>%n",
                left + t * scale, left + t * scale, y, y + 26));
      }
    }
    int axisY = 40 + bars.size() * rowH + 5;
    s.append(
        f(
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            left, left, 35, axisY));
    s.append(
        f(
            "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"35\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4\"/>%n",
            left + scale, left + scale, axisY));
    s.append(f("<text x=\"%.1f\" y=\"%d\">1.0x</text>%n", left + scale - 10, axisY + 15));
    s.append("</svg>\n");
    return s.toString();
  }
}
