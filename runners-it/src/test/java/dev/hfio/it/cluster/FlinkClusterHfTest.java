package dev.hfio.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.examples.HubConnection;
import dev.hfio.examples.Quickstart;
import dev.hfio.examples.QuickstartOptions;
import dev.hfio.fs.HfOptions;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.localhub.LocalHub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HfIO on a multi-process Flink session cluster (one JobManager and two TaskManager JVMs, see
 * {@link FlinkSessionCluster}): the job is submitted from this JVM with {@code
 * --flinkMaster=127.0.0.1:<rest port>} and the project's classes staged as jars, so transforms,
 * coders, options and the hf:// FileSystem registration must survive serialization into another JVM
 * and Flink's child-first user-code class loader; the TaskManagers reach the localhub embedded in
 * this JVM over 127.0.0.1. Prints FLINK-CLUSTER lines with start and job times.
 */
@Tag("flink-cluster")
class FlinkClusterHfTest {
  @TempDir static Path tmp;
  static FlinkSessionCluster cluster;
  static LocalHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = LocalHub.builder().host("127.0.0.1").port(0).start();
    long t0 = System.nanoTime();
    cluster = FlinkSessionCluster.start(tmp.resolve("flink-home"), 2);
    System.out.printf(
        "FLINK-CLUSTER start: JobManager + 2 TaskManagers registered in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
      assertThat(cluster.livePids()).as("no Flink JVM outlives the test").isEmpty();
    }
    if (hub != null) {
      hub.close();
    }
  }

  /**
   * The quickstart (HfIO.write of the whole dataset and of three split directories, HfIO.read of
   * everything and each split, checked through Beam metrics, which come back as Flink accumulators)
   * with every task on the TaskManagers; sampled rows print in their logs.
   */
  @Test
  void quickstartWriteThenReadOnTaskManagers() throws Exception {
    QuickstartOptions o =
        options("--repoId=dev/flink-cluster-quickstart", "--rows=2000").as(QuickstartOptions.class);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Quickstart.Report report;
    long finishedBefore = finishedJobs();
    long t0 = System.nanoTime();
    try (HubConnection connection = HubConnection.open(o, out)) {
      report = Quickstart.run(o, connection.client(), out);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + buf + cluster.diagnostics(), e);
    }
    System.out.printf(
        "FLINK-CLUSTER quickstart: 3 jobs (2 writes, 1 read) in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    assertThat(report.read()).as(buf.toString(StandardCharsets.UTF_8)).isEqualTo(report.expected());
    assertThat(report.read().get("all").rows()).isEqualTo(2000);
    assertThat(cluster.taskManagerLogs()).containsPattern("row: id=\\d+ label=[01] text=Review ");
    assertThat(finishedJobs() - finishedBefore)
        .as("jobs that ran on the session cluster")
        .isGreaterThanOrEqualTo(3); // whole dataset, splits, reads
  }

  /**
   * The runnable Flink jar of the examples ({@code -Pflink} / {@code -Drunner-jars}, see
   * examples/README.md) submits the quickstart to this cluster by {@code java -jar} with no other
   * flag than {@code --flinkMaster}: the jar stages itself (Beam's default {@code filesToStage} is
   * the JVM's classpath, here that one jar). Skipped when the jar was not built.
   */
  @Test
  void runnableFlinkJarRunsTheQuickstartOnTheCluster() throws Exception {
    Path jar = Path.of("..", "examples", "target", "hfio-examples-flink.jar").toAbsolutePath();
    Assumptions.assumeTrue(Files.isRegularFile(jar), jar + " is built by -Pflink or -Drunner-jars");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString(),
            "Quickstart",
            "--runner=FlinkRunner",
            "--flinkMaster=" + cluster.master(),
            "--parallelism=2",
            "--hfEndpoint=" + hub.url(),
            "--hfToken=" + hub.writeToken(),
            "--repoId=dev/flink-cluster-jar",
            "--rows=500");
    Path log = tmp.resolve("runnable-jar.log");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    for (String k : List.of("HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH")) {
      pb.environment().remove(k);
    }
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean done = p.waitFor(5, TimeUnit.MINUTES);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(log);
    System.out.printf(
        "FLINK-CLUSTER runnable jar: quickstart by java -jar in %.1f s%n",
        (System.nanoTime() - t0) / 1e9);
    assertThat(done && p.exitValue() == 0)
        .as("java -jar exited 0 within 5 min\n" + out + cluster.diagnostics())
        .isTrue();
    assertThat(out).contains("Round trip OK");
  }

  /**
   * Rows of every type HfIO writes (logical types, decimals, nested rows, arrays, maps, nulls) are
   * written by TaskManagers and read back by TaskManagers; each read row is compared with the
   * written one on the worker that read it, and the worker also reports that HfIO's classes came
   * from Flink's user-code class loader (the staged jars), not from its system classpath.
   */
  @Test
  void rowsOfEveryTypeRoundTripExactlyAcrossJvms() throws Exception {
    // -Dhfio.flinkCluster.roundTrips=N repeats the round trip on the same cluster (flaky hunts)
    int roundTrips = Integer.getInteger("hfio.flinkCluster.roundTrips", 1);
    for (int k = 0; k < roundTrips; k++) {
      roundTripOfEveryType("dev/flink-cluster-all-types" + (k == 0 ? "" : "-" + k));
    }
  }

  private void roundTripOfEveryType(String repo) throws Exception {
    int n = 300;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(i));
    }
    long t0 = System.nanoTime();
    Pipeline write = Pipeline.create(options());
    write
        .apply(Create.of(rows).withRowSchema(ALL))
        .apply(
            HfIO.write()
                .to(repo)
                .withSplit("train")
                .withNumShards(3)
                .withCreateRepo(Visibility.PUBLIC));
    run(write);
    double writeSeconds = (System.nanoTime() - t0) / 1e9;

    // The files as the TaskManagers wrote them, read back in this JVM: a mismatch here is on the
    // write side, one only in the cluster read below is on the read side.
    Pipeline local = Pipeline.create(directOptions());
    PAssert.that(
            "rows written by the TaskManagers, read back in the test JVM (Direct runner)",
            local
                .apply(HfIO.read().from(repo).withSplit("train"))
                .apply(ParDo.of(new CompareFn()))
                .apply(ParDo.of(new KeepPrefixFn("mismatch"))))
        .empty();
    assertThat(local.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);

    t0 = System.nanoTime();
    Pipeline read = Pipeline.create(options());
    PCollection<String> checked =
        read.apply(HfIO.read().from(repo).withSplit("train")).apply(ParDo.of(new CompareFn()));
    PAssert.that(checked.apply("Mismatches", ParDo.of(new KeepPrefixFn("mismatch")))).empty();
    PAssert.that(checked.apply("Loaders", ParDo.of(new KeepPrefixFn("loader"))))
        .satisfies(
            loaders -> {
              List<String> all = new ArrayList<>();
              loaders.forEach(all::add);
              assertThat(all).hasSize(n).allMatch(s -> s.equals("loader: user-code"));
              return null;
            });
    PAssert.thatSingleton(checked.apply(Count.globally()))
        .isEqualTo((long) n); // one loader line per row, no mismatch line
    run(read);
    System.out.printf(
        "FLINK-CLUSTER all types: %d rows written in %.1f s, read and compared in %.1f s%n",
        n, writeSeconds, (System.nanoTime() - t0) / 1e9);
  }

  private static long finishedJobs() throws Exception {
    return java.util.regex.Pattern.compile("\"state\":\"FINISHED\"")
        .matcher(cluster.rest("/jobs/overview"))
        .results()
        .count();
  }

  private static void run(Pipeline p) {
    try {
      assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("cluster job failed\n" + cluster.diagnostics(), e);
    }
  }

  /** The Direct runner in this JVM, pointed at the hub. */
  private static org.apache.beam.sdk.options.PipelineOptions directOptions() {
    org.apache.beam.sdk.options.PipelineOptions o =
        PipelineOptionsFactory.fromArgs(
                "--hfEndpoint=" + hub.url(), "--hfToken=" + hub.writeToken())
            .create();
    o.setRunner(org.apache.beam.runners.direct.DirectRunner.class);
    return o;
  }

  private static FlinkPipelineOptions options(String... extra) {
    PipelineOptionsFactory.register(HfOptions.class);
    List<String> args = new ArrayList<>();
    args.add("--hfEndpoint=" + hub.url());
    args.add("--hfToken=" + hub.writeToken());
    args.addAll(Arrays.asList(extra));
    FlinkPipelineOptions o =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster(cluster.master());
    o.setParallelism(2);
    o.setFilesToStage(
        cluster.projectJars().stream().map(Path::toString).collect(Collectors.toList()));
    return o;
  }

  /**
   * For each read row: a "mismatch: ..." line if it differs from the row written with its id, and
   * where HfIO's classes were loaded from on this worker.
   */
  static final class CompareFn extends DoFn<Row, String> {
    @ProcessElement
    public void process(@Element Row read, OutputReceiver<String> out) {
      Row rebased = Row.withSchema(ALL).attachValues(new ArrayList<>(read.getValues()));
      int i = rebased.getInt32("i32") / 1_000_003;
      Row expected = row(i);
      if (!expected.equals(rebased)) {
        out.output("mismatch: row " + i + ":" + differences(rebased, expected));
      }
      ClassLoader loader = HfIO.class.getClassLoader();
      out.output(
          loader == ClassLoader.getSystemClassLoader()
              ? "loader: system (" + loader + ")"
              : "loader: user-code");
    }
  }

  /** The fields in which two rows of {@link #ALL} differ, byte arrays shown byte by byte. */
  static String differences(Row read, Row expected) {
    StringBuilder b = new StringBuilder();
    for (int f = 0; f < ALL.getFieldCount(); f++) {
      Object r = read.getValue(f);
      Object e = expected.getValue(f);
      if (!Row.Equals.deepEquals(r, e, ALL.getField(f).getType())) {
        b.append(" field ")
            .append(ALL.getField(f).getName())
            .append(" read ")
            .append(r instanceof byte[] rb ? Arrays.toString(rb) : String.valueOf(r))
            .append(" expected ")
            .append(e instanceof byte[] eb ? Arrays.toString(eb) : String.valueOf(e))
            .append(';');
      }
    }
    return b.toString();
  }

  static final class KeepPrefixFn extends DoFn<String, String> {
    private final String prefix;

    KeepPrefixFn(String prefix) {
      this.prefix = prefix;
    }

    @ProcessElement
    public void process(@Element String s, OutputReceiver<String> out) {
      if (s.startsWith(prefix)) {
        out.output(s);
      }
    }
  }

  static final Schema INNER =
      Schema.builder().addStringField("name").addNullableField("score", FieldType.DOUBLE).build();

  static final Schema ALL =
      Schema.builder()
          .addField("b", FieldType.BOOLEAN)
          .addField("i8", FieldType.BYTE)
          .addField("i16", FieldType.INT16)
          .addField("i32", FieldType.INT32)
          .addField("i64", FieldType.INT64)
          .addField("f", FieldType.FLOAT)
          .addField("d", FieldType.DOUBLE)
          .addNullableField("s", FieldType.STRING)
          .addNullableField("bytes", FieldType.BYTES)
          .addField("fixed", FieldType.logicalType(FixedBytes.of(4)))
          .addField(ParquetSchemas.withDecimal(Field.of("dec", FieldType.DECIMAL), 12, 3))
          .addNullableField("date", FieldType.logicalType(SqlTypes.DATE))
          .addField("time", FieldType.logicalType(SqlTypes.TIME))
          .addField("tsMillis", FieldType.DATETIME)
          .addField("tsMicros", FieldType.logicalType(SqlTypes.TIMESTAMP))
          .addField("tsNanos", FieldType.logicalType(new NanosInstant()))
          .addNullableField("inner", FieldType.row(INNER))
          .addField("ints", FieldType.array(FieldType.INT32))
          .addField("maybeStrings", FieldType.array(FieldType.STRING.withNullable(true)))
          .addNullableField("rows", FieldType.array(FieldType.row(INNER)))
          .addField("nested", FieldType.array(FieldType.array(FieldType.INT64)))
          .addField("map", FieldType.map(FieldType.STRING, FieldType.INT32.withNullable(true)))
          .build();

  /** Row {@code i} (its id is {@code i32 / 1_000_003}), every nullable field null in some rows. */
  static Row row(int i) {
    boolean odd = i % 2 == 1;
    Map<String, Integer> map = new HashMap<>();
    if (i % 6 != 0) {
      map.put("key" + i, -i);
      map.put("none", null);
    }
    return Row.withSchema(ALL)
        .addValues(
            odd,
            (byte) (i % 250 - 125),
            (short) (i * 211 - 31000),
            i * 1_000_003,
            (long) i * 9_000_000_011L - 7,
            i * 0.75f,
            i / 7.0,
            odd ? null : "text-" + (i % 11) + "-ü",
            odd ? new byte[] {(byte) i, -1, 0, 42} : null,
            new byte[] {(byte) (i >> 8), (byte) i, 7, -7},
            new BigDecimal(i * 7919L - 100_000).movePointLeft(3),
            i % 3 == 0 ? null : LocalDate.of(1950 + i % 120, 1 + i % 12, 1 + i % 28),
            LocalTime.ofNanoOfDay((i * 3_600_000_123L) % 86_400_000_000_000L),
            new org.joda.time.Instant(1_650_000_000_000L - i * 86_400_123L),
            Instant.ofEpochSecond(1_500_000_000L + i * 77_777L, (i * 1000L) % 1_000_000_000L),
            Instant.ofEpochSecond(-100 + i, i * 13L),
            i % 4 == 0
                ? null
                : Row.withSchema(INNER).addValues("n" + i, i % 5 == 0 ? null : i * 0.5).build(),
            i % 5 == 0 ? List.of() : List.of(i, -i, i * 2),
            Arrays.asList("x", null, "y" + i),
            i % 7 == 3
                ? null
                : List.of(
                    Row.withSchema(INNER).addValues("a", 1.5).build(),
                    Row.withSchema(INNER).addValues("b" + i, null).build()),
            List.of(List.of((long) i), List.of(), List.of(1L, 2L, 3L)),
            map)
        .build();
  }
}
