package dev.hfio.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.HfIO;
import dev.hfio.WriteResult;
import dev.hfio.fs.HfOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/**
 * One measured run, executed in a fresh child JVM (launched by {@link BenchMain}) so heap peaks and
 * JIT state do not leak between measurements. Arguments are {@code key=value}; the hub's tokens
 * come from the environment ({@code HF_TOKEN}, {@code BENCH_ADMIN_TOKEN}). Prints one line {@code
 * BENCH-RESULT {json}}.
 */
public final class Scenario {
  static final String RESULT_PREFIX = "BENCH-RESULT ";

  private final Map<String, String> args;
  private final Map<String, Object> out = new LinkedHashMap<>();
  private final HubCounters counters;

  private Scenario(Map<String, String> args) {
    this.args = args;
    this.counters =
        args.containsKey("endpoint")
            ? new HubCounters(args.get("endpoint"), System.getenv("BENCH_ADMIN_TOKEN"))
            : null;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (String s : argv) {
      int eq = s.indexOf('=');
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    Scenario s = new Scenario(a);
    try (HeapSampler heap = new HeapSampler()) {
      s.run(a.get("scenario"));
      heap.close();
      s.out.put("peakHeapUsed", heap.peakUsed());
      s.out.put("peakHeapAfterGc", heap.peakAfterGc());
    }
    System.out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(s.out));
    System.exit(0); // Flink/okhttp non-daemon threads must not keep the child alive
  }

