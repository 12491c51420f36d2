package dev.hfio.it.cluster;

import dev.hfio.fs.HfOptions;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Driver-side settings for submitting a Beam job from this JVM to a {@link SparkStandaloneCluster}.
 */
final class ClusterJobs {
  private static final String[] PROPS = {
    "spark.driver.host",
    "spark.driver.bindAddress",
    "spark.executor.memory",
    "spark.cores.max",
    "spark.executor.extraJavaOptions",
    "spark.executor.extraClassPath"
  };

  private ClusterJobs() {}

  /**
   * Removes the spark.* system properties {@link #options} set, so later in-process Spark tests
   * start clean.
   */
  static void clearSystemProperties() {
    for (String k : PROPS) {
      System.clearProperty(k);
    }
  }

  /**
   * Options for a job on {@code cluster}: the project's classes are staged as jars (third-party
   * jars are already in the cluster's {@code SPARK_HOME/jars}); driver and executors talk over
   * 127.0.0.1 only.
   */
  static SparkPipelineOptions options(SparkStandaloneCluster cluster, String... args) {
    return options(cluster, false, args);
  }

  /**
   * As {@link #options(SparkStandaloneCluster, String...)}; with {@code projectOnExecutorClasspath}
   * the project jars are also put on the executors' system classpath ({@code
   * spark.executor.extraClassPath}), as clusters that pre-install a job's jars do. Without it they
   * reach executors only through staging (Spark's child class loader), as with {@code spark-submit
   * --jars} or an application jar.
   */
  static SparkPipelineOptions options(
      SparkStandaloneCluster cluster, boolean projectOnExecutorClasspath, String... args) {
    if (projectOnExecutorClasspath) {
      System.setProperty(
          "spark.executor.extraClassPath",
          cluster.projectJars().stream()
              .map(Path::toString)
              .collect(Collectors.joining(java.io.File.pathSeparator)));
    } else {
      System.clearProperty("spark.executor.extraClassPath");
    }
    // Beam's SparkRunner builds its SparkConf from system properties (spark.*); set ours before
    // each job.
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.executor.memory", "1g");
    System.setProperty("spark.cores.max", "2");
    System.setProperty(
        "spark.executor.extraJavaOptions", String.join(" ", SparkStandaloneCluster.addOpens()));
    PipelineOptionsFactory.register(HfOptions.class);
    SparkPipelineOptions o = PipelineOptionsFactory.fromArgs(args).as(SparkPipelineOptions.class);
    o.setRunner(SparkRunner.class);
    o.setSparkMaster(cluster.masterUrl());
    o.setFilesToStage(
        cluster.projectJars().stream().map(Path::toString).collect(Collectors.toList()));
    o.setAppName("hfio-it");
    return o;
  }
}
