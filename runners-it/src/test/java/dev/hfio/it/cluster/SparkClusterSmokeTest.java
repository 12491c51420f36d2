package dev.hfio.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Beam pipeline on the multi-process cluster: proves staging, executors and Java 17 flags
 * work.
 */
@Tag("spark-cluster")
class SparkClusterSmokeTest {
  @TempDir static Path tmp;
  static SparkStandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = SparkStandaloneCluster.start(tmp.resolve("spark-home"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      ClusterJobs.clearSystemProperties();
      assertThat(cluster.livePids()).as("no Spark JVM outlives the test").isEmpty();
    }
  }

  @Test
  void runsOnExecutorsInOtherJvms() throws Exception {
    long driverPid = ProcessHandle.current().pid();
    SparkPipelineOptions options = ClusterJobs.options(cluster);
    Pipeline p = Pipeline.create(options);
    PCollection<Integer> nums =
        p.apply(Create.of(IntStream.range(0, 100).boxed().collect(Collectors.toList())));
    PCollection<Long> pids = nums.apply(ParDo.of(new PrintPid()));
    PAssert.thatSingleton(nums.apply(Count.globally())).isEqualTo(100L);
    PAssert.that(pids)
        .satisfies(
            all -> {
              for (Long pid : all) {
                if (pid == driverPid) {
                  throw new AssertionError("element processed in the driver JVM " + pid);
                }
              }
              return null;
            });
    try {
      assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + cluster.diagnostics(), e);
    }
    String stdout = cluster.executorStdout();
    assertThat(stdout).contains("HFIO-ELEMENT 0", "HFIO-ELEMENT 99");
  }

  /**
   * Prints each element to the executor's stdout and outputs the pid of the JVM that processed it.
   */
  static final class PrintPid extends DoFn<Integer, Long> {
    @ProcessElement
    public void process(@Element Integer n, OutputReceiver<Long> out) {
      System.out.println("HFIO-ELEMENT " + n);
      out.output(ProcessHandle.current().pid());
    }
  }
}
