package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PullRequestTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void createPrCommitThenMerge() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("pr", false);
    String base = h.commitOk(id, new HubHttp.Ndjson("base", null).file("a.txt", "a"));
    HttpResponse<byte[]> r =
        h.post(
            "/api/datasets/" + id + "/commit/main?create_pr=1",
            "application/x-ndjson",
            new HubHttp.Ndjson("proposal", null).file("b.txt", "b").bytes());
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    JsonNode c = json(r);
    assertThat(c.get("success").asBoolean()).isTrue();
    assertThat(c.get("hookOutput").asText()).isEmpty();
    assertThat(c.get("commitUrl").asText())
        .isEqualTo(HUB.hub().url() + "/datasets/" + id + "/commit/" + c.get("commitOid").asText());
    assertThat(c.get("pullRequestUrl").asText()).matches(".*/datasets/" + id + "/discussions/1");
    assertThat(h.headSha(id)).isEqualTo(base);
    assertThat(h.headSha(id, "refs%2Fpr%2F1")).isEqualTo(c.get("commitOid").asText());
    JsonNode refs = json(h.get("/api/datasets/" + id + "/refs?include_prs=true"));
    assertThat(refs.at("/pullRequests/0/ref").asText()).isEqualTo("refs/pr/1");
    JsonNode d = json(h.get("/api/datasets/" + id + "/discussions/1"));
    assertThat(d.get("isPullRequest").asBoolean()).isTrue();
    assertThat(d.get("status").asText()).isEqualTo("open");
    // main moves meanwhile -> the PR is stale: merge refused, nothing changes
    String moved = h.commitOk(id, new HubHttp.Ndjson("main moves", null).file("c.txt", "c"));
    HttpResponse<byte[]> m =
        h.post("/api/datasets/" + id + "/discussions/1/merge", "application/json", "{}".getBytes());
    assertThat(m.statusCode()).as(text(m)).isEqualTo(409);
    assertThat(code(m)).isEqualTo("MergeConflict");
    assertThat(text(m)).contains("refs/pr/1", id, moved);
    assertThat(h.headSha(id)).isEqualTo(moved);
    assertThat(commitIds(h, id)).hasSize(3);
    assertThat(h.get("/datasets/" + id + "/resolve/main/b.txt").statusCode()).isEqualTo(404);
    assertThat(json(h.get("/api/datasets/" + id + "/discussions/1")).get("status").asText())
        .isEqualTo("open");
  }

  @Test
  void mergeSquashesPrChainIntoOneCommit() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("squash", false);
    String base =
        h.commitOk(id, new HubHttp.Ndjson("base", null).file("a.txt", "a").file("gone.txt", "g"));
    HttpResponse<byte[]> r =
        h.post(
            "/api/datasets/" + id + "/commit/main?create_pr=1",
            "application/x-ndjson",
            described(new HubHttp.Ndjson("Write 3 files", null), "hfio-write-id: w-123")
                .file("b.txt", "b")
                .bytes());
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    commitTo(h, id, "refs%2Fpr%2F1", new HubHttp.Ndjson("chunk 2", null).file("c.txt", "c"));
    String prHead =
        commitTo(
            h,
            id,
            "refs%2Fpr%2F1",
            new HubHttp.Ndjson("chunk 3", null).file("d.txt", "d").delete("gone.txt"));
    List<String> before = commitIds(h, id);
    assertThat(before).containsExactly(base, before.get(1));
    HttpResponse<byte[]> m =
        h.post("/api/datasets/" + id + "/discussions/1/merge", "application/json", "{}".getBytes());
    assertThat(m.statusCode()).as(text(m)).isEqualTo(200);
    assertThat(json(m).get("status").asText()).isEqualTo("merged");
    String squash = h.headSha(id);
    assertThat(squash).isNotIn(prHead, base);
    assertThat(json(m).at("/changes/mergeCommitId").asText()).isEqualTo(squash);
    // exactly one new commit on main, whose parent is the old head (no chunk commits in main's
    // history)
    List<String> after = commitIds(h, id);
    assertThat(after).hasSize(before.size() + 1);
    assertThat(after.get(0)).isEqualTo(squash);
    assertThat(after.subList(1, after.size())).isEqualTo(before);
    JsonNode top = json(h.get("/api/datasets/" + id + "/commits/main")).get(0);
    assertThat(top.get("title").asText()).isEqualTo("Write 3 files");
    assertThat(top.get("message").asText()).isEqualTo("Write 3 files\n\nhfio-write-id: w-123");
    // tree of main == tree of the PR head; the PR ref stays readable
    assertThat(treeListing(h, id, "main")).isEqualTo(treeListing(h, id, "refs%2Fpr%2F1"));
    assertThat(h.headSha(id, "refs%2Fpr%2F1")).isEqualTo(prHead);
    assertThat(h.get("/datasets/" + id + "/resolve/main/gone.txt").statusCode()).isEqualTo(404);
    for (String f : new String[] {"a.txt", "b.txt", "c.txt", "d.txt"}) {
      assertThat(h.get("/datasets/" + id + "/resolve/main/" + f).statusCode()).isEqualTo(200);
    }
    assertThat(
            h.post(
                    "/api/datasets/" + id + "/discussions/1/merge",
                    "application/json",
                    "{}".getBytes())
                .statusCode())
        .isEqualTo(400);
  }

  @SuppressWarnings("unchecked")
  private static HubHttp.Ndjson described(HubHttp.Ndjson n, String description) {
    ((Map<String, Object>) n.lines.get(0).get("value")).put("description", description);
    return n;
  }

  private static String commitTo(HubHttp h, String id, String rev, HubHttp.Ndjson body) {
    HttpResponse<byte[]> r = h.commit(id, rev, body);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    return json(r).get("commitOid").asText();
  }

  private static List<String> commitIds(HubHttp h, String id) {
    List<String> ids = new ArrayList<>();
    json(h.get("/api/datasets/" + id + "/commits/main"))
        .forEach(c -> ids.add(c.get("id").asText()));
    return ids;
  }

  private static Map<String, String> treeListing(HubHttp h, String id, String rev) {
    Map<String, String> out = new TreeMap<>();
    HttpResponse<byte[]> r = h.get("/api/datasets/" + id + "/tree/" + rev + "?recursive=true");
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    json(r).forEach(e -> out.put(e.get("path").asText(), e.path("oid").asText()));
    assertThat(out).isNotEmpty();
    return out;
  }

  @Test
  void discussionsApiPrSquashMerge() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("pr2", false);
    JsonNode pr =
        json(
            h.postJson(
                "/api/datasets/" + id + "/discussions",
                Map.of("title", "My PR", "description", "desc", "pullRequest", true)));
    int num = pr.get("num").asInt();
    String c =
        json(h.post(
                "/api/datasets/" + id + "/commit/refs%2Fpr%2F" + num,
                "application/x-ndjson",
                new HubHttp.Ndjson("pr work", null).file("x.txt", "x").bytes()))
            .get("commitOid")
            .asText();
    HttpResponse<byte[]> m =
        h.post(
            "/api/datasets/" + id + "/discussions/" + num + "/merge",
            "application/json",
            "{}".getBytes());
    assertThat(m.statusCode()).as(text(m)).isEqualTo(200);
    String head = h.headSha(id);
    assertThat(head).isNotEqualTo(c);
    assertThat(
            json(h.get("/api/datasets/" + id + "/discussions/" + num))
                .at("/changes/mergeCommitId")
                .asText())
        .isEqualTo(head);
    assertThat(json(h.get("/api/datasets/" + id + "/commits/main")).get(0).get("message").asText())
        .isEqualTo("My PR\n\ndesc");
    assertThat(treeListing(h, id, "main")).isEqualTo(treeListing(h, id, "refs%2Fpr%2F" + num));
  }
}
