package dev.hfio.localhub.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node programs of the conformance tests (our scripts, the client's own spec files): finds
 * node (skipped outside CI when it is absent, required in CI), starts a process with no inherited
 * {@code HF_*} variables, copies its output to the test log with the hub's tokens redacted, and
 * kills the whole process tree on a timeout.
 */
final class NodeProcess {
  private NodeProcess() {}

  /** What one run produced; {@code exitCode} is -1 when it timed out. */
  record Result(String output, int exitCode, boolean timedOut) {}

  /** The localhub module directory, whether Maven runs from the root or from the module. */
  static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    Path module = basedir != null ? Paths.get(basedir) : Paths.get("").toAbsolutePath();
    return Files.isDirectory(module.resolve("src/test/js")) ? module : module.resolve("localhub");
  }

  /**
   * node on the PATH (or {@code -Dhfio.node}), Node.js 20 or newer; null when it is absent outside
   * CI; fails when it is absent in CI (CI is set), naming {@code purpose}.
   */
  static String nodeOrNull(String purpose) throws InterruptedException {
    String node = System.getProperty("hfio.node", "node");
    String version = null;
    try {
      Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        version = new String(out, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      version = null;
    }
    boolean ci = System.getenv("CI") != null && !System.getenv("CI").isEmpty();
    if (version == null) {
      if (ci) {
        fail(
            "node is required in CI (CI is set) to run "
                + purpose
                + ", but `node --version` failed; install"
                + " Node.js 20+");
      }
      return null;
    }
    int major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    assertTrue(major >= 20, "Node.js 20+ is required for " + purpose + ", found " + version);
    return node;
  }

  /**
   * Runs {@code command} in {@code dir} with the environment minus every {@code HF_*}/{@code
   * HUGGING_FACE_*} variable plus {@code env}; its output goes to the log prefixed with {@code
   * [label]}, {@code secrets} redacted.
   */
  static Result run(
      List<String> command,
      Path dir,
      Map<String, String> env,
      List<String> secrets,
      Duration timeout,
      String label)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> environment = pb.environment();
    environment
        .keySet()
        .removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGING_FACE_")); // only our tokens
    environment.putAll(env);
    Process process = pb.start();
    StringBuilder output = new StringBuilder();
    Thread pump = new Thread(() -> pump(process, output, secrets, label), label + "-output");
    pump.start();
    boolean timedOut = !process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (timedOut) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    pump.join(10_000);
    synchronized (output) {
      return new Result(output.toString(), timedOut ? -1 : process.exitValue(), timedOut);
    }
  }

  static String redact(String text, List<String> secrets) {
    for (String secret : secrets) {
      text = text.replace(secret, "<redacted>");
    }
    return text;
  }

  private static void pump(
      Process process, StringBuilder sink, List<String> secrets, String label) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        line = redact(line, secrets);
        System.out.println("[" + label + "] " + line);
        synchronized (sink) {
          sink.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      synchronized (sink) {
        sink.append("[reading ").append(label).append(" output failed: ").append(e).append("]\n");
      }
    }
  }
}
