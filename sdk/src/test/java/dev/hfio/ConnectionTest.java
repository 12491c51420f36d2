package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One connection rule for read(), readFiles() and write(): withHubConfig is the base, withToken /
 * withEndpoint replace that field of it in whichever order they are called.
 */
class ConnectionTest {
  /**
   * Nothing listens here: a base config pointing at it only works if withEndpoint replaces the
   * endpoint.
   */
  private static final String NOWHERE = "http://127.0.0.1:9";

  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static RepoRef privateRepo;
  static List<Row> rows;

  @BeforeAll
  static void start() throws Exception {
    privateRepo = RepoRef.dataset("dev/private-conn");
    HUB.client().createRepo(privateRepo).privateRepo().call();
    rows = TestRows.rows(0, 20);
    HUB.commit(
        privateRepo,
        "main",
        HubFixture.files("data/train-00000-of-00001.parquet", TestRows.parquet(rows)));
  }

  /**
   * The hub's endpoint without a token: reading the private repo needs the token from withToken.
   */
  private static HubClientConfig anonymous() {
    return HUB.client().config().withToken(null);
  }

  private static void readsAll(HfIO.Read read) {
    Pipeline p = Pipeline.create(HubFixture.direct());
    PAssert.that(p.apply(read)).containsInAnyOrder(rows);
    p.run().waitUntilFinish();
  }

  @Test
  void readTakesTheTokenFromWithTokenOverTheHubConfigInEitherOrder() {
    readsAll(
        HfIO.read().from(privateRepo.id()).withHubConfig(anonymous()).withToken(HUB.readToken()));
    readsAll(
        HfIO.read().from(privateRepo.id()).withToken(HUB.readToken()).withHubConfig(anonymous()));
  }

  @Test
  void readTakesTheEndpointFromWithEndpointOverTheHubConfigInEitherOrder() {
    HubClientConfig elsewhere =
        HUB.client().config().withEndpoint(NOWHERE).withToken(HUB.readToken());
    readsAll(HfIO.read().from(privateRepo.id()).withHubConfig(elsewhere).withEndpoint(HUB.url()));
    readsAll(HfIO.read().from(privateRepo.id()).withEndpoint(HUB.url()).withHubConfig(elsewhere));
  }

  @Test
  void readFilesUsesTheSameRule() {
    String file = "hf://datasets/" + privateRepo.id() + "/data/train-00000-of-00001.parquet";
    for (HfIO.ReadFiles read :
        List.of(
            HfIO.readFiles()
                .withSchema(TestRows.SCHEMA)
                .withHubConfig(anonymous())
                .withToken(HUB.readToken()),
            HfIO.readFiles()
                .withToken(HUB.readToken())
                .withHubConfig(anonymous())
                .withSchemaFromFile(file))) {
      Pipeline p = Pipeline.create(HubFixture.direct());
      PAssert.that(p.apply(Create.of(file)).apply(read)).containsInAnyOrder(rows);
      p.run().waitUntilFinish();
    }
  }

  @Test
  void displayDataShowsTheEndpointOfTheConnectionNeverTheToken() {
    HubClientConfig base = HUB.client().config().withEndpoint(NOWHERE).withToken("hf_base_secret");
    DisplayData files =
        DisplayData.from(
            HfIO.readFiles()
                .withSchema(TestRows.SCHEMA)
                .withHubConfig(base)
                .withToken("hf_override_secret"));
    assertThat(files.items())
        .anySatisfy(
            i -> {
              assertThat(i.getKey()).isEqualTo("endpoint");
              assertThat(i.getValue()).isEqualTo(NOWHERE);
            });
    DisplayData read =
        DisplayData.from(HfIO.read().from("a/b").withHubConfig(base).withEndpoint(HUB.url()));
    assertThat(read.items())
        .anySatisfy(
            i -> {
              assertThat(i.getKey()).isEqualTo("endpoint");
              assertThat(i.getValue()).isEqualTo(HUB.url());
            });
    DisplayData write =
        DisplayData.from(
            HfIO.write().to("a/b").withToken("hf_override_secret").withHubConfig(base));
    assertThat(files + " " + read + " " + write).doesNotContain("secret");
  }

  @Test
  void resolveAppliesOverridesToTheBaseOrToTheOptions() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--hfEndpoint=http://options.example", "--hfToken=hf_options")
            .create();
    HubClientConfig base = HUB.client().config().withEndpoint(NOWHERE).withToken("hf_base");
    HubConnection fromOptions = HubConnection.defaults().withToken("hf_code");
    assertThat(fromOptions.resolve(options).endpoint()).isEqualTo("http://options.example");
    assertThat(fromOptions.resolve(options).token()).isEqualTo("hf_code");
    HubConnection a = HubConnection.defaults().withBase(base).withEndpoint("http://code.example");
    HubConnection b = HubConnection.defaults().withEndpoint("http://code.example").withBase(base);
    assertThat(a).isEqualTo(b);
    assertThat(a.resolve(options)).isEqualTo(base.withEndpoint("http://code.example"));
    assertThat(a.toString()).doesNotContain("hf_base");
    assertThat(fromOptions.toString()).doesNotContain("hf_code");
  }
}
