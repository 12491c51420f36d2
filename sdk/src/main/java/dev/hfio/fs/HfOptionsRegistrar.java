package dev.hfio.fs;

import com.google.auto.service.AutoService;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Registers {@link HfOptions} with Beam so {@code --hfToken}/{@code --hfEndpoint} are accepted (and
 * listed by {@code --help}) whatever options interface a pipeline parses its arguments into.
 */
@AutoService(PipelineOptionsRegistrar.class)
public class HfOptionsRegistrar implements PipelineOptionsRegistrar {
  @Override
  public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
    return List.of(HfOptions.class);
  }
}
