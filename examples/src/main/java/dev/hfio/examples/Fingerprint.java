package dev.hfio.examples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * An order-independent fingerprint (row count and a sum of per-row SHA-256 prefixes) of a {@code
 * PCollection<Row>}, reported through Beam metrics so the driver can compare what a pipeline read
 * with what it wrote on any runner, without collecting rows. Rows are compared by the values of the
 * named fields, so a read schema that differs only in nullability still matches.
 */
public final class Fingerprint {
  static final String NAMESPACE = "hfio.examples";

  /** Row count and checksum of a set of rows. */
  public record Value(long rows, long checksum) {
    @Override
    public String toString() {
      return rows + " rows, checksum " + Long.toHexString(checksum);
    }
  }

  private Fingerprint() {}

  /** The fingerprint of rows held by the driver. */
  public static Value of(List<Row> rows, List<String> fields) {
    long sum = 0;
    for (Row r : rows) {
      sum += hash(r, fields);
    }
    return new Value(rows.size(), sum);
  }

  /**
   * Records the fingerprint of {@code input} under {@code label}; read it back with {@link #from}.
   */
  public static PTransform<PCollection<Row>, PCollection<Row>> record(
      String label, List<String> fields) {
    return new PTransform<>() {
      @Override
      public PCollection<Row> expand(PCollection<Row> input) {
        return input
            .apply("Fingerprint " + label, ParDo.of(new RecordFn(label, fields)))
            .setRowSchema(input.getSchema());
      }
    };
  }

  /**
   * The fingerprint recorded under {@code label} by a finished pipeline (attempted metrics: all
   * runners have them).
   */
  public static Value from(PipelineResult result, String label) {
    return new Value(counter(result, label + ".rows"), counter(result, label + ".checksum"));
  }

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(NAMESPACE, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  static long hash(Row row, List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (String f : fields) {
      Object v = row.getValue(f);
      b.append(f).append('=').append(v == null ? "<null>" : v.toString()).append('\u0001');
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(b.toString().getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0;
          i < 8;
          i++) { // counters add with wrap-around, which is still order-independent
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  private static final class RecordFn extends DoFn<Row, Row> {
    private final List<String> fields;
    private final Counter rows;
    private final Counter checksum;

    RecordFn(String label, List<String> fields) {
      this.fields = List.copyOf(fields);
      this.rows = Metrics.counter(NAMESPACE, label + ".rows");
      this.checksum = Metrics.counter(NAMESPACE, label + ".checksum");
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      rows.inc();
      checksum.inc(hash(row, fields));
      out.output(row);
    }
  }
}
