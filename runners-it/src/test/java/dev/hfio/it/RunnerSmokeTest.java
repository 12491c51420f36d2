package dev.hfio.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves each runner starts in this JVM with the project's classpath and flags before any HfIO
 * pipeline runs.
 */
class RunnerSmokeTest {

  @ParameterizedTest
  @EnumSource(Runner.class)
  void countsWords(Runner runner) {
    Pipeline p = Pipeline.create(runner.options());
    PCollection<Long> n =
        p.apply(Create.of("a", "b", "c", "a"))
            .apply(MapElements.into(TypeDescriptors.strings()).via(String::toUpperCase))
            .apply(Count.globally());
    PAssert.thatSingleton(n).isEqualTo(4L);
    PipelineResult.State state = p.run().waitUntilFinish();
    assertThat(state).isEqualTo(PipelineResult.State.DONE);
  }
}
