package dev.hfio;

import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.PeriodicImpulse;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming write on the FlinkRunner in streaming mode with checkpointing (its commit step
 * requires stable input): an unbounded source that ends, one-second windows, every row exactly
 * once.
 */
class HfIOStreamingWriteFlinkTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /** Ten rows per impulse, numbered by the impulse's offset from the start. */
  static final class TenRows extends DoFn<Instant, Row> {
    private final long startMillis;

    TenRows(long startMillis) {
      this.startMillis = startMillis;
    }

    @ProcessElement
    public void process(@Element Instant t, OutputReceiver<Row> out) {
      long k = (t.getMillis() - startMillis) / 100;
      for (Row r : TestRows.rows(k * 10, 10)) {
        out.outputWithTimestamp(r, t);
      }
    }
  }

  @Test
  void windowedStreamOnFlinkWithCheckpointsWritesEveryRowOnce() {
    RepoRef repo = HUB.newDataset("stream-flink");
    FlinkPipelineOptions o = HubFixture.flink().as(FlinkPipelineOptions.class);
    o.setStreaming(true);
    o.setCheckpointingInterval(300L);
    // with checkpointing Beam keeps finished sources running (so checkpoints go on) unless told
    o.setShutdownSourcesAfterIdleMs(1000L);
    // the commit step requires stable input: when the input ends, let Flink hand it the panes
    // still waiting for a checkpoint instead of failing with pending watermark holds
    o.setEnableStableInputDrain(true);
    Pipeline p = Pipeline.create(o);
    Instant start = Instant.now().plus(Duration.standardSeconds(2));
    PCollection<Row> rows =
        p.apply(
                PeriodicImpulse.create()
                    .startAt(start)
                    .stopAt(start.plus(Duration.standardSeconds(4)))
                    .withInterval(Duration.millis(100)))
            .apply(ParDo.of(new TenRows(start.getMillis())))
            .setRowSchema(TestRows.SCHEMA);
    rows.apply(Window.into(FixedWindows.of(Duration.standardSeconds(1))))
        .apply(
            HfIO.write()
                .to("hf://datasets/" + repo.id())
                .withHubConfig(HUB.config(HUB.writeToken()))
                .withMinCommitInterval(Duration.ZERO));
    org.apache.beam.sdk.PipelineResult r = p.run();
    org.apache.beam.sdk.PipelineResult.State state =
        r.waitUntilFinish(org.joda.time.Duration.standardSeconds(90));
    if (state == null || !state.isTerminal()) {
      try {
        r.cancel();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertThat(state).isEqualTo(org.apache.beam.sdk.PipelineResult.State.DONE);
    List<List<Object>> back = HUB.readBack(repo, "main", "data/");
    assertThat(back).isNotEmpty();
    assertThat(back).isEqualTo(values(0, back.size()));
    System.out.println(
        "STREAM-FLINK rows "
            + back.size()
            + " in "
            + (HUB.commits(repo, "main").size() - 1)
            + " commits");
  }
}
