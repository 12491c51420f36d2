package dev.hfio;

import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;

/**
 * Runs a write pipeline on the DirectRunner or FlinkRunner ([local], parallelism 2) and returns its
 * results.
 */
final class WritePipelines {
  private WritePipelines() {}

  private static final Map<String, List<WriteResult>> SINK = new ConcurrentHashMap<>();

  enum RunnerKind {
    DIRECT,
    FLINK
  }

  static PipelineOptions options(RunnerKind kind) {
    return kind == RunnerKind.FLINK ? HubFixture.flink() : HubFixture.direct();
  }

  static List<WriteResult> run(HfIO.Write write, List<Row> rows) {
    return run(RunnerKind.DIRECT, write, rows);
  }

  static List<WriteResult> run(RunnerKind kind, HfIO.Write write, List<Row> rows) {
    return run(kind, write, rows, TestRows.SCHEMA);
  }

  /** Runs {@code write} on {@code rows} of {@code schema}. */
  static List<WriteResult> run(
      RunnerKind kind,
      HfIO.Write write,
      List<Row> rows,
      org.apache.beam.sdk.schemas.Schema schema) {
    String key = UUID.randomUUID().toString();
    SINK.put(key, new CopyOnWriteArrayList<>());
    Pipeline p = Pipeline.create(options(kind));
    p.apply(Create.of(rows).withRowSchema(schema))
        .apply(write)
        .getWriteResults()
        .apply(ParDo.of(new Collect(key)));
    p.run().waitUntilFinish();
    return new ArrayList<>(SINK.remove(key));
  }

  /** Runs {@code write} on the rows {@code source} creates, on the DirectRunner. */
  static List<WriteResult> runFrom(
      java.util.function.Function<Pipeline, org.apache.beam.sdk.values.PCollection<Row>> source,
      HfIO.Write write) {
    String key = UUID.randomUUID().toString();
    SINK.put(key, new CopyOnWriteArrayList<>());
    Pipeline p = Pipeline.create(options(RunnerKind.DIRECT));
    source.apply(p).apply(write).getWriteResults().apply(ParDo.of(new Collect(key)));
    p.run().waitUntilFinish();
    return new ArrayList<>(SINK.remove(key));
  }

  static final class Collect extends DoFn<WriteResult, Void> {
    private final String key;

    Collect(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element WriteResult r) {
      SINK.get(key).add(r);
    }
  }
}
