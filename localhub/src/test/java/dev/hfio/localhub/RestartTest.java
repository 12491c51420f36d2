package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {
  @TempDir Path dir;

  @Test
  void dataSurvivesRestart() {
    String token = "hf_fixed_dev_token_for_restart_test";
    String sha;
    byte[] lfs = "survives".repeat(50).getBytes();
    try (LocalHub hub = LocalHub.builder().dataDir(dir).writeToken(token).start()) {
      HubHttp h = new HubHttp(hub);
      h.createDataset("durable", true);
      h.uploadLfs("dev/durable", lfs);
      h.commitOk(
          "dev/durable",
          new HubHttp.Ndjson("x", null)
              .file("a.txt", "A")
              .lfs("l.bin", HubHttp.sha256(lfs), lfs.length));
      h.postJson("/api/datasets/dev/durable/tag/main", java.util.Map.of("tag", "v1"));
      h.post(
          "/api/datasets/dev/durable/commit/main?create_pr=1",
          "application/x-ndjson",
          new HubHttp.Ndjson("pr", null).file("p.txt", "P").bytes());
      sha = h.headSha("dev/durable");
    }
    try (LocalHub hub = LocalHub.builder().dataDir(dir).writeToken(token).start()) {
      HubHttp h = new HubHttp(hub);
      assertThat(h.headSha("dev/durable")).isEqualTo(sha);
      assertThat(h.headSha("dev/durable", "v1")).isEqualTo(sha);
      assertThat(HubHttp.text(CdnDownloads.get(h, "/datasets/dev/durable/resolve/main/a.txt")))
          .isEqualTo("A");
      assertThat(CdnDownloads.get(h, "/datasets/dev/durable/resolve/main/l.bin").body())
          .isEqualTo(lfs);
      assertThat(
              HubHttp.text(
                  CdnDownloads.get(h, "/datasets/dev/durable/resolve/refs%2Fpr%2F1/p.txt")))
          .isEqualTo("P");
      assertThat(h.as(null).get("/api/datasets/dev/durable").statusCode())
          .isEqualTo(401); // still private (anonymous: 401 RepoNotFound)
      assertThat(
              HubHttp.json(h.get("/api/datasets/dev/durable/discussions/1")).get("title").asText())
          .isEqualTo("pr");
      // the PR counter continued
      assertThat(
              HubHttp.json(
                      h.postJson(
                          "/api/datasets/dev/durable/discussions",
                          java.util.Map.of("title", "t", "pullRequest", true)))
                  .get("num")
                  .asInt())
          .isEqualTo(2);
    }
    assertThat(dir.resolve("repos/datasets/dev/durable.git")).isDirectory();
  }
}
