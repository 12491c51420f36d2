package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.json;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code PUT /api/{type}s/{id}/settings} as huggingface_hub's {@code update_repo_settings} sends
 * it: private, visibility and gated, answered with the resulting {@code {private, gated}}, shown by
 * repo info and the repo list; malformed values are a 400 that changes nothing.
 */
class RepoSettingsTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension(b -> b);

  static HttpResponse<byte[]> put(HubHttp h, String id, String body) {
    return h.send(
        h.req("/api/datasets/" + id + "/settings")
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  @Test
  void settingsChangeVisibilityAndGating() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("settings", false);
    JsonNode info = json(h.get("/api/datasets/" + id));
    assertThat(info.get("gated").isBoolean() && !info.get("gated").asBoolean()).isTrue();
    assertThat(info.get("private").asBoolean()).isFalse();

    HttpResponse<byte[]> r = put(h, id, "{\"gated\":\"manual\"}");
    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(json(r).get("gated").asText()).isEqualTo("manual");
    assertThat(json(r).get("private").asBoolean()).isFalse();
    assertThat(json(h.get("/api/datasets/" + id)).get("gated").asText()).isEqualTo("manual");
    assertThat(json(h.get("/api/datasets/" + id + "?expand=gated")).get("gated").asText())
        .isEqualTo("manual");
    assertThat(json(h.get("/api/datasets?search=settings")).get(0).get("gated").asText())
        .isEqualTo("manual");

    r = put(h, id, "{\"visibility\":\"private\",\"gated\":\"auto\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("private").asBoolean()).isTrue();
    assertThat(json(r).get("gated").asText()).isEqualTo("auto");
    assertThat(h.as(null).get("/api/datasets/" + id).statusCode()).isEqualTo(401);

    r = put(h, id, "{\"private\":false,\"gated\":false}");
    assertThat(r.statusCode()).isEqualTo(200);
    info = json(h.as(null).get("/api/datasets/" + id));
    assertThat(info.get("private").asBoolean()).isFalse();
    assertThat(info.get("gated").isBoolean() && !info.get("gated").asBoolean()).isTrue();
  }

  @Test
  void malformedSettingsChangeNothing() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("badsettings", false);
    assertThat(put(h, id, "{\"gated\":\"manual\"}").statusCode()).isEqualTo(200);
    String before = text(h.get("/api/datasets/" + id));
    for (String body :
        List.of(
            "{\"gated\":true}",
            "{\"gated\":\"yes\"}",
            "{\"gated\":1}",
            "{\"private\":\"true\"}",
            "{\"visibility\":\"protected\"}",
            "{\"visibility\":\"secret\"}",
            "{\"private\":true,\"visibility\":\"private\"}",
            "{}",
            "[]",
            "\"x\"",
            "{\"private\":true,\"gated\":\"sometimes\"}")) {
      HttpResponse<byte[]> r = put(h, id, body);
      assertThat(r.statusCode()).as(body + " -> " + text(r)).isEqualTo(400);
      assertThat(code(r)).as(body).isEqualTo("BadRequest");
      assertThat(text(r)).as(body).doesNotContain("sometimes", "Exception", "java.");
    }
    assertThat(text(h.get("/api/datasets/" + id))).isEqualTo(before);
  }
}
