package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpsTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static HubHttp h;
  static String id;
  static String fileUrl;
  static byte[] data = new byte[5000];

  @BeforeAll
  static void setUp() {
    h = new HubHttp(HUB.hub());
    id = h.createDataset("ops", false);
    h.uploadLfs(id, data);
    h.commitOk(id, new HubHttp.Ndjson("x", null).lfs("d.bin", HubHttp.sha256(data), data.length));
    fileUrl = "/datasets/" + id + "/resolve/main/d.bin";
  }

  @BeforeEach
  void reset() {
    HUB.hub().admin().clearFaults();
    HUB.hub().admin().resetCounters();
  }

  @Test
  void countersPerClassDetailAndBytes() {
    CdnDownloads.get(h, fileUrl);
    CdnDownloads.get(h, fileUrl, "Range", "bytes=0-99");
    h.get("/api/datasets/" + id + "/tree/main");
    h.commitOk(id, new HubHttp.Ndjson("c", null).file("n.txt", "n"));
    h.uploadLfs(id, new byte[] {1, 2, 3});
    Map<String, Long> c = HUB.hub().admin().counters();
    assertThat(c.get("resolve")).isEqualTo(2);
    assertThat(c.get("cdn"))
        .isEqualTo(2); // CDN mode: each resolve of the LFS file is a 302 followed to the CDN
    assertThat(c.get("api")).isEqualTo(1);
    assertThat(c.get("commit")).isEqualTo(1);
    assertThat(c.get("lfs")).isEqualTo(2); // batch + PUT
    assertThat(c.get("bytesServed")).isGreaterThanOrEqualTo(5100);
    assertThat(c.get("api:GET /api/{type}s/{id}/tree")).isEqualTo(1);
    assertThat(c.get("resolve:GET /{type}/{id}/resolve")).isEqualTo(2);
    HUB.hub().admin().resetCounters();
    assertThat(HUB.hub().admin().counters().get("resolve")).isZero();
  }

  @Test
  void statusFaultWithAfterAndTimes() {
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).status(503).after(1).times(2));
    assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> f = CdnDownloads.get(h, fileUrl);
    assertThat(f.statusCode()).isEqualTo(503);
    assertThat(f.headers().firstValue("X-Error-Code")).contains("InjectedFault");
    assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(503);
    assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(200);
    assertThat(h.get("/api/datasets/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void faultedCommitChangesNothing() {
    String head = h.headSha(id);
    HUB.hub().admin().inject(Fault.on(RouteClass.COMMIT).status(500).times(1));
    assertThat(h.commit(id, "main", new HubHttp.Ndjson("x", null).file("z.txt", "z")).statusCode())
        .isEqualTo(500);
    assertThat(h.headSha(id)).isEqualTo(head);
  }

  @Test
  void rateLimited() {
    HUB.hub().admin().inject(Fault.on(RouteClass.API).rateLimited(1).times(1));
    HttpResponse<byte[]> r = h.get("/api/datasets/" + id);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("RateLimit")).contains("\"api\";r=0;t=1");
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(h.get("/api/datasets/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void connectionReset() {
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).connectionReset().times(1));
    // raw socket: java.net.http silently retries idempotent GETs once on a dropped pooled
    // connection
    URI u = URI.create(HUB.hub().url());
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.getOutputStream()
          .write(
              ("GET " + fileUrl + " HTTP/1.1\r\nHost: " + u.getAuthority() + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(readAll(s.getInputStream())).isEmpty();
    } catch (IOException expected) {
      // a reset may also surface on write
    }
    assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(200);
  }

  @Test
  void truncateBody() throws Exception {
    // CDN mode: the LFS file's bytes come from the CDN origin, so that is where a truncation can
    // hit
    HUB.hub().admin().inject(Fault.on(RouteClass.CDN).truncateBody(100).times(1));
    URI u = URI.create(h.get(fileUrl).headers().firstValue("Location").orElseThrow());
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.getOutputStream()
          .write(
              ("GET "
                      + u.getRawPath()
                      + "?"
                      + u.getRawQuery()
                      + " HTTP/1.1\r\nHost: "
                      + u.getAuthority()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] all = readAll(s.getInputStream());
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int bodyStart = text.indexOf("\r\n\r\n") + 4;
      assertThat(text).contains("Content-Length: 5000");
      assertThat(all.length - bodyStart).isEqualTo(100);
    }
    assertThat(CdnDownloads.get(h, fileUrl).body()).hasSize(5000);
  }

  static byte[] readAll(InputStream in) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int r;
      while ((r = in.read(buf)) >= 0) {
        out.write(buf, 0, r);
      }
    } catch (IOException e) {
      // reset after truncation is expected
    }
    return out.toByteArray();
  }

  @Test
  void delay() {
    HUB.hub().admin().inject(Fault.on(RouteClass.LFS).delay(Duration.ofMillis(300)).times(1));
    long t0 = System.nanoTime();
    h.uploadLfs(id, new byte[] {9});
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void probabilityZeroNeverFires() {
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).status(500).withProbability(0.0));
    for (int i = 0; i < 5; i++) {
      assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void adminHttpApi() {
    HubHttp admin = h.as(HUB.hub().adminToken());
    assertThat(h.get("/admin/counters").statusCode()).isEqualTo(401);
    HttpResponse<byte[]> f =
        admin.postJson(
            "/admin/faults",
            Map.of("routeClass", "resolve", "kind", "status", "status", 502, "times", 1));
    assertThat(f.statusCode()).isEqualTo(200);
    assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(502);
    admin.postJson(
        "/admin/faults", Map.of("routeClass", "resolve", "kind", "status", "status", 503));
    assertThat(admin.send(admin.req("/admin/faults").DELETE().build()).statusCode()).isEqualTo(200);
    assertThat(CdnDownloads.get(h, fileUrl).statusCode()).isEqualTo(200);
    assertThat(json(admin.get("/admin/counters")).get("resolve").asLong()).isEqualTo(2);
    admin.post("/admin/counters/reset", "application/json", new byte[0]);
    assertThat(json(admin.get("/admin/counters")).get("resolve").asLong()).isZero();
    admin.postJson(
        "/admin/faults",
        Map.of("routeClass", "api", "kind", "rateLimited", "resetSeconds", 2, "times", 1));
    assertThat(h.get("/api/datasets/" + id).headers().firstValue("Retry-After")).contains("2");
    HttpRequest bad =
        admin
            .req("/admin/faults")
            .POST(HttpRequest.BodyPublishers.ofString("{\"routeClass\":\"x\"}"))
            .build();
    assertThat(admin.send(bad).statusCode()).isEqualTo(400);
  }
}
