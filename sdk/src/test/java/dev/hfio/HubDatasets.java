package dev.hfio;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.RowParquetWriter;
import dev.hfio.localhub.LocalHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Test datasets on an embedded localhub: Parquet files written with RowParquetWriter and committed
 * (LFS).
 */
final class HubDatasets implements AutoCloseable {
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("text", Schema.FieldType.STRING)
          .addInt32Field("label")
          .addNullableField("score", Schema.FieldType.DOUBLE)
          .build();
  private static final AtomicInteger SEQ = new AtomicInteger();

  final LocalHub hub;
  final HubClient client;
  final Path tmp;

  HubDatasets() throws IOException {
    this.hub = LocalHub.builder().port(0).start();
    this.client = HubClient.builder().endpoint(hub.url()).token(hub.writeToken()).build();
    this.tmp = Files.createTempDirectory("hfio-read-test");
  }

  RepoRef newRepo(String prefix) {
    RepoRef repo = RepoRef.dataset("dev/" + prefix + "-" + SEQ.incrementAndGet());
    client.createRepo(repo).call();
    return repo;
  }

  /** Rows with ids [from, from + n). */
  static List<Row> rows(long from, int n) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      out.add(
          Row.withSchema(SCHEMA)
              .addValues(
                  i,
                  i % 7 == 0 ? null : "text " + i + " lorem ipsum dolor sit amet",
                  (int) (i % 3),
                  i % 5 == 0 ? null : i / 10.0)
              .build());
    }
    return out;
  }

  Path parquet(Schema schema, List<Row> rows, long rowGroupBytes) throws IOException {
    Path p = tmp.resolve("f" + SEQ.incrementAndGet() + ".parquet");
    try (RowParquetWriter w =
        RowParquetWriter.builder(p, schema).rowGroupBytes(rowGroupBytes).build()) {
      for (Row r : rows) {
        w.write(r);
      }
      w.finish();
    }
    return p;
  }

  Path parquet(List<Row> rows) throws IOException {
    return parquet(SCHEMA, rows, RowParquetWriter.DEFAULT_ROW_GROUP_BYTES);
  }

  /**
   * Commits files: values are a local Path (uploaded, LFS for Parquet), a String or byte[] (inline
   * content).
   */
  String commit(RepoRef repo, String revision, Map<String, Object> files) {
    List<CommitOperation> ops = new ArrayList<>();
    for (Map.Entry<String, Object> e : files.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Path p) {
        ops.add(CommitOperation.addFile(e.getKey(), p));
      } else if (v instanceof byte[] b) {
        ops.add(CommitOperation.add(e.getKey(), b));
      } else if (v == null) {
        ops.add(CommitOperation.delete(e.getKey()));
      } else {
        ops.add(CommitOperation.add(e.getKey(), v.toString().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return client.commit(repo).branch(revision).addAll(ops).message("test data").call().commitSha();
  }

  static Map<String, Object> files(Object... pathsAndContents) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      m.put((String) pathsAndContents[i], pathsAndContents[i + 1]);
    }
    return m;
  }

  /** HfIO.read() from a path or repo id, pointed at this hub with its read token. */
  HfIO.Read read(String from) {
    return HfIO.read().from(from).withEndpoint(hub.url()).withToken(hub.readToken());
  }

  String url(RepoRef repo) {
    return "hf://datasets/" + repo.id();
  }

  static PipelineOptions direct() {
    PipelineOptions o = PipelineOptionsFactory.create();
    o.setRunner(DirectRunner.class);
    return o;
  }

  static PipelineOptions flink() {
    FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster("[local]");
    o.setParallelism(2);
    return o;
  }

  long counter(String key) {
    Long v = hub.admin().counters().get(key);
    return v == null ? 0 : v;
  }

  @Override
  public void close() {
    hub.close();
  }
}
