package dev.hfio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark report renders the request table's {@code resolve}/{@code cdn} columns (also per
 * file) and the rate-limited scenario, from a saved {@code results.json} plus synthetic counters.
 */
class ReportTest {
  @TempDir Path out;

  /** The saved run's raw results (bench/results.json), to be changed by each test. */
  private static ObjectNode savedRun() throws java.io.IOException {
    return (ObjectNode) new ObjectMapper().readTree(Path.of("bench/results.json").toFile());
  }

  @Test
  void requestTableHasResolveAndCdnColumnsPerFileAndTheRateLimitedRead() throws Exception {
    ObjectNode raw = savedRun();
    ObjectNode results = (ObjectNode) raw.path("results");
    // the 2,000-file read (set here, so the test does not depend on the saved run's numbers): 8
    // footer resolves at planning, 2,000 resolves while running, each redirected to the CDN
    raw.put("smallFiles", 2000);
    ObjectNode unlimited = results.putObject("read-hfio-2000");
    unlimited.put("wallMs", 19_863.9).put("rows", 350_000).put("files", 2000);
    unlimited
        .putObject("plan")
        .put("api", 4)
        .put("resolve", 8)
        .put("resolve:GET /{type}/{id}/resolve", 8);
    unlimited
        .putObject("run")
        .put("api", 0)
        .put("resolve", 2000)
        .put("resolve:GET /{type}/{id}/resolve", 2000)
        .put("cdn", 2000);
    ObjectNode limited = results.putObject("read-hfio-2000-limited");
    limited.put("wallMs", 40_000).put("rows", 350_000);
    limited.put("limitResolvers", 670).put("limitWindowSeconds", 10).put("naiveResolves", 2008);
    limited
        .putObject("plan")
        .put("api", 4)
        .put("resolve", 8)
        .put("resolve:GET /{type}/{id}/resolve", 8)
        .put("cdn", 8);
    limited
        .putObject("run")
        .put("resolve", 2000)
        .put("resolve:GET /{type}/{id}/resolve", 2000)
        .put("cdn", 2000)
        .put("rateLimited:resolvers", 3);
    limited
        .putObject("governor")
        .put("requests", 2012)
        .put("pacedRequests", 1400)
        .put("waitedMs", 61_500)
        .put("rateLimited", 3);

    Report.fromRaw(raw, null).write(out);
    String md = Files.readString(out.resolve("RESULTS.md"));

    assertThat(md)
        .contains(
            "| run | files | phase | api | resolve | resolve/file | cdn | cdn/file | 429 | lfs | commit")
        // per phase, and both phases added up, with per-file ratios
        .contains("| read-hfio-2000 | 2000 | run | 0 | 2000 | 1.00 | 2000 | 1.00 | 0 |")
        .contains("| read-hfio-2000 | 2000 | all | 4 | 2008 | 1.00 | 2000 | 1.00 | 0 |")
        .contains("| read-hfio-2000-limited | 2000 | run | 0 | 2000 | 1.00 | 2000 | 1.00 | 3 |")
        .contains("## 5. Rate-limited read")
        .contains(
            // the unlimited read asked for 2008 resolves in 19.9 s: 101/s, over the quota's 67/s
            "| 670 / 10 s | 2008 | 101.1 (67.0) | yes | 40.0 | 19.9 | 2008 | 2008 | 3 | 3 | 1400 / 2012"
                + " | 61.5 | 350000 |")
        .containsPattern(
            "rate-limited read: right rows, no 429 .* \\| 3 429s, rows right, 40.0 s \\| \\*\\*no\\*\\*");
  }

  @Test
  void performanceGoalsAreMarkedWithTheirRatiosAgainstTheBareScanWriterAndDuckDb()
      throws Exception {
    ObjectNode raw = savedRun();
    ObjectNode results = (ObjectNode) raw.path("results");
    raw.put("bytes16", 1_000_000_000L).put("bytes2000", 100_000_000L).put("smallFiles", 2000);
    results.putObject("read-bare").put("wallMs", 10_000).put("rows", 1);
    // 0.7x the bare scan, planning 0.5 s of 14.3 s
    results.with("read-hfio").put("wallMs", 14_285.7).put("planMs", 500);
    results.putObject("read-hfio-2000").put("wallMs", 2_000).put("rows", 1); // 50 MB/s: 0.71x
    results.putObject("read-duckdb").put("wallMs", 9_000).put("scanMs", 2_000).put("rows", 1);
    results.putObject("write-bare").put("wallMs", 10_000).put("rows", 5).put("bytes", 1);
    results.with("write-hfio").put("wallMs", 20_000).put("peakHeapAfterGc", 250_000_000L);

    Report.fromRaw(raw, null).write(out);
    String md = Files.readString(out.resolve("RESULTS.md"));

    assertThat(md)
        .contains(
            "| read: HfIO.read >= 0.6x the bare parquet-java scan (DirectRunner) | 0.70x | yes |")
        .contains("| read: planning <= 10% of the wall time | 4% (0.5 s) | yes |")
        .contains(
            "small files: MB/s of the 2000-file read >= 0.5x that of the 16-file read | 0.71x")
        .contains(
            "| write: HfIO.write >= 0.7x the bare parquet-java writer (rows/s) | 0.50x | **no** |")
        .contains("| write: peak live heap <= 300 MB at default settings | 250.0 MB | yes |")
        // DuckDB is timed by its own scan (500 MB/s here), not by node's start-up
        .contains(
            "| DuckDB read_parquet, local disk, all columns to JS values (node; scan time) | 1 | 2.0 | 500.0 |");
  }

  @Test
  void aFailedMeasurementIsNamedAndTheReportStillRenders() throws Exception {
    ObjectNode raw = savedRun();
    ObjectNode results = (ObjectNode) raw.path("results");
    results.putObject("write-local").put("failed", "benchmark child 'write-local' failed (exit 3)");

    Report.fromRaw(raw, null).write(out);

    assertThat(Files.readString(out.resolve("RESULTS.md")))
        .contains(
            "- **Failed measurement** `write-local`: benchmark child 'write-local' failed (exit 3)");
  }

  @Test
  void aReadsOnlyRunRendersTheReadTableAndItsGoals() throws Exception {
    ObjectNode raw = savedRun();
    ObjectNode results = (ObjectNode) raw.path("results");
    results.remove(
        List.of(
            "read-hfio-proj",
            "read-hfio-2000-limited",
            "write-hfio",
            "write-hfio-small-shards",
            "write-local",
            "write-bare"));
    raw.with("options").put("runner", "spark");

    Report.fromRaw(raw, null).write(out);

    assertThat(Files.readString(out.resolve("RESULTS.md")))
        .contains("## 1. Read all columns")
        .contains("read: HfIO.read over HTTP >= 1.5x ParquetIO on local disk")
        .doesNotContain("## 3. Write")
        .doesNotContain("write: peak live heap");
  }
}
