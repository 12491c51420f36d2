package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.LocalHub;
import dev.hfio.testing.HubFixture;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes under the free plan's quotas with localhub's defaults (CDN redirects on, api 1,000 per 5
 * minutes): how many requests each shard costs, by route, and that a large write needs no retry and
 * meets no 429. Per-route counts are printed as {@code QUOTA ...} lines.
 */
class WriteUnderQuotaTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final String LFS_BATCH = "lfs:POST /{type}/{id}.git/info/lfs/objects/batch";
  static final String LFS_PUT = "lfs:PUT /lfs-upload/{ticket}";
  static final String LFS_VERIFY = "lfs:POST /lfs-verify/{ticket}";

  /**
   * 500 small shards on the DirectRunner: one new commit on main (staged on a pull request in
   * chunks of 100, squash-merged once), every request answered the first time, far under the api
   * quota.
   */
  @Test
  void fiveHundredShardsUnderTheFreeApiQuota() throws Exception {
    LocalHub hub = HUB.hub();
    RepoRef repo = HUB.newDataset("quota500");
    List<CommitInfo> before = HUB.commits(repo, "main");
    hub.admin().resetCounters();
    long t0 = System.nanoTime();
    WriteResult r =
        WritePipelines.run(
                HfIO.write()
                    .to(repo.id())
                    .withSplit("train")
                    .withNumShards(500)
                    .withHubConfig(HUB.config(hub.writeToken())),
                rows(0, 2500))
            .get(0);
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> n = new TreeMap<>(hub.admin().counters());
    int shards = r.files().size();
    report("500 shards, DirectRunner", shards, secs, n);

    // exactly one new commit on main: the squash merge, whose parent is the old head
    List<CommitInfo> after = HUB.commits(repo, "main");
    assertThat(after).hasSize(before.size() + 1);
    assertThat(after.get(0).id()).isEqualTo(r.commitSha());
    assertThat(after.subList(1, after.size()).stream().map(CommitInfo::id))
        .containsExactlyElementsOf(before.stream().map(CommitInfo::id).toList());
    assertThat(HUB.listFiles(repo, "main")).filteredOn(f -> f.startsWith("data/")).hasSize(shards);
    assertThat(shards).isBetween(490, 500);

    // no 429 in any bucket, and no request repeated: every upload and verify exactly once per
    // shard, the staged commits and the merge exactly once each
    assertThat(n.keySet()).noneMatch(k -> k.startsWith("rateLimited"));
    assertThat(n.get(LFS_PUT)).isEqualTo(shards);
    assertThat(n.get(LFS_VERIFY)).isEqualTo(shards);
    assertThat(n.get(LFS_BATCH)).isBetween(1L, (long) shards);
    int chunks = (shards + 1 + 99) / 100;
    assertThat(n.get("commit:POST /api/{type}s/{id}/commit")).isEqualTo(chunks);
    assertThat(n.get("commit:POST /api/{type}s/{id}/discussions/{num}/merge")).isEqualTo(1);
    // the api bucket (every /api/ route, commits included) does not grow with the shards
    assertThat(n.get("api") + n.get("commit")).isLessThanOrEqualTo(20);
  }

  /**
   * 50 shards on the FlinkRunner (bundles of many keys): the shards of a bundle share one LFS batch
   * request, so a shard costs its upload and its verify plus a share of one batch request (before:
   * one batch request per shard, 3 LFS requests per shard).
   */
  @Test
  void fiftyShardsShareLfsBatchRequests() throws Exception {
    LocalHub hub = HUB.hub();
    RepoRef repo = HUB.newDataset("quota50");
    hub.admin().resetCounters();
    long t0 = System.nanoTime();
    WriteResult r =
        WritePipelines.run(
                WritePipelines.RunnerKind.FLINK,
                HfIO.write()
                    .to(repo.id())
                    .withSplit("train")
                    .withNumShards(50)
                    .withHubConfig(HUB.config(hub.writeToken())),
                rows(0, 500))
            .get(0);
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> n = new TreeMap<>(hub.admin().counters());
    int shards = r.files().size();
    report("50 shards, FlinkRunner parallelism 2", shards, secs, n);

    assertThat(shards).isBetween(45, 50);
    assertThat(n.keySet()).noneMatch(k -> k.startsWith("rateLimited"));
    assertThat(n.get(LFS_PUT)).isEqualTo(shards);
    assertThat(n.get(LFS_VERIFY)).isEqualTo(shards);
    // at most a few bundles per parallel worker, each one batch request
    assertThat(n.get(LFS_BATCH)).isLessThanOrEqualTo(8);
    assertThat(n.get("lfs")).isLessThanOrEqualTo(2L * shards + 8);
    assertThat(n.get("api") + n.get("commit")).isLessThanOrEqualTo(10);
  }

  private static void report(String what, int shards, double secs, Map<String, Long> n) {
    System.out.printf("QUOTA %s: %d shards in %.1f s%n", what, shards, secs);
    n.forEach(
        (k, v) -> {
          if (v > 0 && k.contains(":") && !k.startsWith("bytes")) {
            System.out.printf("QUOTA   %-60s %6d  %.3f per shard%n", k, v, v / (double) shards);
          }
        });
    System.out.printf(
        "QUOTA   api bucket (api + commit) %d = %.3f per shard; lfs %d = %.3f per shard%n",
        n.get("api") + n.get("commit"),
        (n.get("api") + n.get("commit")) / (double) shards,
        n.get("lfs"),
        n.get("lfs") / (double) shards);
  }
}
