package dev.hfio.examples;

import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Registers the quickstart's options (and {@link dev.hfio.fs.HfOptions} through them) with Beam, so
 * their flags parse and show in {@code --help} whatever options interface a runner or test starts
 * from.
 */
public final class ExampleOptionsRegistrar implements PipelineOptionsRegistrar {
  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    // TokenizeFilter.Options and CopyDataset.Options are not registered: they share names (source,
    // split) with
    // different defaults, which Beam refuses in one registry; their mains parse with
    // .as(Options.class).
    return List.of(ExampleOptions.class, QuickstartOptions.class);
  }
}
