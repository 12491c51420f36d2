package dev.hfio.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link Scenario} in a fresh JVM with this JVM's classpath and {@code --add-opens} flags,
 * a fixed {@code -Xmx} and optionally a JFR recording; the child's output goes to a log file, its
 * result line is parsed.
 */
final class ChildJvm {
  private final String xmx;
  private final Path logDir;
  private final Map<String, String> env;

  ChildJvm(String xmx, Path logDir, Map<String, String> env) {
    this.xmx = xmx;
    this.logDir = logDir;
    this.env = env;
  }

  JsonNode run(String label, Path jfr, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + xmx);
    cmd.add("-Xms" + xmx);
    // Touch the whole heap at start, before anything is timed. On a fresh VM the first touch of a
    // page is expensive (2026-12-04: the bare scan, always measured first, spent 47% of its CPU in
    // the kernel and the HfIO read after it 8%; a rerun on the warmed VM gave 14% and 16%), so
    // without this the measurement order decides part of each ratio.
    cmd.add("-XX:+AlwaysPreTouch");
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens")) {
        cmd.add(a);
      }
    }
    if (jfr != null) {
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Scenario.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Files.createDirectories(logDir);
    Path log = logDir.resolve(label + ".log");
    Process proc = pb.start();
    JsonNode result = null;
    try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = r.readLine()) != null) {
        w.println(line);
        if (line.startsWith(Scenario.RESULT_PREFIX)) {
          result = new ObjectMapper().readTree(line.substring(Scenario.RESULT_PREFIX.length()));
        }
      }
    }
    int rc = proc.waitFor();
    if (rc != 0 || result == null) {
      throw new IllegalStateException(
          "benchmark child '" + label + "' failed (exit " + rc + "); see " + log);
    }
    return result;
  }
}
