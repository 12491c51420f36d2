package dev.hfio.localhub;

import static dev.hfio.localhub.HubHttp.code;
import static dev.hfio.localhub.HubHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Hub's 10,000 entries (files and folders) per directory: a commit past it is refused whole.
 */
class DirectoryLimitTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  static HubHttp.Ndjson files(String summary, String dir, int from, int to) {
    HubHttp.Ndjson n = new HubHttp.Ndjson(summary, null);
    for (int i = from; i < to; i++) {
      n.file(dir + "f" + i, "");
    }
    return n;
  }

  @Test
  void tenThousandEntriesFitTheNextFileOrFolderIsRefusedNamingTheDirectory() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("wide", false);
    long t0 = System.nanoTime();
    h.commitOk(id, files("9,999", "data/", 0, 9_999));
    String head = h.commitOk(id, files("10,000th", "data/", 9_999, 10_000));
    HttpResponse<byte[]> r = h.commit(id, "main", files("one more", "data/", 10_000, 10_001));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(400);
    assertThat(code(r)).isEqualTo("TooManyEntriesInDirectory");
    assertThat(text(r)).contains("'data'", "10001", "10000", "Nothing was committed");
    assertThat(text(r))
        .doesNotContain("Exception", HUB.hub().dataDir().toAbsolutePath().toString());
    // a sub-folder is an entry too
    HttpResponse<byte[]> sub =
        h.commit(id, "main", new HubHttp.Ndjson("folder", null).file("data/sub/x", "x"));
    assertThat(sub.statusCode()).as(text(sub)).isEqualTo(400);
    assertThat(code(sub)).isEqualTo("TooManyEntriesInDirectory");
    assertThat(h.headSha(id)).isEqualTo(head);
    // replacing a file and deleting-then-adding keep the count: allowed
    h.commitOk(id, new HubHttp.Ndjson("replace", null).file("data/f5", "new"));
    h.commitOk(id, new HubHttp.Ndjson("swap", null).delete("data/f6").file("data/g6", "g"));
    // the root counts too, and other directories are independent
    h.commitOk(id, files("elsewhere", "other/", 0, 10));
    assertThat(System.nanoTime() - t0).isLessThan(25_000_000_000L);
  }

  @Test
  void aSingleCommitPastTheLimitAtTheRootIsRefused() {
    HubHttp h = new HubHttp(HUB.hub());
    String id = h.createDataset("root", false);
    String head = h.headSha(id);
    // .gitattributes + 10,000 files = 10,001 root entries
    HttpResponse<byte[]> r = h.commit(id, "main", files("flat", "", 0, 10_000));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(400);
    assertThat(code(r)).isEqualTo("TooManyEntriesInDirectory");
    assertThat(text(r)).contains("root directory");
    assertThat(h.headSha(id)).isEqualTo(head);
  }
}
