package dev.hfio.examples;

import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.fs.HfOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * Copies a Hub dataset (all of it, one split, or a Parquet folder) into another dataset repo: the
 * pipeline the Dataflow Flex Template {@code examples/dataflow/hfio-copy-metadata.json} describes.
 * It talks only to the Hub named by {@code --hfEndpoint} / {@code HF_ENDPOINT} (default
 * huggingface.co); it never starts a localhub.
 */
public final class CopyDataset {

  /** Options of {@link CopyDataset} (the Flex Template parameters). */
  public interface Options extends HfOptions {
    @Description(
        "What to read: repo id (ns/name) or hf:// path (hf://datasets/ns/name[@rev][/path]).")
    @Validation.Required
    String getSource();

    void setSource(String source);

    @Description(
        "Dataset repo to write (ns/name or hf://datasets/ns/name[/dir]); created private if missing.")
    @Validation.Required
    String getDestination();

    void setDestination(String destination);

    @Description(
        "Split to copy; empty: copy the source path as it is (the repo root means split 'train').")
    String getSplit();

    void setSplit(String split);
  }

  private CopyDataset() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    PipelineResult result = build(options).run();
    // A Flex Template launcher must return once the job is submitted; local runners are waited for.
    if (!options.getRunner().getSimpleName().equals("DataflowRunner")) {
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("CopyDataset ended in state " + state);
      }
    }
  }

  /**
   * The copy pipeline: {@code HfIO.read().from(source)[.withSplit]} into {@code
   * HfIO.write().to(destination)}.
   */
  public static Pipeline build(Options options) {
    boolean hasSplit = options.getSplit() != null && !options.getSplit().isBlank();
    HfIO.Read read = HfIO.read().from(options.getSource());
    HfIO.Write write =
        HfIO.write()
            .to(options.getDestination())
            .withCreateRepo(Visibility.PRIVATE)
            .withCommitMessage(
                "Copy "
                    + options.getSource()
                    + (hasSplit ? " split " + options.getSplit() : "")
                    + " with HfIO");
    if (hasSplit) {
      read = read.withSplit(options.getSplit());
      write = write.withSplit(options.getSplit());
    }
    Pipeline p = Pipeline.create(options);
    p.apply("Read", read).apply("Write", write);
    return p;
  }
}
