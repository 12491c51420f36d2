package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConcurrencyTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void parallelCommitsWithoutParentAllLand() throws Exception {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("conc", false);
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<byte[]>>> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      fs.add(
          pool.submit(
              () -> {
                go.await();
                return h.commit(
                    id, "main", new HubHttp.Ndjson("c" + k, null).file("f" + k + ".txt", "v" + k));
              }));
    }
    go.countDown();
    Set<String> oids = new HashSet<>();
    for (Future<HttpResponse<byte[]>> f : fs) {
      HttpResponse<byte[]> r = f.get();
      assertThat(r.statusCode()).as(HubHttp.text(r)).isEqualTo(200);
      oids.add(HubHttp.json(r).get("commitOid").asText());
    }
    pool.shutdown();
    assertThat(oids).hasSize(n);
    JsonNode commits = HubHttp.json(h.get("/api/datasets/" + id + "/commits/main"));
    assertThat(commits).hasSize(n + 1);
    for (int i = 0; i < n; i++) {
      assertThat(HubHttp.text(h.get("/datasets/" + id + "/resolve/main/f" + i + ".txt")))
          .isEqualTo("v" + i);
    }
  }

  @Test
  void racersWithSameParentExactlyOneWins() throws Exception {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("race", false);
    for (int round = 0; round < 5; round++) {
      String parent = h.headSha(id);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<byte[]>>> fs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        int k = i;
        fs.add(
            pool.submit(
                () -> {
                  go.await();
                  return h.commit(
                      id,
                      "main",
                      new HubHttp.Ndjson("r" + k, parent).file("race.txt", "racer" + k));
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      String winner = null;
      for (Future<HttpResponse<byte[]>> f : fs) {
        HttpResponse<byte[]> r = f.get();
        statuses.add(r.statusCode());
        if (r.statusCode() == 200) {
          winner = HubHttp.json(r).get("commitOid").asText();
        }
      }
      pool.shutdown();
      assertThat(statuses).containsExactlyInAnyOrder(200, 412);
      assertThat(h.headSha(id)).isEqualTo(winner);
    }
  }
}
