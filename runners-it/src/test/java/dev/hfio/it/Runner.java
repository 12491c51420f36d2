package dev.hfio.it;

import dev.hfio.fs.HfOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runners every integration pipeline runs on, each configured for an in-process run on 2 cores.
 */
public enum Runner {
  DIRECT {
    @Override
    public PipelineOptions options(String... args) {
      PipelineOptions o = PipelineOptionsFactory.fromArgs(args).create();
      o.setRunner(DirectRunner.class);
      return o;
    }
  },
  FLINK {
    @Override
    public PipelineOptions options(String... args) {
      FlinkPipelineOptions o = PipelineOptionsFactory.fromArgs(args).as(FlinkPipelineOptions.class);
      o.setRunner(FlinkRunner.class);
      o.setFlinkMaster("[local]");
      o.setParallelism(2);
      return o;
    }
  },
  SPARK {
    @Override
    public PipelineOptions options(String... args) {
      SparkPipelineOptions o = PipelineOptionsFactory.fromArgs(args).as(SparkPipelineOptions.class);
      o.setRunner(SparkRunner.class);
      o.setSparkMaster("local[2]");
      return o;
    }
  };

  static {
    // --hfEndpoint / --hfToken on the command line; redundant with the sdk's HfOptionsRegistrar,
    // kept for clarity.
    PipelineOptionsFactory.register(HfOptions.class);
  }

  /** Options for this runner, with extra command-line style arguments applied first. */
  public abstract PipelineOptions options(String... args);
}
