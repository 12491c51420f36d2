package dev.hfio.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.examples.ExampleOptions;
import dev.hfio.examples.Fingerprint;
import dev.hfio.examples.HubConnection;
import dev.hfio.examples.Quickstart;
import dev.hfio.examples.QuickstartOptions;
import dev.hfio.examples.Reviews;
import dev.hfio.it.HfFileSystemPipelinesTest;
import dev.hfio.localhub.LocalHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HfIO write-then-read pipelines on a multi-process Spark standalone cluster: executors are
 * separate JVMs that reach the localhub embedded in this (driver) JVM over 127.0.0.1, so options,
 * transforms and the hf FileSystem registration must all survive serialization and a fresh class
 * loader.
 */
@Tag("spark-cluster")
class SparkClusterHfTest {
  @TempDir static Path tmp;
  static SparkStandaloneCluster cluster;
  static LocalHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = LocalHub.builder().host("127.0.0.1").port(0).start();
    cluster = SparkStandaloneCluster.start(tmp.resolve("spark-home"));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
      ClusterJobs.clearSystemProperties();
      assertThat(cluster.livePids()).as("no Spark JVM outlives the test").isEmpty();
    }
    if (hub != null) {
      hub.close();
    }
  }

  /**
   * Project classes reach executors only through staging: Spark's child class loader, as with
   * spark-submit.
   */
  @Test
  void hfFileSystemAndHfIoReadWithStagedJars() throws Exception {
    roundTrip("dev/cluster-fs-staged", false);
  }

  /** Project jars also on the executors' system classpath (spark.executor.extraClassPath). */
  @Test
  void hfFileSystemAndHfIoReadWithJarsOnExecutorClasspath() throws Exception {
    roundTrip("dev/cluster-fs-classpath", true);
  }

  /**
   * The quickstart (HfIO.write of the whole dataset and of three split directories, HfIO.read of
   * everything and each split, checked through metrics) with executors in other JVMs; sampled rows
   * print in executor stdout.
   */
  @Test
  void quickstartWriteThenReadOnExecutors() throws Exception {
    QuickstartOptions o =
        ClusterJobs.options(
                cluster,
                true,
                "--hfEndpoint=" + hub.url(),
                "--hfToken=" + hub.writeToken(),
                "--repoId=dev/cluster-quickstart",
                "--rows=2000")
            .as(QuickstartOptions.class);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Quickstart.Report report;
    try (HubConnection connection = HubConnection.open(o, out)) {
      report = Quickstart.run(o, connection.client(), out);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + buf + cluster.diagnostics(), e);
    }
    assertThat(report.read()).as(buf.toString(StandardCharsets.UTF_8)).isEqualTo(report.expected());
    assertThat(report.read().get("all").rows()).isEqualTo(2000);
    assertThat(cluster.executorStdout()).containsPattern("row: id=\\d+ label=[01] text=Review ");
  }

  /**
   * HfIO.write with project classes only staged (spark-submit style); read back in this JVM on
   * DirectRunner.
   */
  @Test
  void hfIoWriteWithStagedJars() throws Exception {
    List<Row> rows = Reviews.generate(500);
    Pipeline p =
        Pipeline.create(
            ClusterJobs.options(
                cluster, false, "--hfEndpoint=" + hub.url(), "--hfToken=" + hub.writeToken()));
    p.apply(Create.of(rows).withRowSchema(Reviews.SCHEMA))
        .apply(
            HfIO.write()
                .to("dev/cluster-write-staged")
                .withSplit("train")
                .withCreateRepo(Visibility.PUBLIC));
    try {
      assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + cluster.diagnostics(), e);
    }
    List<String> fields = List.of("id", "text", "label");
    Pipeline check =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs(
                    "--hfEndpoint=" + hub.url(), "--hfToken=" + hub.writeToken())
                .as(ExampleOptions.class));
    check
        .apply(HfIO.read().from("dev/cluster-write-staged").withSplit("train"))
        .apply(Fingerprint.record("staged", fields));
    PipelineResult r = check.run();
    r.waitUntilFinish();
    assertThat(Fingerprint.from(r, "staged")).isEqualTo(Fingerprint.of(rows, fields));
  }

  private static void roundTrip(String repoId, boolean onClasspath) throws Exception {
    String[] args = {"--hfEndpoint=" + hub.url(), "--hfToken=" + hub.writeToken()};
    try {
      HfFileSystemPipelinesTest.roundTrip(
          hub.url(),
          hub.writeToken(),
          repoId,
          () -> ClusterJobs.options(cluster, onClasspath, args));
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + cluster.diagnostics(), e);
    }
  }
}
