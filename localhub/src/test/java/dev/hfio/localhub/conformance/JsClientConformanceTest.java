package dev.hfio.localhub.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hfio.localhub.LocalHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the official JavaScript client ({@code @huggingface/hub}, pinned in {@code
 * src/test/js/package.json}) against an embedded localhub, so localhub is checked against what a
 * real Hub client sends and needs, not against our own reading of the protocol. The scenarios live
 * in {@code src/test/js/tests/*.test.mjs}; the client's protocol is summarised in {@code
 * src/test/js/CLIENT-NOTES.md}.
 *
 * <p>Node is required in CI ({@code CI} set); elsewhere the test is skipped when {@code node} is
 * not on the PATH. The npm dependencies are installed by the build ({@code exec-maven-plugin},
 * phase {@code generate-test-resources}).
 */
class JsClientConformanceTest {

  private static final long TIMEOUT_MINUTES = 5;

  private static final int PAGE_SIZE = 3;

  /**
   * Size of the upload that must go through LFS multipart: above localhub's default 16 MiB chunk
   * size.
   */
  private static final long MULTIPART_BYTES = 40L * 1024 * 1024;

  /**
   * Runs every script once against one embedded hub, then reports each node test case as its own
   * JUnit test (from node's TAP output), plus one test for node's exit status so crashes outside
   * any case still fail the build.
   */
  @TestFactory
  List<DynamicTest> officialJsClientAgainstLocalHub() throws Exception {
    Path jsDir = jsDir();
    String node = NodeProcess.nodeOrNull("the @huggingface/hub conformance tests");
    if (node == null) {
      // A visible skipped test rather than an aborted factory, which surefire would not count at
      // all.
      return List.of(
          DynamicTest.dynamicTest(
              "node not available",
              () ->
                  Assumptions.abort(
                      "node not found on PATH (or -Dhfio.node); skipping @huggingface/hub conformance (required when CI is set)")));
    }
    Path clientPackage = jsDir.resolve("node_modules/@huggingface/hub/package.json");
    assertTrue(
        Files.isRegularFile(clientPackage),
        "@huggingface/hub is not installed in "
            + jsDir
            + "; run `mvn -pl localhub generate-test-resources` "
            + "(it runs `npm ci` there)");
    Path tap = Files.createTempFile("hfio-js-conformance", ".tap");
    try {
      List<String> command =
          new ArrayList<>(
              List.of(
                  node,
                  "--test",
                  "--test-concurrency=1",
                  "--test-reporter=spec",
                  "--test-reporter-destination=stdout",
                  "--test-reporter=tap",
                  "--test-reporter-destination=" + tap));
      try (Stream<Path> tests = Files.list(jsDir.resolve("tests"))) {
        tests
            .map(p -> jsDir.relativize(p).toString())
            .filter(p -> p.endsWith(".test.mjs"))
            .sorted()
            .forEach(command::add);
      }
      NodeRun run = runNode(command, jsDir);
      List<TapResults.Case> cases =
          TapResults.parse(NodeProcess.redact(Files.readString(tap), run.secrets));
      List<DynamicTest> tests = new ArrayList<>();
      for (TapResults.Case c : cases) {
        tests.add(
            DynamicTest.dynamicTest(
                c.name(),
                () -> {
                  Assumptions.assumeFalse(c.skipped(), "skipped in node: " + c.name());
                  if (!c.passed()) {
                    fail(
                        c.name()
                            + " failed against localhub (see src/test/js/SERVER-FINDINGS.md and CLIENT-NOTES.md):\n"
                            + c.details());
                  }
                }));
      }
      boolean someCaseFailed = cases.stream().anyMatch(c -> !c.passed());
      tests.add(
          DynamicTest.dynamicTest(
              "node --test exit status",
              () -> {
                if (run.timedOut) {
                  fail(
                      "node --test did not finish within "
                          + TIMEOUT_MINUTES
                          + " minutes. Output so far:\n"
                          + run.output);
                }
                // A non-zero exit is expected when a case failed (reported above); otherwise node
                // itself broke.
                if (run.exitCode != 0 && !someCaseFailed) {
                  fail(
                      "node --test exited "
                          + run.exitCode
                          + " with no failing case. Node output:\n"
                          + run.output);
                }
                assertTrue(!cases.isEmpty(), "node reported no test cases. Output:\n" + run.output);
              }));
      return tests;
    } finally {
      Files.deleteIfExists(tap);
    }
  }

  /** What one node run produced. */
  private static final class NodeRun {
    String output;
    int exitCode;
    boolean timedOut;
    List<String> secrets;
  }

  private static NodeRun runNode(List<String> command, Path jsDir) throws Exception {
    // A tiny page size so every listing the scripts make crosses pages (absolute Link rel="next"
    // headers).
    try (LocalHub hub = LocalHub.builder().port(0).pageSize(PAGE_SIZE).start()) {
      NodeRun run = new NodeRun();
      run.secrets = List.of(hub.writeToken(), hub.readToken(), hub.adminToken());
      Map<String, String> env =
          Map.of(
              "HUB_URL",
              hub.url(),
              "HF_WRITE_TOKEN",
              hub.writeToken(),
              "HF_READ_TOKEN",
              hub.readToken(),
              "HF_ADMIN_TOKEN",
              hub.adminToken(),
              "HF_NAMESPACE",
              "dev",
              "HF_MULTIPART_BYTES",
              Long.toString(MULTIPART_BYTES),
              "HF_PAGE_SIZE",
              Integer.toString(PAGE_SIZE),
              "NO_COLOR",
              "1");
      NodeProcess.Result r =
          NodeProcess.run(
              command, jsDir, env, run.secrets, Duration.ofMinutes(TIMEOUT_MINUTES), "node");
      run.output = r.output();
      run.exitCode = r.exitCode();
      run.timedOut = r.timedOut();
      return run;
    }
  }

  private static Path jsDir() {
    Path dir = NodeProcess.moduleDir().resolve("src/test/js");
    assertTrue(
        Files.isDirectory(dir.resolve("tests")), "JS conformance scripts not found under " + dir);
    return dir.toAbsolutePath();
  }
}
