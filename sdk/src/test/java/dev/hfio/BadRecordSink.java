package dev.hfio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.values.PCollection;

/**
 * The error handler's transform in tests: collects the bad records a pipeline routed, in this JVM
 * (DirectRunner), for the test to inspect after {@code run()}.
 */
final class BadRecordSink extends PTransform<PCollection<BadRecord>, PCollection<Void>> {
  private static final Map<String, List<BadRecord>> SINK = new ConcurrentHashMap<>();
  private final String key = UUID.randomUUID().toString();

  BadRecordSink() {
    SINK.put(key, new CopyOnWriteArrayList<>());
  }

  /** The records collected so far. */
  List<BadRecord> records() {
    return new ArrayList<>(SINK.get(key));
  }

  @Override
  public PCollection<Void> expand(PCollection<BadRecord> input) {
    return input.apply(ParDo.of(new Collect(key)));
  }

  private static final class Collect extends DoFn<BadRecord, Void> {
    private final String key;

    Collect(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element BadRecord r) {
      SINK.get(key).add(r);
    }
  }
}
