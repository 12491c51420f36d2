package dev.hfio.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fixture itself: localhub's defaults, fresh repos, commits, read-back and the row generator.
 */
class HubFixtureTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @RegisterExtension static final HubFixture TINY_PAGES = new HubFixture(b -> b.pageSize(2));

  @Test
  void theHubKeepsLocalhubDefaultsCdnAndFreePlanLimits() throws Exception {
    assertThat(HUB.hub().cdnUrl()).as("CDN redirects on").isNotNull();
    Request whoami =
        new Request.Builder()
            .url(HUB.url() + "/api/whoami-v2")
            .header("Authorization", "Bearer " + HUB.readToken())
            .build();
    try (Response r = new OkHttpClient().newCall(whoami).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("RateLimit-Policy")).as("free-plan limits on").contains("\"api\"");
    }
  }

  @Test
  void aBuilderCallbackConfiguresItsOwnHub() {
    RepoRef repo = TINY_PAGES.newDataset("pages", "a.txt", "a", "b.txt", "b", "c.txt", "c");
    TINY_PAGES.resetCounters();
    assertThat(TINY_PAGES.listFiles(repo, "main")).contains("a.txt", "b.txt", "c.txt");
    assertThat(TINY_PAGES.counter("api")).as("pages of 2 entries").isGreaterThanOrEqualTo(2);
    assertThat(TINY_PAGES.url()).isNotEqualTo(HUB.url());
  }

  @Test
  void newDatasetsAreFreshAndHoldTheirFiles() {
    RepoRef a = HUB.newDataset("fresh", "x.txt", "hello");
    RepoRef b = HUB.newDataset("fresh");
    assertThat(a).isNotEqualTo(b);
    assertThat(a.id()).startsWith("dev/fresh-");
    assertThat(HUB.client().readAllBytes(a, "main", "x.txt")).asString().isEqualTo("hello");
    assertThat(HUB.listFiles(b, "main")).doesNotContain("x.txt");
  }

  @Test
  void parquetCommittedThenReadBackEqualsTheGeneratedValues() {
    RepoRef repo = HUB.newDataset("rows");
    String sha =
        HUB.commit(
            repo,
            "main",
            HubFixture.files("data/a.parquet", TestRows.parquet(TestRows.rows(5, 40))));
    assertThat(HUB.commits(repo, "main").get(0).id()).isEqualTo(sha);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(TestRows.values(5, 40));
  }

  @Test
  void inlineCommitStoresParquetNamedFilesAsRegularBlobs() throws Exception {
    RepoRef repo = HUB.newDataset("inline");
    HUB.resetCounters();
    HUB.inlineCommit(repo, Map.of("d/x.parquet", new byte[] {1, 2, 3}));
    assertThat(HUB.counter("lfs")).isZero();
    assertThat(HUB.client().readAllBytes(repo, "main", "d/x.parquet")).containsExactly(1, 2, 3);
  }

  @Test
  void rowsAreAFunctionOfTheirIndex() {
    Row r = TestRows.row(35);
    assertThat(r.getSchema()).isEqualTo(TestRows.schema());
    assertThat(r.getValues()).isEqualTo(TestRows.values(35));
    assertThat(r.getString("text")).isNull(); // every 7th
    assertThat(r.getDouble("score")).isNull(); // every 5th
    assertThat(TestRows.row(36).getString("text")).isEqualTo(TestRows.text(36)).isNotNull();
    assertThat(TestRows.rows(10, 3))
        .extracting(x -> x.getInt64("id"))
        .containsExactly(10L, 11L, 12L);
  }
}
