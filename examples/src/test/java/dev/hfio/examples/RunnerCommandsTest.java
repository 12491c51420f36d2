package dev.hfio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.HfIO;
import dev.hfio.localhub.LocalHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command of {@code examples/README.md} that sits in a code block marked {@code <!--
 * runner-commands -->}, exactly as written, each in its own JVM ({@code java -jar
 * examples/target/hfio-examples-<runner>.jar ...} from the repository root, no JVM flags added):
 * the README and this test share one source of truth. {@code export HF_ENDPOINT=... HF_TOKEN=...}
 * lines of a block apply to the block's later commands, with the values of a localhub this test
 * starts; every other variable of a block is taken as written. A command passes when it exits 0 and
 * its output holds the text of its {@code # expect:} comment, if any; a CopyDataset command's
 * destination must then hold as many rows as its source split.
 *
 * <p>It needs the runnable jars, so it runs in the {@code runner-commands} surefire execution at
 * {@code verify} (after {@code package}) of a build with {@code -Drunner-jars}; elsewhere it is
 * skipped by an assumption.
 */
class RunnerCommandsTest {
  private static final String MARKER = "<!-- runner-commands -->";
  private static final long TIMEOUT_SECONDS = 240;

  @TempDir static Path tmp;
  static LocalHub hub;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("hfio.runnerCommands"),
        "runs in the runner-commands execution of a -Drunner-jars build");
    hub = LocalHub.builder().host("127.0.0.1").port(0).start();
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  /** One dynamic test per README command, in README order (later commands may use earlier ones). */
  @TestFactory
  Stream<DynamicTest> readmeCommandsRunAsWritten() throws IOException {
    List<Command> commands = commands(Files.readString(Path.of("README.md")));
    assertThat(commands)
        .as("runner commands in examples/README.md")
        .extracting(Command::jar)
        .contains(
            "examples/target/hfio-examples-direct.jar",
            "examples/target/hfio-examples-flink.jar",
            "examples/target/hfio-examples-spark.jar");
    return commands.stream()
        .map(c -> DynamicTest.dynamicTest(String.join(" ", c.argv()), () -> run(c)));
  }

  /**
   * Each runnable jar opens to ALL-UNNAMED exactly the packages of the parent pom's hfio.addOpens.
   */
  @Test
  void jarManifestsCarryTheAddOpensOfThePom() throws IOException {
    List<String> expected =
        Arrays.stream(System.getProperty("hfio.addOpens", "").trim().split("\\s+"))
            .filter(s -> !s.isEmpty())
            .map(s -> s.replace("--add-opens=", "").replace("=ALL-UNNAMED", ""))
            .collect(Collectors.toList());
    assertThat(expected).as("hfio.addOpens passed by surefire").isNotEmpty();
    for (String runner : List.of("direct", "flink", "spark")) {
      try (JarFile jar =
          new JarFile(Path.of("target", "hfio-examples-" + runner + ".jar").toFile())) {
        Attributes a = jar.getManifest().getMainAttributes();
        assertThat(a.getValue("Main-Class")).isEqualTo(Run.class.getName());
        assertThat(Arrays.asList(a.getValue("Add-Opens").trim().split("\\s+")))
            .as(runner + " jar Add-Opens")
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(jar.getEntry("META-INF/services/org.apache.beam.sdk.io.FileSystemRegistrar"))
            .as("merged FileSystem registrars in the " + runner + " jar")
            .isNotNull();
        String registrars =
            new String(
                jar.getInputStream(
                        jar.getEntry(
                            "META-INF/services/org.apache.beam.sdk.io.FileSystemRegistrar"))
                    .readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(registrars)
            .contains("dev.hfio.")
            .contains("org.apache.beam.sdk.io.LocalFileSystemRegistrar");
      }
    }
  }

  private static void run(Command c) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(c.argv());
    argv.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path log = Files.createTempFile(tmp, "command-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .directory(Path.of("..").toAbsolutePath().normalize().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    for (String k : List.of("HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH")) {
      env.remove(k);
    }
    env.put("HF_HOME", tmp.resolve("hf-home").toString()); // no developer token file
    env.putAll(c.env());
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(log);
    System.out.printf(
        "RUNNER-COMMAND %.1f s exit %s: %s%n",
        (System.nanoTime() - t0) / 1e9,
        done ? p.exitValue() : "timeout",
        String.join(" ", c.argv()));
    String tail = out.length() > 6000 ? "..." + out.substring(out.length() - 6000) : out;
    assertThat(done).as("finished within " + TIMEOUT_SECONDS + " s\n" + tail).isTrue();
    assertThat(p.exitValue()).as("exit code\n" + tail).isZero();
    if (c.expect() != null) {
      assertThat(out).as("output").contains(c.expect());
    }
    if (c.argv().contains("CopyDataset")) {
      // the command only exits 0: check that the copy holds the rows of its source split
      String split = option(c, "--split");
      assertThat(count(option(c, "--destination"), split))
          .isEqualTo(count(option(c, "--source"), split))
          .isPositive();
    }
  }

  /** The commands of the marked blocks, with the exports in effect for each. */
  static List<Command> commands(String readme) {
    List<Command> out = new ArrayList<>();
    String[] lines = readme.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].trim().equals(MARKER)) {
        continue;
      }
      int start = i + 1;
      if (start >= lines.length || !lines[start].startsWith("```")) {
        throw new IllegalStateException(
            MARKER + " must be followed by a code block (line " + i + ")");
      }
      Map<String, String> env = new LinkedHashMap<>();
      StringBuilder logical = new StringBuilder();
      for (int j = start + 1; j < lines.length && !lines[j].startsWith("```"); j++) {
        String line = lines[j];
        if (line.endsWith("\\")) {
          logical.append(line, 0, line.length() - 1).append(' ');
          continue;
        }
        logical.append(line);
        String full = logical.toString().trim();
        logical.setLength(0);
        String expect = null;
        int hash = full.indexOf(" #");
        if (full.startsWith("#")) {
          continue;
        }
        if (hash >= 0) {
          String comment = full.substring(hash + 2).trim();
          if (comment.startsWith("expect:")) {
            expect = comment.substring("expect:".length()).trim();
          }
          full = full.substring(0, hash).trim();
        }
        if (full.startsWith("export ")) {
          for (String kv : full.substring("export ".length()).trim().split("\\s+")) {
            String k = kv.substring(0, kv.indexOf('='));
            String asWritten = kv.substring(kv.indexOf('=') + 1);
            // without this test's localhub (RunnerMatrixTest only parses), the values as written
            env.put(
                k,
                hub == null
                    ? asWritten
                    : switch (k) {
                      case "HF_ENDPOINT" -> hub.url();
                      case "HF_TOKEN" -> hub.writeToken();
                      default -> asWritten;
                    });
          }
        } else if (full.startsWith("java -jar ")) {
          out.add(new Command(Arrays.asList(full.split("\\s+")), Map.copyOf(env), expect));
        }
      }
    }
    return out;
  }

  /** A README command: argv as written, the block's exports before it, the expected output. */
  record Command(List<String> argv, Map<String, String> env, String expect) {
    String jar() {
      return argv.get(2);
    }
  }

  private static String option(Command c, String name) {
    return c.argv().stream()
        .filter(a -> a.startsWith(name + "="))
        .map(a -> a.substring(name.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing in " + c.argv()));
  }

  private static final Counter ROWS = Metrics.counter(RunnerCommandsTest.class, "rows");

  private static long count(String repoId, String split) {
    Pipeline p =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs(
                    "--hfEndpoint=" + hub.url(), "--hfToken=" + hub.writeToken())
                .as(ExampleOptions.class));
    p.apply(HfIO.read().from(repoId).withSplit(split))
        .apply(
            ParDo.of(
                new DoFn<Row, Void>() {
                  @ProcessElement
                  public void process(@Element Row r) {
                    ROWS.inc();
                  }
                }));
    PipelineResult result = p.run();
    assertThat(result.waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    long total = 0;
    for (MetricResult<Long> m :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(RunnerCommandsTest.class, "rows"))
                    .build())
            .getCounters()) {
      total += m.getAttempted();
    }
    return total;
  }
}
