package dev.hfio.localhub.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.LocalHubExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The route table ({@link Routes}): printed for review, every row reachable over HTTP under its
 * exact counter key (tests and sdk budgets read these keys), and paths no row matches answer 404
 * "No route" without being counted.
 */
class RoutesTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * The counter keys ("class:METHOD key"): those of the routing before it became a table must not
   * change; issue 11 added the discussion, repo move and super-squash rows.
   */
  static final List<String> KEYS =
      List.of(
          "api:GET /api/whoami-v2",
          "api:POST /api/validate-yaml",
          "api:POST /api/repos/create",
          "api:DELETE /api/repos/delete",
          "api:GET /api/{type}s",
          "api:GET /api/{type}s/{id}",
          "api:GET /api/{type}s/{id}/revision",
          "api:PUT /api/{type}s/{id}/settings",
          "api:GET /api/{type}s/{id}/tree",
          "api:POST /api/{type}s/{id}/paths-info",
          "api:GET /api/{type}s/{id}/refs",
          "api:POST /api/{type}s/{id}/branch",
          "api:DELETE /api/{type}s/{id}/branch",
          "api:POST /api/{type}s/{id}/tag",
          "api:DELETE /api/{type}s/{id}/tag",
          "api:GET /api/{type}s/{id}/commits",
          "api:POST /api/{type}s/{id}/preupload",
          "commit:POST /api/{type}s/{id}/commit",
          "api:POST /api/{type}s/{id}/discussions",
          "api:GET /api/{type}s/{id}/discussions/{num}",
          "commit:POST /api/{type}s/{id}/discussions/{num}/merge",
          "api:POST /api/repos/move",
          "api:POST /api/{type}s/{id}/super-squash/{branch}",
          "api:GET /api/{type}s/{id}/discussions",
          "api:POST /api/{type}s/{id}/discussions/{num}/comment",
          "api:POST /api/{type}s/{id}/discussions/{num}/status",
          "api:POST /api/{type}s/{id}/discussions/{num}/title",
          "api:POST /api/{type}s/{id}/discussions/{num}/comment/{id}/edit",
          "api:POST /api/{type}s/{id}/discussions/{num}/comment/{id}/hide",
          "api:PUT /api/{type}s/{id}/discussions/{num}/comment/{id}/hide",
          "api:POST /{type}/{id}/ask-access",
          "api:GET /api/{type}s/{id}/user-access-request/{status}",
          "api:POST /api/{type}s/{id}/user-access-request/handle",
          "api:POST /api/{type}s/{id}/user-access-request/grant",
          "lfs:POST /{type}/{id}.git/info/lfs/objects/batch",
          "lfs:PUT /lfs-upload/{ticket}",
          "lfs:POST /lfs-upload/{ticket} (complete)",
          "lfs:PUT /lfs-upload/{ticket}/{part}",
          "lfs:POST /lfs-verify/{ticket}",
          "lfs:GET /lfs-download/{ticket}",
          "resolve:GET /{type}/{id}/resolve",
          "resolve:GET /{type}/{id}/raw");

  /** One request per row (method, raw path) and the counter key it must land on. */
  static final String[][] SAMPLES = {
    {"GET", "/api/whoami-v2", "api:GET /api/whoami-v2"},
    {"POST", "/api/validate-yaml", "api:POST /api/validate-yaml"},
    {"POST", "/api/repos/create", "api:POST /api/repos/create"},
    {"DELETE", "/api/repos/delete", "api:DELETE /api/repos/delete"},
    {"GET", "/api/datasets", "api:GET /api/{type}s"},
    {"GET", "/api/models/u/r", "api:GET /api/{type}s/{id}"},
    {"HEAD", "/api/models/u/r", "api:HEAD /api/{type}s/{id}"},
    {"GET", "/api/models/u/r/revision/refs%2Fpr%2F1", "api:GET /api/{type}s/{id}/revision"},
    {"PUT", "/api/spaces/u/r/settings", "api:PUT /api/{type}s/{id}/settings"},
    {"GET", "/api/datasets/u/r/tree/main/sub/dir", "api:GET /api/{type}s/{id}/tree"},
    {"GET", "/api/datasets/u/r/tree", "api:GET /api/{type}s/{id}/tree"},
    {"POST", "/api/datasets/u/r/paths-info/main", "api:POST /api/{type}s/{id}/paths-info"},
    {"GET", "/api/models/u/r/refs", "api:GET /api/{type}s/{id}/refs"},
    {"POST", "/api/models/u/r/branch/b", "api:POST /api/{type}s/{id}/branch"},
    {"DELETE", "/api/models/u/r/branch/b", "api:DELETE /api/{type}s/{id}/branch"},
    {"POST", "/api/models/u/r/tag/main", "api:POST /api/{type}s/{id}/tag"},
    {"DELETE", "/api/models/u/r/tag/v1", "api:DELETE /api/{type}s/{id}/tag"},
    {"GET", "/api/models/u/r/commits/main", "api:GET /api/{type}s/{id}/commits"},
    {"POST", "/api/models/u/r/preupload/main", "api:POST /api/{type}s/{id}/preupload"},
    {"POST", "/api/datasets/u/r/commit/refs%2Fpr%2F1", "commit:POST /api/{type}s/{id}/commit"},
    {"POST", "/api/models/u/r/discussions", "api:POST /api/{type}s/{id}/discussions"},
    {"GET", "/api/models/u/r/discussions/1", "api:GET /api/{type}s/{id}/discussions/{num}"},
    {
      "POST",
      "/api/models/u/r/discussions/1/merge",
      "commit:POST /api/{type}s/{id}/discussions/{num}/merge"
    },
    {"POST", "/api/repos/move", "api:POST /api/repos/move"},
    {
      "POST",
      "/api/datasets/u/r/super-squash/main",
      "api:POST /api/{type}s/{id}/super-squash/{branch}"
    },
    {"GET", "/api/models/u/r/discussions", "api:GET /api/{type}s/{id}/discussions"},
    {
      "POST",
      "/api/models/u/r/discussions/1/comment",
      "api:POST /api/{type}s/{id}/discussions/{num}/comment"
    },
    {
      "POST",
      "/api/models/u/r/discussions/1/status",
      "api:POST /api/{type}s/{id}/discussions/{num}/status"
    },
    {
      "POST",
      "/api/models/u/r/discussions/1/title",
      "api:POST /api/{type}s/{id}/discussions/{num}/title"
    },
    {
      "POST",
      "/api/models/u/r/discussions/1/comment/abc/edit",
      "api:POST /api/{type}s/{id}/discussions/{num}/comment/{id}/edit"
    },
    {
      "POST",
      "/api/models/u/r/discussions/1/comment/abc/hide",
      "api:POST /api/{type}s/{id}/discussions/{num}/comment/{id}/hide"
    },
    {
      "PUT",
      "/api/models/u/r/discussions/1/comment/abc/hide",
      "api:PUT /api/{type}s/{id}/discussions/{num}/comment/{id}/hide"
    },
    {"POST", "/datasets/u/r/ask-access", "api:POST /{type}/{id}/ask-access"},
    {
      "GET",
      "/api/datasets/u/r/user-access-request/pending",
      "api:GET /api/{type}s/{id}/user-access-request/{status}"
    },
    {
      "POST",
      "/api/datasets/u/r/user-access-request/handle",
      "api:POST /api/{type}s/{id}/user-access-request/handle"
    },
    {
      "POST",
      "/api/datasets/u/r/user-access-request/grant",
      "api:POST /api/{type}s/{id}/user-access-request/grant"
    },
    {"POST", "/u/r.git/info/lfs/objects/batch", "lfs:POST /{type}/{id}.git/info/lfs/objects/batch"},
    {
      "POST",
      "/datasets/u/r.git/info/lfs/objects/batch",
      "lfs:POST /{type}/{id}.git/info/lfs/objects/batch"
    },
    {"PUT", "/lfs-upload/t", "lfs:PUT /lfs-upload/{ticket}"},
    {"POST", "/lfs-upload/t", "lfs:POST /lfs-upload/{ticket} (complete)"},
    {"PUT", "/lfs-upload/t/1", "lfs:PUT /lfs-upload/{ticket}/{part}"},
    {"POST", "/lfs-verify/t", "lfs:POST /lfs-verify/{ticket}"},
    {"GET", "/lfs-download/t", "lfs:GET /lfs-download/{ticket}"},
    {"HEAD", "/lfs-download/t", "lfs:HEAD /lfs-download/{ticket}"},
    {"GET", "/u/r/resolve/main/a/b.bin", "resolve:GET /{type}/{id}/resolve"},
    {"HEAD", "/spaces/u/r/resolve/refs/pr/1/a.bin", "resolve:HEAD /{type}/{id}/resolve"},
    {"GET", "/datasets/u/r/raw/refs%2Fconvert%2Fparquet/x", "resolve:GET /{type}/{id}/raw"},
  };

  /** Paths and methods no row answers: 404 NotFound "No route", nothing counted. */
  static final String[][] UNROUTED = {
    {"GET", "/"},
    {"GET", "/api"},
    {"GET", "/api/repos/x"},
    {"GET", "/api/repos/create"},
    {"POST", "/api/repos/create/x"},
    {"GET", "/api/models/u"},
    {"GET", "/api/widgets/u/r"},
    {"GET", "/api/models/u/r/unknown"},
    {"POST", "/api/models/u/r/discussions/1/close"},
    {"POST", "/api/models/u/r/discussions/1/2/merge"},
    {"DELETE", "/api/models/u/r/discussions"},
    {"PATCH", "/api/models/u/r"},
    {"DELETE", "/u/r/resolve/main/f"},
    {"GET", "/datasets/u"},
    {"GET", "/api/x/resolve/main/f"},
    {"GET", "/lfs-upload/x/resolve/main/f"},
    {"PUT", "/lfs-upload/t/1/2"},
    {"GET", "/lfs-verify/t"},
    {"POST", "/u/r.gitx/info/lfs/objects/batch"},
    {"POST", "/u/r/info/lfs/objects/batch"},
    {"GET", "/datasets/u/r/tree/main"},
    {"GET", "/u/r/blob/main/f"},
    {"GET", "/api/models/u/r/whoami-v2"},
  };

  @BeforeEach
  void reset() {
    HUB.hub().admin().resetCounters();
  }

  static HttpResponse<String> send(String method, String rawPath) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(HUB.hub().url() + rawPath))
            .timeout(Duration.ofSeconds(10));
    b = b.method(method, HttpRequest.BodyPublishers.noBody());
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, Long> detailCounters() {
    Map<String, Long> out = new HashMap<>();
    HUB.hub()
        .admin()
        .counters()
        .forEach(
            (k, v) -> {
              if (k.contains(":") && v > 0) {
                out.put(k, v);
              }
            });
    return out;
  }

  @Test
  void tableIsPrintedAndKeepsEveryCounterKey() {
    List<Route> table = Routes.table(null);
    Set<String> keys = new LinkedHashSet<>();
    StringBuilder print = new StringBuilder("localhub routes:\n");
    for (Route r : table) {
      print.append("  ").append(r).append('\n');
      for (String m : new TreeSet<>(r.methods())) {
        keys.add(r.cls().key() + ":" + m + " " + r.counterKey());
      }
    }
    System.out.print(print);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(KEYS);
  }

  @Test
  void everyRowIsReachableUnderItsCounterKey() throws Exception {
    Set<String> hit = new TreeSet<>();
    for (String[] s : SAMPLES) {
      HUB.hub().admin().resetCounters();
      HttpResponse<String> r = send(s[0], s[1]);
      assertThat(r.body()).as(s[0] + " " + s[1]).doesNotContain("No route");
      assertThat(detailCounters())
          .as(s[0] + " " + s[1] + " -> " + r.statusCode())
          .containsOnlyKeys(s[2]);
      hit.add(s[2].replace(":HEAD ", ":GET "));
    }
    assertThat(hit).containsExactlyInAnyOrderElementsOf(KEYS);
  }

  @Test
  void unroutedPathsAre404NoRouteAndUncounted() throws Exception {
    for (String[] s : UNROUTED) {
      HttpResponse<String> r = send(s[0], s[1]);
      assertThat(r.statusCode()).as(s[0] + " " + s[1]).isEqualTo(404);
      assertThat(r.headers().firstValue("X-Error-Code")).as(s[0] + " " + s[1]).hasValue("NotFound");
      if (!s[0].equals("HEAD")) {
        assertThat(r.body()).as(s[0] + " " + s[1]).contains("No route");
      }
    }
    assertThat(detailCounters()).isEmpty();
  }

  @Test
  void hostilePathsAreMatchedInLinearTime() throws Exception {
    String many =
        "/u/r" + "/resolve".repeat(900); // 900 segments that each look like a route keyword
    String api = "/api/models/u/r" + "/discussions/1".repeat(450);
    long t0 = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      assertThat(send("POST", many).statusCode()).isEqualTo(404);
      assertThat(send("GET", api).statusCode()).isEqualTo(404);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(detailCounters()).isEmpty();
  }
}
