package dev.hfio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark report renders the request table's {@code resolve}/{@code cdn} columns (also per
 * file) and the rate-limited scenario, from a saved {@code results.json} plus synthetic counters.
 */
class ReportTest {
  @TempDir Path out;

  @Test
  void requestTableHasResolveAndCdnColumnsPerFileAndTheRateLimitedRead() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode raw = (ObjectNode) m.readTree(Path.of("bench/results.json").toFile());
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
}
