package dev.hfio.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.HfIO;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.CommitInfo;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
import dev.hfio.schematransforms.HfConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.sql.SqlTransform;
import org.apache.beam.sdk.extensions.sql.impl.BeamSqlEnv;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Beam SQL over localhub: CREATE EXTERNAL TABLE ... TYPE huggingface, SELECT and INSERT INTO. */
class HfSqlTest {
  @RegisterExtension static final LocalHubExtension HUB = new LocalHubExtension();

  private static final AtomicInteger SEQ = new AtomicInteger();

  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("text", Schema.FieldType.STRING)
          .addInt32Field("label")
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .build();

  /**
   * Enough rows that the file is above the 64 KiB that HfIO fetches whole and has many row groups.
   */
  static final int N = 20000;

  static RepoRef source;

  static LocalHub hub() {
    return HUB.hub();
  }

  static HubClient client() {
    return new HubClientConfig(
            hub().url(),
            hub().writeToken(),
            RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60))
        .client();
  }

  static RepoRef newRepo(String prefix) {
    RepoRef repo =
        RepoRef.dataset(
            LocalHub.DEV_USER
                + "/"
                + prefix
                + "-"
                + SEQ.incrementAndGet()
                + "-"
                + System.nanoTime() % 100000);
    client().createRepo(repo).call();
    return repo;
  }

  static Row row(long i) {
    return Row.withSchema(SCHEMA)
        .addValues(
            i,
            i % 7 == 0 ? null : "text " + i + " lorem ipsum dolor sit amet, consectetur",
            (int) (i % 3),
            i % 5 == 0 ? null : i / 10.0)
        .build();
  }

  static HfOptions options() {
    HfOptions o = PipelineOptionsFactory.as(HfOptions.class);
    o.setRunner(DirectRunner.class);
    o.setHfEndpoint(hub().url());
    o.setHfToken(hub().writeToken());
    return o;
  }

  @BeforeAll
  static void writeSource() {
    source = newRepo("sql-src");
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < N; i++) {
      rows.add(row(i));
    }
    Pipeline p = Pipeline.create(options());
    p.apply(Create.of(rows).withRowSchema(SCHEMA))
        .apply(
            HfIO.write()
                .to(source.id())
                .withSplit("train")
                .withNumShards(1)
                // Small row groups, so the pushed filter can skip most of them by statistics.
                .withRowGroupBytes(64 << 10));
    p.run().waitUntilFinish();
  }

  static String ddl(String table, RepoRef repo, String properties) {
    return "CREATE EXTERNAL TABLE "
        + table
        + " (id BIGINT, `text` VARCHAR, label INTEGER, score DOUBLE) TYPE huggingface LOCATION"
        + " 'hf://datasets/"
        + repo.id()
        + "'"
        + (properties == null ? "" : " TBLPROPERTIES '" + properties + "'");
  }

  static final String QUERY = "SELECT score, id FROM ds WHERE label = 1 AND score >= 1900.0";

  @Test
  void thePlanPushesTheColumnsAndTheFilterIntoHfIO() throws Exception {
    BeamSqlEnv env = BeamSqlEnv.inMemory(new HfTableProvider());
    env.executeDdl(ddl("ds", source, null));
    String plan = env.explain(QUERY);
    System.out.println(plan);
    assertThat(plan)
        .contains("BeamPushDownIOSourceRel")
        .contains("usedFields=[[score, id]]")
        .contains("pushed=AND[label EQ 1, score GE 1900.0]")
        .contains("notSupported=[]")
        .doesNotContain("BeamCalcRel");
    // A condition HfIO cannot evaluate stays with Beam SQL; the rest is still pushed.
    String mixed = env.explain("SELECT id FROM ds WHERE label = 1 AND CHAR_LENGTH(`text`) > 30");
    System.out.println(mixed);
    assertThat(mixed).contains("pushed=label EQ 1").contains("BeamCalcRel").contains("CHAR_LENGTH");
  }

  @Test
  void selectReturnsExactlyTheMatchingRowsAndReadsFewerBytes() {
    Schema out =
        Schema.builder()
            .addNullableField("score", Schema.FieldType.DOUBLE)
            .addNullableField("id", Schema.FieldType.INT64)
            .build();
    List<Row> expected = new ArrayList<>();
    for (long i = 0; i < N; i++) {
      Row r = row(i);
      if (r.getInt32("label") == 1
          && r.getDouble("score") != null
          && r.getDouble("score") >= 1900.0) {
        expected.add(Row.withSchema(out).addValues(r.getDouble("score"), i).build());
      }
    }
    assertThat(expected).hasSize(267);

    hub().admin().resetCounters();
    Pipeline all = Pipeline.create(options());
    PCollection<Row> everything =
        all.apply(SqlTransform.query("SELECT * FROM ds").withDdlString(ddl("ds", source, null)));
    PAssert.thatSingleton(everything.apply(org.apache.beam.sdk.transforms.Count.globally()))
        .isEqualTo((long) N);
    all.run().waitUntilFinish();
    long fullBytes = hub().admin().counters().getOrDefault("bytesServed", 0L);

    hub().admin().resetCounters();
    Pipeline p = Pipeline.create(options());
    PCollection<Row> rows =
        p.apply(SqlTransform.query(QUERY).withDdlString(ddl("ds", source, null)));
    PAssert.that(rows).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
    long pushedBytes = hub().admin().counters().getOrDefault("bytesServed", 0L);
    System.out.printf("bytes served: SELECT * %d, pushed-down query %d%n", fullBytes, pushedBytes);
    assertThat(pushedBytes).isPositive().isLessThan(fullBytes / 2);
  }

  @Test
  void insertIntoWritesOneCommit() {
    RepoRef target = newRepo("sql-dst");
    int before = client().listCommits(target, "main").size();
    Pipeline p = Pipeline.create(options());
    p.apply(
        SqlTransform.query(
                "INSERT INTO dst SELECT id, `text`, label, score FROM ds WHERE label = 2")
            .withDdlString(ddl("ds", source, null))
            .withDdlString(
                ddl(
                    "dst",
                    target,
                    "{\"split\": \"test\", \"commit_message\": \"Insert from SQL\"}")));
    p.run().waitUntilFinish();
    List<CommitInfo> commits = client().listCommits(target, "main");
    assertThat(commits).hasSize(before + 1);
    assertThat(commits.get(0).title()).isEqualTo("Insert from SQL");

    Pipeline check = Pipeline.create(options());
    PCollection<Row> count =
        check.apply(
            SqlTransform.query("SELECT COUNT(*) AS n, MIN(label) AS lo, MAX(label) AS hi FROM dst")
                .withDdlString(ddl("dst", target, "{\"split\": \"test\"}")));
    // field values, not Row.toString (whose format changed in Beam 2.70)
    PAssert.thatSingleton(count)
        .satisfies(
            r -> {
              assertThat(((Number) r.getValue("n")).longValue()).isEqualTo(N / 3);
              assertThat(((Number) r.getValue("lo")).intValue()).isEqualTo(2);
              assertThat(((Number) r.getValue("hi")).intValue()).isEqualTo(2);
              return null;
            });
    check.run().waitUntilFinish();
  }

  @Test
  void insertIntoAMissingRepoCreatesItWhenAsked() {
    RepoRef target =
        RepoRef.dataset(
            LocalHub.DEV_USER
                + "/sql-new-"
                + SEQ.incrementAndGet()
                + "-"
                + System.nanoTime() % 100000);
    assertThat(client().repoExists(target)).isFalse();
    Pipeline p = Pipeline.create(options());
    p.apply(
        SqlTransform.query("INSERT INTO dst SELECT id, `text`, label, score FROM ds WHERE id < 10")
            .withDdlString(ddl("ds", source, null))
            .withDdlString(ddl("dst", target, "{\"create_repo\": \"private\"}")));
    p.run().waitUntilFinish();
    assertThat(client().repoInfo(target, "main").isPrivate()).isTrue();
    assertThat(client().listTree(target).revision("main").recursive().call())
        .anyMatch(e -> e.path().startsWith("data/train-"));
  }

  @Test
  void badTablePropertiesAreNamed() throws Exception {
    BeamSqlEnv env = BeamSqlEnv.inMemory(new HfTableProvider());
    env.executeDdl(ddl("bad", source, "{\"splt\": \"train\"}"));
    assertThatThrownBy(() -> env.parseQuery("SELECT id FROM bad"))
        .hasStackTraceContaining("HfConfigurationException")
        .hasStackTraceContaining("table bad: unknown TBLPROPERTIES key 'splt'; valid keys: split");
    BeamSqlEnv env2 = BeamSqlEnv.inMemory(new HfTableProvider());
    env2.executeDdl(ddl("tok", source, "{\"token\": \"hf_abc\"}"));
    assertThatThrownBy(() -> env2.parseQuery("SELECT id FROM tok"))
        .hasStackTraceContaining("must not hold a token");
    assertThatThrownBy(
            () ->
                HfTable.of(
                        org.apache.beam.sdk.extensions.sql.meta.Table.builder()
                            .type("huggingface")
                            .name("m")
                            .schema(SCHEMA)
                            .location("hf://datasets/u/ds")
                            .properties(
                                new com.fasterxml.jackson.databind.ObjectMapper()
                                    .createObjectNode()
                                    .put("mode", "replace"))
                            .build())
                    .buildIOWriter(null))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining("mode: 'replace' is not one of [overwrite, append, error_if_exists]");
  }
}
