package dev.hfio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runner matrix of {@code examples/README.md} ("Every example on every runner") is complete and
 * true: every example (a class of this package with a {@code main}, {@link Run} aside) has a row,
 * and each runner's cell is either "tested", with a command of a {@code <!-- runner-commands -->}
 * block running that example on that runner's jar ({@link RunnerCommandsTest} runs them), or "not
 * runnable" with a reason and no such command. Runs in the default suite (no jars needed).
 */
class RunnerMatrixTest {
  static final List<String> RUNNERS = List.of("direct", "flink", "spark");

  @Test
  void everyExampleIsTestedOnEveryRunnerOrSaysWhyNot() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Map<String, List<String>> matrix = matrix(readme);
    List<RunnerCommandsTest.Command> commands = RunnerCommandsTest.commands(readme);

    assertThat(matrix.keySet())
        .as("rows of the runner matrix in examples/README.md")
        .containsExactlyInAnyOrderElementsOf(examples());
    for (Map.Entry<String, List<String>> row : matrix.entrySet()) {
      String example = row.getKey();
      for (int i = 0; i < RUNNERS.size(); i++) {
        String runner = RUNNERS.get(i);
        String cell = row.getValue().get(i);
        boolean hasCommand =
            commands.stream()
                .anyMatch(
                    c ->
                        c.jar().equals("examples/target/hfio-examples-" + runner + ".jar")
                            && c.argv().size() > 3
                            && c.argv().get(3).equals(example));
        String where = example + " on " + runner + " (cell '" + cell + "')";
        if (cell.startsWith("tested")) {
          assertThat(hasCommand).as(where + ": needs a runner command").isTrue();
        } else {
          assertThat(cell).as(where).startsWith("not runnable: ");
          assertThat(cell.substring("not runnable: ".length()).trim())
              .as(where + ": the reason")
              .hasSizeGreaterThan(20);
          assertThat(hasCommand).as(where + ": marked not runnable but has a command").isFalse();
        }
      }
    }
  }

  /** The simple names of the runnable examples: classes of this package with a main, but Run. */
  static List<String> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/hfio/examples"))) {
      return files
          .filter(
              f -> {
                try {
                  return Files.readString(f).contains("public static void main(String[] args)");
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .map(f -> f.getFileName().toString().replace(".java", ""))
          .filter(name -> !name.equals("Run"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /**
   * The table after the {@code <!-- runner-matrix -->} marker: example name (first column, in
   * backquotes) to the cells of the Direct, Flink and Spark columns.
   */
  static Map<String, List<String>> matrix(String readme) {
    String[] lines = readme.split("\n", -1);
    int i = 0;
    while (i < lines.length && !lines[i].trim().equals("<!-- runner-matrix -->")) {
      i++;
    }
    assertThat(i).as("<!-- runner-matrix --> in examples/README.md").isLessThan(lines.length);
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (int j = i + 3; j < lines.length && lines[j].startsWith("|"); j++) {
      List<String> cells = new ArrayList<>();
      for (String c : lines[j].substring(1, lines[j].lastIndexOf('|')).split("\\|")) {
        cells.add(c.trim());
      }
      assertThat(cells).as("cells of " + lines[j]).hasSize(1 + RUNNERS.size());
      rows.put(cells.get(0).replace("`", ""), cells.subList(1, cells.size()));
    }
    return rows;
  }
}
