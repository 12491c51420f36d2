package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void createCommitRead() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("smoke", false);
    String sha = h.commitOk(id, new HubHttp.Ndjson("add", null).file("data/a.txt", "hello"));
    var r = h.get("/datasets/" + id + "/resolve/main/data/a.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(HubHttp.text(r)).isEqualTo("hello");
    assertThat(r.headers().firstValue("X-Repo-Commit")).contains(sha);
    var t = h.get("/api/datasets/" + id + "/tree/main/data");
    assertThat(HubHttp.text(t)).contains("data/a.txt");
  }
}
