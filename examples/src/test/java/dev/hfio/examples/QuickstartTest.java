package dev.hfio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link Quickstart#main} exactly as a user would (no Hub flags: embedded localhub) and checks
 * its story.
 */
class QuickstartTest {

  @Test
  void mainWritesReadsAndVerifiesAgainstEmbeddedLocalhub(@TempDir Path data) throws Exception {
    String output = runMain("--localhubData=" + data, "--rows=200");

    assertThat(output)
        .contains("started an embedded localhub at http://127.0.0.1:")
        .contains("1. Create the dataset repository: ")
        .contains("2. Write the whole dataset (200 rows) to hf://datasets/dev/my_dataset")
        .contains("rows per split: train=160 validation=20 test=20, all=200")
        .contains("ok       all: wrote 200 rows")
        .contains("Round trip OK")
        .doesNotContain("MISMATCH");
    // One commit for the whole dataset, one per split directory, each printed with its URL.
    assertThat(output.lines().filter(l -> l.contains("commit: http://127.0.0.1:")).count())
        .isEqualTo(4);
    assertThat(output).containsPattern("row: id=\\d+ label=[01] text=Review \\d+: ");
    // The data really is in the localhub data directory the user named: one bare git repo for the
    // dataset.
    try (Stream<Path> s = Files.walk(data)) {
      assertThat(s.anyMatch(p -> p.endsWith(Path.of("datasets", "dev", "my_dataset.git"))))
          .isTrue();
    }

    // A second run over the same data directory overwrites and still verifies.
    assertThat(runMain("--localhubData=" + data, "--rows=100"))
        .contains("rows per split: train=80 validation=10 test=10, all=100")
        .contains("Round trip OK");
  }

  private static String runMain(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(args);
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.print(output);
    return output;
  }
}
