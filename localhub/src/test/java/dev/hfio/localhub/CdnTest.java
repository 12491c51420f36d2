package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CDN mode (the default): {@code /resolve} of an LFS file is a 302 to a signed URL on a second
 * origin (here 127.0.0.2, another address than the API's), which serves the bytes with ranges;
 * regular files and {@code /raw} stay direct; counters tell {@code resolve} from {@code cdn};
 * {@code cdn(false)} serves everything directly.
 */
class CdnTest {
  @RegisterExtension
  static LocalHubExtension HUB = new LocalHubExtension(b -> b.cdnHost("127.0.0.2"));

  static final int N = 200_000;
  static HubHttp h;
  static HubHttp anon;
  static String id;
  static byte[] data = new byte[N];
  static String oid;
  static String sha;
  static String resolve;

  @BeforeAll
  static void setUp() {
    new Random(7).nextBytes(data);
    h = new HubHttp(HUB.hub());
    anon = h.as(null);
    id = h.createDataset("cdn", false);
    h.uploadLfs(id, data);
    oid = HubHttp.sha256(data);
    sha =
        h.commitOk(
            id, new HubHttp.Ndjson("x", null).lfs("big.bin", oid, N).file("small.txt", "hello"));
    resolve = "/datasets/" + id + "/resolve/main/big.bin";
  }

  @BeforeEach
  void reset() {
    HUB.hub().admin().clearFaults();
    HUB.hub().admin().resetCounters();
  }

  static String location() {
    return h.get(resolve).headers().firstValue("Location").orElseThrow();
  }

  @Test
  void resolveOfAnLfsFileIs302WithTheHubMetadataOnGetAndHead() {
    assertThat(HUB.hub().cdnUrl()).startsWith("http://127.0.0.2:");
    for (HttpResponse<byte[]> r :
        new HttpResponse[] {h.get(resolve), h.head(resolve), anon.get(resolve)}) {
      String what = r.request().method();
      assertThat(r.statusCode()).as(what).isEqualTo(302);
      String loc = r.headers().firstValue("Location").orElseThrow();
      URI u = URI.create(loc);
      assertThat(u.isAbsolute()).isTrue();
      assertThat(loc)
          .startsWith(HUB.hub().cdnUrl() + "/repos/datasets/dev/cdn/")
          .contains("/" + oid + "?");
      assertThat(u.getQuery()).contains("Expires=").contains("Signature=").contains("Key-Pair-Id=");
      assertThat(r.headers().firstValue("X-Linked-Size")).contains(String.valueOf(N));
      assertThat(r.headers().firstValue("X-Linked-Etag")).contains("\"" + oid + "\"");
      assertThat(r.headers().firstValue("ETag")).contains("\"" + oid + "\"");
      assertThat(r.headers().firstValue("X-Repo-Commit")).contains(sha);
      assertThat(r.headers().firstValue("Content-Length")).contains("0");
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().toString() + loc).doesNotContain(HUB.hub().writeToken());
    }
  }

  @Test
  void theCdnServesTheBytesToAnyoneHoldingTheUrl() {
    String loc = location();
    for (int i = 0; i < 2; i++) { // reusable until it expires, unlike the one-time LFS tickets
      HttpResponse<byte[]> r = anon.get(loc);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(data);
      assertThat(r.headers().firstValue("ETag")).contains("\"" + oid + "\"");
      assertThat(r.headers().firstValue("Content-Length")).contains(String.valueOf(N));
      assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
      assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
    }
    HttpResponse<byte[]> head = anon.head(loc);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(N));
  }

  @Test
  void rangesAndIfRangeOnTheCdn() {
    String loc = location();
    HttpResponse<byte[]> r = anon.get(loc, "Range", "bytes=100-199");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Range")).contains("bytes 100-199/" + N);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
    HttpResponse<byte[]> tail = anon.get(loc, "Range", "bytes=-10");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(data, N - 10, N));
    HttpResponse<byte[]> same = anon.get(loc, "Range", "bytes=5-", "If-Range", "\"" + oid + "\"");
    assertThat(same.statusCode()).isEqualTo(206);
    assertThat(same.body()).isEqualTo(Arrays.copyOfRange(data, 5, N));
    HttpResponse<byte[]> other =
        anon.get(loc, "Range", "bytes=5-", "If-Range", "\"" + "0".repeat(64) + "\"");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(data);
    HttpResponse<byte[]> past = anon.get(loc, "Range", "bytes=" + N + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("Content-Range")).contains("bytes */" + N);
    assertThat(HubHttp.text(past)).contains("<Code>InvalidRange</Code>");
    // huggingface.js' size probe, through the redirect (the Range header goes along)
    HttpResponse<byte[]> probe = CdnDownloads.get(h, resolve, "Range", "bytes=0-0");
    assertThat(probe.statusCode()).isEqualTo(206);
    assertThat(probe.headers().firstValue("Content-Range")).contains("bytes 0-0/" + N);
  }

  @Test
  void regularFilesAndRawAreStillServedDirectly() {
    HttpResponse<byte[]> small = h.get("/datasets/" + id + "/resolve/main/small.txt");
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(HubHttp.text(small)).isEqualTo("hello");
    assertThat(small.headers().firstValue("Location")).isEmpty();
    HttpResponse<byte[]> raw = h.get("/datasets/" + id + "/raw/main/big.bin");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(HubHttp.text(raw))
        .startsWith("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid);
    assertThat(HUB.hub().admin().counters().get("cdn")).isZero();
  }

  @Test
  void countersTellResolveFromCdn() {
    assertThat(CdnDownloads.get(h, resolve).body()).isEqualTo(data);
    assertThat(CdnDownloads.get(h, resolve, "Range", "bytes=0-99").body()).hasSize(100);
    Map<String, Long> c = HUB.hub().admin().counters();
    assertThat(c.get("resolve")).isEqualTo(2);
    assertThat(c.get("cdn")).isEqualTo(2);
    assertThat(c.get("cdn:GET /repos/{type}s/{ns}/{name}/{uid}/{oid}")).isEqualTo(2);
    assertThat(c.get("bytesServed")).isEqualTo(N + 100L); // the 302s carry no byte of the file
  }

  @Test
  void faultsTargetTheCdnClassApartFromResolve() {
    String loc = location();
    HUB.hub().admin().inject(Fault.on(RouteClass.CDN).status(503).times(1));
    assertThat(h.get(resolve).statusCode()).isEqualTo(302);
    HttpResponse<byte[]> f = anon.get(loc);
    assertThat(f.statusCode()).isEqualTo(503);
    assertThat(HubHttp.text(f)).contains("<Code>InjectedFault</Code>");
    assertThat(anon.get(loc).body()).isEqualTo(data);
    HUB.hub().admin().inject(Fault.on(RouteClass.RESOLVE).status(503).times(1));
    assertThat(h.get(resolve).statusCode()).isEqualTo(503);
    assertThat(anon.get(loc).statusCode()).isEqualTo(200);
    HUB.hub().admin().inject(Fault.on(RouteClass.CDN).rateLimited(2).times(1));
    HttpResponse<byte[]> slow = anon.get(loc);
    assertThat(slow.statusCode()).isEqualTo(429);
    assertThat(slow.headers().firstValue("Retry-After")).contains("2");
  }

  @Test
  void noCdnModeServesEverythingDirectly() {
    try (LocalHub hub = LocalHub.builder().cdn(false).start()) {
      assertThat(hub.cdnUrl()).isNull();
      HubHttp d = new HubHttp(hub);
      String rid = d.createDataset("direct", false);
      d.uploadLfs(rid, data);
      d.commitOk(rid, new HubHttp.Ndjson("x", null).lfs("big.bin", oid, N));
      HttpResponse<byte[]> r = d.get("/datasets/" + rid + "/resolve/main/big.bin");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(data);
      assertThat(r.headers().firstValue("Location")).isEmpty();
      assertThat(r.headers().firstValue("X-Linked-Size")).contains(String.valueOf(N));
      assertThat(hub.admin().counters().get("cdn")).isZero();
      assertThat(hub.admin().counters().get("resolve")).isEqualTo(1);
    }
  }
}
