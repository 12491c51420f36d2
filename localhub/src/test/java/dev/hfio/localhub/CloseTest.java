package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link LocalHub#close()} must be quick and quiet whatever connections clients still hold. */
class CloseTest {
  static final long MAX_CLOSE_MILLIS = 500;

  static long timedClose(LocalHub hub) {
    long t0 = System.nanoTime();
    hub.close();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static void assertClosed(LocalHub hub) {
    URI u = URI.create(hub.url());
    assertThatThrownBy(() -> new Socket(u.getHost(), u.getPort()).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void closeIsFastWithIdleKeepAliveConnectionsAndAfterFaults() throws Exception {
    LocalHub hub = LocalHub.builder().start();
    HubHttp h = new HubHttp(hub);
    String id = h.createDataset("close", false);
    byte[] data = new byte[10_000];
    h.uploadLfs(id, data);
    h.commitOk(id, new HubHttp.Ndjson("x", null).lfs("d.bin", HubHttp.sha256(data), data.length));
    // several pooled keep-alive connections at once
    List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(
          h.client.sendAsync(
              h.req("/api/whoami-v2").GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
      assertThat(c.get().statusCode()).isEqualTo(200);
    }
    hub.admin().inject(Fault.on(RouteClass.API).rateLimited(1).times(1));
    assertThat(h.get("/api/whoami-v2").statusCode()).isEqualTo(429);
    hub.admin()
        .inject(
            Fault.on(RouteClass.CDN)
                .truncateBody(100)
                .times(1)); // CDN mode: the bytes come from there
    assertThatThrownBy(() -> CdnDownloads.get(h, "/datasets/" + id + "/resolve/main/d.bin"))
        .hasCauseInstanceOf(IOException.class);
    assertThat(h.get("/api/whoami-v2").statusCode()).isEqualTo(200);
    // a second client whose connection stays idle too, and a raw socket that never sends a request
    HubHttp other = new HubHttp(hub.url(), hub.readToken());
    assertThat(other.get("/api/whoami-v2").statusCode()).isEqualTo(200);
    URI u = URI.create(hub.url());
    URI cdn = URI.create(hub.cdnUrl());
    try (Socket silent = new Socket(u.getHost(), u.getPort());
        Socket silentCdn = new Socket(cdn.getHost(), cdn.getPort())) {
      assertThat(timedClose(hub)).isLessThan(MAX_CLOSE_MILLIS);
    }
    assertClosed(hub);
    assertThatThrownBy(() -> new Socket(cdn.getHost(), cdn.getPort()).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void closeIsFastWithARequestStuckInADelayFault() throws Exception {
    LocalHub hub = LocalHub.builder().start();
    hub.admin().inject(Fault.on(RouteClass.API).delay(Duration.ofSeconds(30)).times(1));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<byte[]>> stuck =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create(hub.url() + "/api/whoami-v2"))
                .header("Authorization", "Bearer " + hub.writeToken())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (hub.admin().counters().getOrDefault("api", 0L) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(hub.admin().counters().get("api")).isEqualTo(1L);
    assertThat(timedClose(hub)).isLessThan(MAX_CLOSE_MILLIS);
    assertClosed(hub);
    assertThat(stuck).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void plainCloseIsFast() {
    LocalHub hub = LocalHub.builder().start();
    assertThat(new HubHttp(hub).get("/api/whoami-v2").statusCode()).isEqualTo(200);
    assertThat(timedClose(hub)).isLessThan(MAX_CLOSE_MILLIS);
  }
}
