package dev.hfio.localhub.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hfio.localhub.LocalHub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the official JavaScript client ({@code @huggingface/hub}, pinned in {@code src/test/js/package.json}) against an
 * embedded localhub, so localhub is checked against what a real Hub client sends and needs, not against our own reading
 * of the protocol. The scenarios live in {@code src/test/js/tests/*.test.mjs}; the client's protocol is summarised in
 * {@code src/test/js/CLIENT-NOTES.md}.
 *
 * <p>Node is required in CI ({@code CI} set); elsewhere the test is skipped when {@code node} is not on the PATH. The
 * npm dependencies are installed by the build ({@code exec-maven-plugin}, phase {@code generate-test-resources}).
 */
class JsClientConformanceTest {

  private static final long TIMEOUT_MINUTES = 5;

  private static final int PAGE_SIZE = 3;

  /** Size of the upload expected to go through LFS multipart; must exceed localhub's default multipart chunk size (16 MiB). */
  private static final long MULTIPART_BYTES = 40L * 1024 * 1024;

  @Test
  void officialJsClientWorksAgainstLocalHub() throws Exception {
    Path jsDir = jsDir();
    String node = nodeOrSkip();
    Path clientPackage = jsDir.resolve("node_modules/@huggingface/hub/package.json");
    assertTrue(Files.isRegularFile(clientPackage),
        "@huggingface/hub is not installed in " + jsDir + "; run `mvn -pl localhub generate-test-resources` "
            + "(it runs `npm ci` there)");
    List<String> command = new ArrayList<>(List.of(
        node, "--test", "--test-reporter=spec", "--test-concurrency=1"));
    try (Stream<Path> tests = Files.list(jsDir.resolve("tests"))) {
      tests.map(p -> jsDir.relativize(p).toString())
          .filter(p -> p.endsWith(".test.mjs"))
          .sorted()
          .forEach(command::add);
    }

    // A tiny page size so every listing the scripts make crosses pages (absolute Link rel="next" headers).
    try (LocalHub hub = LocalHub.builder().port(0).pageSize(PAGE_SIZE).start()) {
      List<String> secrets = List.of(hub.writeToken(), hub.readToken(), hub.adminToken());
      ProcessBuilder pb = new ProcessBuilder(command).directory(jsDir.toFile()).redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      // The client must only see the tokens we hand it.
      env.keySet().removeIf(k -> k.startsWith("HF_") || k.startsWith("HUGGING_FACE_"));
      env.put("HUB_URL", hub.url());
      env.put("HF_WRITE_TOKEN", hub.writeToken());
      env.put("HF_READ_TOKEN", hub.readToken());
      env.put("HF_NAMESPACE", "dev");
      env.put("HF_MULTIPART_BYTES", Long.toString(MULTIPART_BYTES));
      env.put("HF_PAGE_SIZE", Integer.toString(PAGE_SIZE));
      env.put("NO_COLOR", "1");

      Process process = pb.start();
      StringBuilder output = new StringBuilder();
      Thread pump = new Thread(() -> pump(process, output, secrets), "node-output");
      pump.start();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        pump.join(5_000);
        fail("node --test did not finish within " + TIMEOUT_MINUTES + " minutes against " + hub.url()
            + ". Output so far:\n" + output);
      }
      pump.join(10_000);
      int exit = process.exitValue();
      if (exit != 0) {
        fail("@huggingface/hub conformance failed (node exit " + exit + "); see src/test/js/CLIENT-NOTES.md for what "
            + "the client needs. Node output:\n" + output);
      }
    }
  }

  /** Copies node's output line by line to the test log and to {@code sink}, with tokens redacted. */
  private static void pump(Process process, StringBuilder sink, List<String> secrets) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        for (String secret : secrets) {
          line = line.replace(secret, "<redacted>");
        }
        System.out.println("[node] " + line);
        synchronized (sink) {
          sink.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      synchronized (sink) {
        sink.append("[reading node output failed: ").append(e).append("]\n");
      }
    }
  }

  private static Path jsDir() {
    String basedir = System.getProperty("basedir");
    Path module = basedir != null ? Paths.get(basedir) : Paths.get("").toAbsolutePath();
    Path dir = module.resolve("src/test/js");
    if (!Files.isDirectory(dir)) {
      dir = module.resolve("localhub/src/test/js");
    }
    assertTrue(Files.isDirectory(dir.resolve("tests")), "JS conformance scripts not found under " + dir);
    return dir.toAbsolutePath();
  }

  /** Returns the node executable; skips outside CI when it is absent, fails in CI. */
  private static String nodeOrSkip() throws InterruptedException {
    String node = "node";
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
        fail("node is required in CI (CI is set) to run the @huggingface/hub conformance tests, but `node --version` "
            + "failed; install Node.js 20+");
      }
      Assumptions.abort("node not found on PATH; skipping @huggingface/hub conformance (required when CI is set)");
    }
    int major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    assertTrue(major >= 20, "Node.js 20+ is required for the conformance scripts, found " + version);
    return node;
  }
}
