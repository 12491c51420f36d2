package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RangeTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static HubHttp h;
  static byte[] data = new byte[1000];
  static String lfsUrl;
  static String regUrl;

  @BeforeAll
  static void setUp() {
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    h = new HubHttp(HUB.hub());
    String id = h.createDataset("range", false);
    h.uploadLfs(id, data);
    h.commitOk(
        id,
        new HubHttp.Ndjson("x", null)
            .lfs("d.bin", HubHttp.sha256(data), data.length)
            .file("r.bin", data));
    lfsUrl = "/datasets/" + id + "/resolve/main/d.bin";
    regUrl = "/datasets/" + id + "/resolve/main/r.bin";
  }

  void expect(String url, String range, int status, int from, int to) {
    HttpResponse<byte[]> r = CdnDownloads.get(h, url, "Range", range);
    assertThat(r.statusCode()).as(range).isEqualTo(status);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, from, to + 1));
    assertThat(r.headers().firstValue("Content-Range"))
        .contains("bytes " + from + "-" + to + "/1000");
    assertThat(r.headers().firstValue("Content-Length")).contains(String.valueOf(to - from + 1));
  }

  @Test
  void ranges() {
    for (String url : new String[] {lfsUrl, regUrl}) {
      expect(url, "bytes=0-0", 206, 0, 0);
      expect(url, "bytes=999-999", 206, 999, 999);
      expect(url, "bytes=-10", 206, 990, 999);
      expect(url, "bytes=500-", 206, 500, 999);
      expect(url, "bytes=10-19", 206, 10, 19);
      expect(url, "bytes=990-5000", 206, 990, 999);
      HttpResponse<byte[]> past = CdnDownloads.get(h, url, "Range", "bytes=1000-");
      assertThat(past.statusCode()).isEqualTo(416);
      assertThat(past.headers().firstValue("Content-Range")).contains("bytes */1000");
      HttpResponse<byte[]> full = CdnDownloads.get(h, url);
      assertThat(full.statusCode()).isEqualTo(200);
      assertThat(full.body()).isEqualTo(data);
    }
  }

  @Test
  void emptyFileProbeStartingAtZeroIsAnsweredWithTotalSize() {
    String id = h.createDataset("range-empty", false);
    h.commitOk(id, new HubHttp.Ndjson("empty", null).file("small/empty.txt", new byte[0]));
    String url = "/datasets/" + id + "/resolve/main/small/empty.txt";
    for (String range : new String[] {"bytes=0-0", "bytes=0-"}) {
      HttpResponse<byte[]> r =
          h.get(url, "Range", range, "Accept", "application/vnd.xet-fileinfo+json, */*");
      assertThat(r.statusCode()).as(range).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("Content-Range")).contains("bytes */0");
      assertThat(r.headers().firstValue("Content-Length")).contains("0");
      assertThat(r.headers().firstValue("ETag").orElse("")).matches("\"[0-9a-f]{40}\"");
      assertThat(r.headers().firstValue("X-Repo-Commit").orElse("")).matches("[0-9a-f]{40}");
      assertThat(r.headers().firstValue("Content-Type").orElse("")).doesNotContain("xet");
    }
    for (String range : new String[] {"bytes=5-", "bytes=1-1", "bytes=-3"}) {
      HttpResponse<byte[]> r = CdnDownloads.get(h, url, "Range", range);
      assertThat(r.statusCode()).as(range).isEqualTo(416);
      assertThat(r.headers().firstValue("Content-Range")).contains("bytes */0");
    }
  }

  @Test
  void head() {
    HttpResponse<byte[]> redirect =
        h.head(lfsUrl); // CDN mode: the metadata is on the 302, the size too
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("X-Linked-Size")).contains("1000");
    assertThat(redirect.headers().firstValue("X-Repo-Commit").orElse("")).matches("[0-9a-f]{40}");
    HttpResponse<byte[]> r = CdnDownloads.follow(h, redirect, "HEAD");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("Content-Length")).contains("1000");
    assertThat(r.headers().firstValue("ETag")).contains("\"" + HubHttp.sha256(data) + "\"");
    HttpResponse<byte[]> ranged = h.head(regUrl, "Range", "bytes=0-0");
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.headers().firstValue("Content-Range")).contains("bytes 0-0/1000");
    HttpResponse<byte[]> missing = h.head("/datasets/dev/range/resolve/main/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("X-Error-Code")).contains("EntryNotFound");
  }
}
