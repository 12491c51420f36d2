package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PullRequestTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void createPrCommitThenMerge() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("pr", false);
    String base = h.commitOk(id, new HubHttp.Ndjson("base", null).file("a.txt", "a"));
    HttpResponse<byte[]> r = h.post("/api/datasets/" + id + "/commit/main?create_pr=1", "application/x-ndjson",
        new HubHttp.Ndjson("proposal", null).file("b.txt", "b").bytes());
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    JsonNode c = json(r);
    assertThat(c.get("success").asBoolean()).isTrue();
    assertThat(c.get("hookOutput").asText()).isEmpty();
    assertThat(c.get("commitUrl").asText()).isEqualTo(HUB.hub().url() + "/datasets/" + id + "/commit/"
        + c.get("commitOid").asText());
    assertThat(c.get("pullRequestUrl").asText()).matches(".*/datasets/" + id + "/discussions/1");
    assertThat(h.headSha(id)).isEqualTo(base);
    assertThat(h.headSha(id, "refs%2Fpr%2F1")).isEqualTo(c.get("commitOid").asText());
    JsonNode refs = json(h.get("/api/datasets/" + id + "/refs?include_prs=true"));
    assertThat(refs.at("/pullRequests/0/ref").asText()).isEqualTo("refs/pr/1");
    // main moves meanwhile -> merge makes a merge commit
    h.commitOk(id, new HubHttp.Ndjson("main moves", null).file("c.txt", "c"));
    JsonNode d = json(h.get("/api/datasets/" + id + "/discussions/1"));
    assertThat(d.get("isPullRequest").asBoolean()).isTrue();
    assertThat(d.get("status").asText()).isEqualTo("open");
    HttpResponse<byte[]> m = h.post("/api/datasets/" + id + "/discussions/1/merge", "application/json",
        "{}".getBytes());
    assertThat(m.statusCode()).as(text(m)).isEqualTo(200);
    assertThat(json(m).get("status").asText()).isEqualTo("merged");
    for (String f : new String[] {"a.txt", "b.txt", "c.txt"}) {
      assertThat(h.get("/datasets/" + id + "/resolve/main/" + f).statusCode()).isEqualTo(200);
    }
    assertThat(h.post("/api/datasets/" + id + "/discussions/1/merge", "application/json", "{}".getBytes())
        .statusCode()).isEqualTo(400);
  }

  @Test
  void discussionsApiPrFastForwardMerge() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("pr2", false);
    JsonNode pr = json(h.postJson("/api/datasets/" + id + "/discussions",
        Map.of("title", "My PR", "description", "desc", "pullRequest", true)));
    int num = pr.get("num").asInt();
    String c = json(h.post("/api/datasets/" + id + "/commit/refs%2Fpr%2F" + num, "application/x-ndjson",
        new HubHttp.Ndjson("pr work", null).file("x.txt", "x").bytes())).get("commitOid").asText();
    h.post("/api/datasets/" + id + "/discussions/" + num + "/merge", "application/json", "{}".getBytes());
    assertThat(h.headSha(id)).isEqualTo(c);
    assertThat(json(h.get("/api/datasets/" + id + "/discussions/" + num)).at("/changes/mergeCommitId").asText())
        .isEqualTo(c);
  }
}
