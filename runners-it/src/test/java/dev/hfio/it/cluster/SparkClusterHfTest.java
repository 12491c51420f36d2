package dev.hfio.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.it.HfFileSystemPipelinesTest;
import dev.hfio.localhub.LocalHub;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HfIO write-then-read pipelines on a multi-process Spark standalone cluster: executors are separate JVMs that
 * reach the localhub embedded in this (driver) JVM over 127.0.0.1, so options, transforms and the hf FileSystem
 * registration must all survive serialization and a fresh class loader.
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

  /** Project classes reach executors only through staging: Spark's child class loader, as with spark-submit. */
  @Test
  void hfFileSystemAndHfIoReadWithStagedJars() throws Exception {
    roundTrip("dev/cluster-fs-staged", false);
  }

  /** Project jars also on the executors' system classpath (spark.executor.extraClassPath). */
  @Test
  void hfFileSystemAndHfIoReadWithJarsOnExecutorClasspath() throws Exception {
    roundTrip("dev/cluster-fs-classpath", true);
  }

  private static void roundTrip(String repoId, boolean onClasspath) throws Exception {
    String[] args = {"--hfEndpoint=" + hub.url(), "--hfToken=" + hub.writeToken()};
    try {
      HfFileSystemPipelinesTest.roundTrip(hub.url(), hub.writeToken(), repoId,
          () -> ClusterJobs.options(cluster, onClasspath, args));
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + cluster.diagnostics(), e);
    }
  }
}
