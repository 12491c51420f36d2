package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The finalize step on its own and under stress: retried finalize, many shards, concurrent writers,
 * faults.
 */
class WriteCommitterTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @AfterEach
  void clearFaults() {
    HUB.hub().admin().clearFaults();
  }

  private static WriteSettings settings(RepoRef repo, String split, WriteMode mode, int maxOps) {
    HfIO.Write spec =
        HfIO.write()
            .to(repo.id())
            .withSplit(split)
            .withMode(mode)
            .withMaxOperationsPerCommit(maxOps);
    return WriteSettings.of(spec, TestRows.SCHEMA, HUB.config(HUB.writeToken()));
  }

  private static List<ShardResult> upload(
      WriteSettings s, HubClient c, String writeId, List<List<Row>> shards) throws Exception {
    List<ShardResult> out = new ArrayList<>();
    for (List<Row> shard : shards) {
      try (ShardWriter w = new ShardWriter(s, c)) {
        for (Row r : shard) {
          w.write(r);
        }
        out.addAll(w.finish());
      }
    }
    return out;
  }

  @Test
  void finalizeRetriedAfterSuccessCommitsOnce() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("twice");
    WriteSettings s = settings(repo, "train", WriteMode.OVERWRITE, 100);
    String id = UUID.randomUUID().toString().replace("-", "");
    List<ShardResult> shards = upload(s, c, id, List.of(rows(0, 10), rows(10, 10)));
    int before = HUB.commits(repo, "main").size();
    WriteResult first = new WriteCommitter(s, c).commit(id, shards);
    List<ShardResult> reordered = new ArrayList<>(shards);
    java.util.Collections.reverse(reordered);
    WriteResult second = new WriteCommitter(s, c).commit(id, reordered);
    assertThat(second.commitSha()).isEqualTo(first.commitSha());
    assertThat(second.files()).isEqualTo(first.files());
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 20));
  }

  @Test
  void fiveHundredShardsStagedOnAPullRequestMergedOnce() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("many");
    List<CommitInfo> before = HUB.commits(repo, "main");
    HUB.resetCounters();
    List<WriteResult> res =
        WritePipelines.run(
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withNumShards(500)
                .withMaxOperationsPerCommit(100)
                .withHubConfig(HUB.config(HUB.writeToken())),
            rows(0, 5000));
    long commitCalls = HUB.hub().admin().counters().get("commit");
    WriteResult r = res.get(0);
    assertThat(r.files()).hasSizeBetween(490, 500);
    assertThat(HUB.listFiles(repo, "main"))
        .filteredOn(f -> f.startsWith("data/"))
        .hasSize(r.files().size());
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 5000));
    assertThat(c.resolveRevision(repo, "main")).isEqualTo(r.commitSha());
    // 501 operations in chunks of 100 on refs/pr/N, then one merge moving main in one step
    int chunks = (r.files().size() + 1 + 99) / 100;
    assertThat(commitCalls).isEqualTo(chunks + 1);
    // the merge squashes: main gains exactly ONE commit (parent = old head) that carries the write
    // id
    List<CommitInfo> after = HUB.commits(repo, "main");
    assertThat(after).hasSize(before.size() + 1);
    assertThat(after.get(0).id()).isEqualTo(r.commitSha());
    assertThat(after.get(0).message()).contains("hfio-write-id: " + r.writeId());
    assertThat(ids(after.subList(1, after.size()))).isEqualTo(ids(before));
    assertThat(after).filteredOn(ci -> ci.message().contains(r.writeId())).hasSize(1);
    assertThat(HUB.listFiles(repo, "main")).contains("README.md").containsAll(r.files());
  }

  @Test
  void stagedPublishRedoneWhenMainMovesBeforeTheMerge() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("movedbase");
    WriteSettings s = settings(repo, "train", WriteMode.OVERWRITE, 2);
    String id = UUID.randomUUID().toString().replace("-", "");
    List<ShardResult> shards = upload(s, c, id, List.of(rows(0, 10), rows(10, 10)));
    List<CommitInfo> before = HUB.commits(repo, "main");
    HUB.resetCounters();
    // 3 operations in chunks of 2: commit calls 1 and 2 are the chunks, call 3 the merge; hold the
    // merge while
    // another writer moves main, so the merge must be refused and the publish redone on a fresh PR
    HUB.hub()
        .admin()
        .inject(
            Fault.on(RouteClass.COMMIT).delay(java.time.Duration.ofMillis(1500)).after(2).times(1));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> other =
          pool.submit(
              () -> {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (HUB.counter("commit") < 3) {
                  if (System.nanoTime() > deadline) {
                    throw new AssertionError("the staged merge never started");
                  }
                  Thread.sleep(5);
                }
                return c.commit(repo)
                    .add(
                        dev.hfio.hub.CommitOperation.add(
                            "other.txt", "x".getBytes(StandardCharsets.UTF_8)))
                    .message("other writer")
                    .call()
                    .commitSha();
              });
      WriteResult r = new WriteCommitter(s, c).commit(id, shards);
      String otherSha = other.get();
      List<CommitInfo> after = HUB.commits(repo, "main");
      assertThat(after).hasSize(before.size() + 2);
      assertThat(after.get(0).id()).isEqualTo(r.commitSha());
      assertThat(after.get(0).message()).contains("hfio-write-id: " + id);
      assertThat(after.get(1).id()).isEqualTo(otherSha);
      assertThat(after).filteredOn(ci -> ci.message().contains(id)).hasSize(1);
      assertThat(HUB.hub().admin().counters().get("commit")).isEqualTo(7L);
      assertThat(HUB.listFiles(repo, "main"))
          .contains("other.txt", "README.md")
          .containsAll(r.files());
      assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 20));
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> ids(List<CommitInfo> commits) {
    return commits.stream().map(CommitInfo::id).toList();
  }

  @Test
  void concurrentWritersToDifferentSplitsBothLand() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("concurrent");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<WriteResult>> a =
          pool.submit(
              () ->
                  WritePipelines.run(
                      HfIO.write()
                          .to(repo.id())
                          .withSplit("train")
                          .withHubConfig(HUB.config(HUB.writeToken())),
                      rows(0, 300)));
      Future<List<WriteResult>> b =
          pool.submit(
              () ->
                  WritePipelines.run(
                      HfIO.write()
                          .to(repo.id())
                          .withSplit("test")
                          .withHubConfig(HUB.config(HUB.writeToken())),
                      rows(1000, 200)));
      assertThat(a.get().get(0).commitSha()).isNotNull();
      assertThat(b.get().get(0).commitSha()).isNotNull();
    } finally {
      pool.shutdownNow();
    }
    assertThat(HUB.readBack(repo, "main", "data/train-")).isEqualTo(values(0, 300));
    assertThat(HUB.readBack(repo, "main", "data/test-")).isEqualTo(values(1000, 200));
    DatasetCard card =
        DatasetCard.parse(
            new String(c.readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8));
    assertThat(card.config("default").orElseThrow().dataFiles().orElseThrow())
        .containsOnlyKeys("train", "test");
  }

  @Test
  void faultsDuringUploadAndCommitStillGiveOneCorrectCommit() throws Exception {
    RepoRef repo = HUB.newDataset("faults");
    int before = HUB.commits(repo, "main").size();
    HUB.hub().admin().inject(Fault.on(RouteClass.LFS).status(503).times(2));
    HUB.hub().admin().inject(Fault.on(RouteClass.LFS).connectionReset().after(3).times(1));
    HUB.hub().admin().inject(Fault.on(RouteClass.API).rateLimited(1).after(4).times(1));
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).status(500).times(1));
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).connectionReset().after(1).times(1));
    List<WriteResult> res =
        WritePipelines.run(
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withNumShards(3)
                .withHubConfig(HUB.config(HUB.writeToken())),
            rows(0, 600));
    assertThat(res.get(0).files()).hasSize(3);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 600));
  }

  @Test
  void commitThatLandsButTimesOutIsNotRepeated() throws Exception {
    HubClient c = HUB.client();
    RepoRef repo = HUB.newDataset("lostanswer");
    dev.hfio.hub.HubClientConfig slow =
        new dev.hfio.hub.HubClientConfig(
            HUB.url(),
            HUB.writeToken(),
            dev.hfio.hub.RetryPolicy.DEFAULT,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofMillis(700));
    WriteSettings s = settings(repo, "train", WriteMode.OVERWRITE, 100).withHubConfig(slow);
    String id = UUID.randomUUID().toString().replace("-", "");
    List<ShardResult> shards = upload(s, c, id, List.of(rows(0, 50)));
    int before = HUB.commits(repo, "main").size();
    HUB.hub()
        .admin()
        .inject(Fault.on(RouteClass.COMMIT).delay(java.time.Duration.ofMillis(2000)).times(1));
    WriteResult r = new WriteCommitter(s, slow.client()).commit(id, shards);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    assertThat(r.commitSha()).isEqualTo(c.resolveRevision(repo, "main"));
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 50));
  }
}