  private void run(String scenario) throws Exception {
    switch (scenario) {
      case "read-hfio" -> readHfio(null);
      case "read-hfio-proj" -> readHfio(BenchData.PROJECTED);
      case "read-pio-hf" ->
          readParquetIo(
              "hf://datasets/" + args.get("repo") + "@" + args.get("sha") + "/data/*.parquet");
      case "read-pio-local" -> readParquetIo(args.get("localDir") + "/*.parquet");
      case "read-bare" -> readBare();
      case "write-hfio" -> writeHfio();
      case "write-local" -> writeLocal();
      case "write-bare" -> writeBare();
      case "read-duckdb" -> readDuckdb();
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  private PipelineOptions options() {
    // runner options of the run (--pipelineArgs of BenchMain), e.g. --objectReuse=true on Flink
    String extra = args.getOrDefault("pipelineArgs", "").trim();
    String[] hf = extra.isEmpty() ? new String[0] : extra.split("[,\\s]+");
    PipelineOptions o;
    if ("spark".equals(args.get("runner"))) {
      SparkPipelineOptions sp = PipelineOptionsFactory.fromArgs(hf).as(SparkPipelineOptions.class);
      sp.setRunner(SparkRunner.class);
      sp.setSparkMaster("local[" + args.getOrDefault("parallelism", "2") + "]");
      o = sp;
    } else if ("flink".equals(args.get("runner"))) {
      FlinkPipelineOptions f = PipelineOptionsFactory.fromArgs(hf).as(FlinkPipelineOptions.class);
      f.setRunner(FlinkRunner.class);
      f.setFlinkMaster("[local]");
      f.setParallelism(Integer.parseInt(args.getOrDefault("parallelism", "2")));
      o = f;
    } else {
      DirectOptions d = PipelineOptionsFactory.fromArgs(hf).as(DirectOptions.class);
      d.setRunner(DirectRunner.class);
      d.setEnforceImmutability(false);
      d.setEnforceEncodability(false);
      o = d;
    }
    HfOptions h = o.as(HfOptions.class); // token: HF_TOKEN in the child's environment
    h.setHfEndpoint(args.get("endpoint"));
    return h;
  }

  /** Counts elements into a metric, so the pipeline has a sink and the row count is checked. */
  static final class CountFn<T> extends DoFn<T, Void> {
    private final Counter rows = Metrics.counter("bench", "rows");

    @ProcessElement
    public void process() {
      rows.inc();
    }
  }

  /** Records what a write reports (bytes, files, rows) as metrics. */
  static final class WriteResultFn extends DoFn<WriteResult, Void> {
    private final Counter bytes = Metrics.counter("bench", "bytes");
    private final Counter files = Metrics.counter("bench", "files");
    private final Counter written = Metrics.counter("bench", "rowsWritten");

    @ProcessElement
    public void process(@Element WriteResult r) {
      bytes.inc(r.bytes());
      files.inc(r.files().size());
      written.inc(r.rows());
    }
  }

  private void readHfio(List<String> columns) throws IOException {
    Map<String, Long> c0 = counters.snapshot();
    long t0 = System.nanoTime();
    Pipeline p = Pipeline.create(options());
    // planning is HfIO's work at construction (listing, footers), not Beam's own start-up
    long tPlan = System.nanoTime();
    HfIO.Read read = HfIO.read().from("hf://datasets/" + args.get("repo") + "/data");
    if (columns != null) {
      read = read.withColumns(columns.toArray(new String[0]));
    }
    p.apply(read).apply(ParDo.of(new CountFn<Row>()));
    Map<String, Long> c1 = counters.snapshot();
    long t1 = System.nanoTime();
    PipelineResult r = p.run();
    r.waitUntilFinish();
    long t2 = System.nanoTime();
    Map<String, Long> c2 = counters.snapshot();
    out.put("planMs", (t1 - tPlan) / 1e6);
    out.put("pipelineCreateMs", (tPlan - t0) / 1e6);
    out.put("wallMs", (t2 - t0) / 1e6);
    out.put("rows", rowCount(r));
    // the files the read covered, as the hf:// FileSystem lists them (the plan is internal to HfIO)
    out.put(
        "files",
        FileSystems.match("hf://datasets/" + args.get("repo") + "/data/*.parquet")
            .metadata()
            .size());
    out.put("plan", HubCounters.delta(c0, c1));
    out.put("run", HubCounters.delta(c1, c2));
    // the pacing cost in this JVM (DirectRunner/Flink [local]: planning and workers are all here)
    out.put("governor", GovernorStats.snapshot());
    for (String k : new String[] {"limitResolvers", "limitWindowSeconds", "naiveResolves"}) {
      if (args.containsKey(k)) {
        out.put(k, Long.parseLong(args.get(k)));
      }
    }
  }

  private void readParquetIo(String glob) {
    Map<String, Long> c0 = counters == null ? null : counters.snapshot();
    long t0 = System.nanoTime();
    Pipeline p = Pipeline.create(options());
    p.apply(ParquetIO.read(BenchData.AVRO).from(glob))
        .apply(ParDo.of(new CountFn<GenericRecord>()));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    long t2 = System.nanoTime();
    out.put("wallMs", (t2 - t0) / 1e6);
    out.put("rows", rowCount(r));
    if (c0 != null && glob.startsWith("hf://")) {
      out.put("run", HubCounters.delta(c0, counters.snapshot()));
    }
  }

  /** parquet-java without Beam: AvroParquetReader over every local file, one thread per core. */
  private void readBare() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of(args.get("localDir")))) {
      files = s.filter(f -> f.toString().endsWith(".parquet")).sorted().toList();
    }
    int threads = Runtime.getRuntime().availableProcessors();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Long>> parts = new ArrayList<>();
    for (Path f : files) {
      parts.add(
          pool.submit(
              () -> {
                long n = 0;
                Configuration conf = new Configuration();
                try (ParquetReader<GenericRecord> reader =
                    AvroParquetReader.<GenericRecord>builder(
                            HadoopInputFile.fromPath(
                                new org.apache.hadoop.fs.Path(f.toUri()), conf))
                        .withConf(conf)
                        .build()) {
                  while (reader.read() != null) {
                    n++;
                  }
                }
                return n;
              }));
    }
    long rows = 0;
    for (Future<Long> f : parts) {
      rows += f.get();
    }
    pool.shutdown();
    out.put("wallMs", (System.nanoTime() - t0) / 1e6);
    out.put("rows", rows);
    out.put("threads", threads);
  }

  /**
   * The row numbers 0..rows-1 of the write scenarios: {@code GenerateSequence} (the default), or
   * with {@code --writeSource=ranges} in {@link #SEQUENCE_PARTS} ranges emitted by a ParDo after a
   * reshuffle of the range numbers. On Flink a {@code BoundedSource} updates the runner's metrics
   * after every record it reads (44% of the write's CPU samples once the writer is chained with
   * it), a cost of the generator that neither the bare writer nor a pipeline reading through a DoFn
   * pays; on the DirectRunner the ranges make one bundle (and so one shard) each (FINDINGS 11).
   */
  private PCollection<Long> sequence(Pipeline p) {
    long rows = Long.parseLong(args.get("rows"));
    if (!"ranges".equals(args.getOrDefault("writeSource", "sequence"))) {
      return p.apply(GenerateSequence.from(0).to(rows));
    }
    List<Integer> parts = new ArrayList<>();
    for (int i = 0; i < SEQUENCE_PARTS; i++) {
      parts.add(i);
    }
    return p.apply("Parts", Create.of(parts))
        .apply("SpreadParts", Reshuffle.viaRandomKey())
        .apply("Rows", ParDo.of(new RangeFn(rows)));
  }

  /** Ranges of row numbers the write scenarios' rows are generated in with --writeSource=ranges. */
  static final int SEQUENCE_PARTS = 64;

  /** Emits the row numbers of range {@code part} of {@link #SEQUENCE_PARTS}. */
  static final class RangeFn extends DoFn<Integer, Long> {
    private final long rows;

    RangeFn(long rows) {
      this.rows = rows;
    }

    @ProcessElement
    public void process(@Element Integer part, OutputReceiver<Long> out) {
      long per = (rows + SEQUENCE_PARTS - 1) / SEQUENCE_PARTS;
      long end = Math.min(rows, (part + 1) * per);
      for (long i = part * per; i < end; i++) {
        out.output(i);
      }
    }
  }

  private void writeHfio() {
    long seed = Long.parseLong(args.get("seed"));
    Map<String, Long> c0 = counters.snapshot();
    long t0 = System.nanoTime();
    Pipeline p = Pipeline.create(options());
    PCollection<Row> rows =
        sequence(p)
            .apply(MapElements.into(TypeDescriptors.rows()).via((Long i) -> BenchData.row(seed, i)))
            .setRowSchema(BenchData.SCHEMA);
    HfIO.Write w =
        HfIO.write()
            .to("hf://datasets/" + args.get("repo"))
            .withCreateRepo(dev.hfio.Visibility.PUBLIC);
    if (args.containsKey("maxShardBytes")) {
      w = w.withMaxShardBytes(Long.parseLong(args.get("maxShardBytes")));
    }
    HfIO.Write.Result res = rows.apply(w);
    res.getWriteResults().apply(ParDo.of(new WriteResultFn()));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    long t2 = System.nanoTime();
    out.put("wallMs", (t2 - t0) / 1e6);
    out.put("rows", counter(r, "rowsWritten"));
    out.put("bytes", counter(r, "bytes"));
    out.put("files", counter(r, "files"));
    out.put("run", HubCounters.delta(c0, counters.snapshot()));
  }

  private void writeLocal() throws IOException {
    long seed = Long.parseLong(args.get("seed"));
    Path dir = Path.of(args.get("outDir"));
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    Pipeline p = Pipeline.create(options());
    sequence(p)
        .apply(
            MapElements.into(TypeDescriptor.of(GenericRecord.class))
                .via((Long i) -> BenchData.record(seed, i)))
        .setCoder(AvroCoder.of(BenchData.AVRO))
        .apply(
            FileIO.<GenericRecord>write()
                .via(ParquetIO.sink(BenchData.AVRO))
                .to(dir.toString())
                .withSuffix(".parquet"));
    PipelineResult r = p.run();
    PipelineResult.State state = r.waitUntilFinish();
    long t2 = System.nanoTime();
    long bytes = 0;
    long files = 0;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        bytes += Files.size(f);
        files++;
      }
    }
    if (state != PipelineResult.State.DONE || files == 0) {
      // a baseline that died (e.g. OutOfMemoryError in a runner thread) must not be reported as a
      // fast write
      throw new IllegalStateException(
          "local-disk baseline write did not complete (state "
              + state
              + ", "
              + files
              + " files in "
              + dir
              + "); give the child JVMs more heap with --xmx");
    }
    out.put("wallMs", (t2 - t0) / 1e6);
    out.put("rows", Long.parseLong(args.get("rows")));
    out.put("bytes", bytes);
    out.put("files", files);
  }

  /**
   * The write limit without Beam: AvroParquetWriter (snappy, 100 MB row groups, as HfIO writes)
   * over the same rows to local disk, one file and one thread per core.
   */
  private void writeBare() throws Exception {
    long seed = Long.parseLong(args.get("seed"));
    long total = Long.parseLong(args.get("rows"));
    Path dir = Path.of(args.get("outDir"));
    Files.createDirectories(dir);
    int threads = Runtime.getRuntime().availableProcessors();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Long>> parts = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      long from = total * k / threads;
      long to = total * (k + 1) / threads;
      Path file = dir.resolve(String.format("part-%05d.parquet", k));
      parts.add(
          pool.submit(
              () -> {
                Configuration conf = new Configuration();
                try (ParquetWriter<GenericRecord> w =
                    AvroParquetWriter.<GenericRecord>builder(
                            HadoopOutputFile.fromPath(
                                new org.apache.hadoop.fs.Path(file.toUri()), conf))
                        .withSchema(BenchData.AVRO)
                        .withConf(conf)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withRowGroupSize(100L * 1000 * 1000)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .build()) {
                  for (long i = from; i < to; i++) {
                    w.write(BenchData.record(seed, i));
                  }
                }
                return Files.size(file);
              }));
    }
    long bytes = 0;
    for (Future<Long> f : parts) {
      bytes += f.get();
    }
    pool.shutdown();
    out.put("wallMs", (System.nanoTime() - t0) / 1e6);
    out.put("rows", total);
    out.put("bytes", bytes);
    out.put("files", threads);
    out.put("threads", threads);
  }

  /**
   * What users would pick instead: DuckDB's {@code read_parquet} over the same local files, every
   * column materialized chunk by chunk into JavaScript values ({@code bench/duckdb/scan.mjs}, run
   * by node; the bench script installs the pinned {@code @duckdb/node-api}).
   */
  private void readDuckdb() throws Exception {
    Path script = Path.of(args.get("duckdbScript"));
    long t0 = System.nanoTime();
    Process proc =
        new ProcessBuilder("node", script.toString(), args.get("localDir") + "/*.parquet")
            .redirectErrorStream(true)
            .start();
    String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = proc.waitFor();
    long wallNanos = System.nanoTime() - t0;
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("DUCKDB-RESULT "))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("duckdb scan failed (exit " + rc + "): " + output));
    com.fasterxml.jackson.databind.JsonNode r =
        new ObjectMapper().readTree(line.substring("DUCKDB-RESULT ".length()));
    out.put("wallMs", wallNanos / 1e6);
    out.put("scanMs", r.path("ms").asDouble());
    out.put("rows", r.path("rows").asLong());
    out.put("threads", r.path("threads").asLong());
    out.put("duckdbVersion", r.path("version").asText());
  }

  private static long rowCount(PipelineResult r) {
    return counter(r, "rows");
  }

  private static long counter(PipelineResult r, String name) {
    long sum = 0;
    for (MetricResult<Long> m :
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("bench", name))
                    .build())
            .getCounters()) {
      sum += m.getAttempted();
    }
    return sum;
  }
}
