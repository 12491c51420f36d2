package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sdk's packages must not import each other in a circle: a lower package ({@code hub}, {@code
 * parquet}, {@code dataset}, {@code fs}) never reaches back into one above it. Reads the main
 * sources, builds the graph of package references (imports, static imports and fully qualified
 * names in code), and prints a circle when it finds one.
 */
class ArchitectureTest {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

  /** A qualified name below dev.hfio: lower-case package segments, then an upper-case type name. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.hfio((?:\\.[a-z_][a-z0-9_]*)*)\\.[A-Z]");

  /** String literals and comments, dropped before looking for references. */
  private static final Pattern NOT_CODE =
      Pattern.compile("(?s)'(?:\\\\.|[^'\\\\])'|\"(?:\\\\.|[^\"\\\\\\n])*\"|/\\*.*?\\*/|//[^\\n]*");

  @Test
  void noImportCircleBetweenSdkPackages() {
    Map<String, Set<String>> graph = packageGraph(sources());
    assertThat(graph).as("packages found under %s", sources()).containsKey("dev.hfio");
    List<String> cycle = findCycle(graph);
    assertThat(cycle)
        .as(
            "import circle between sdk packages: %s (package graph: %s)",
            String.join(" -> ", cycle), graph)
        .isEmpty();
  }

  @Test
  void theCheckFindsACircle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("dev.hfio", Set.of("dev.hfio.write", "dev.hfio.hub"));
    graph.put("dev.hfio.write", Set.of("dev.hfio.hub", "dev.hfio"));
    graph.put("dev.hfio.hub", Set.of());
    assertThat(findCycle(graph)).containsExactly("dev.hfio", "dev.hfio.write", "dev.hfio");
  }

  @Test
  void referencesAreReadFromImportsAndQualifiedNames() {
    String source =
        "package dev.hfio.read;\n"
            + "import dev.hfio.hub.HubClient;\n"
            + "import static dev.hfio.parquet.ParquetSchemas.project;\n"
            + "// dev.hfio.fs.HfOptions in a comment does not count\n"
            + "class X { dev.hfio.dataset.Glob g; dev.hfio.HfIO.Read r; char q = '\"'; String s = \"dev.hfio.fs.X // /*\"; }\n"
            + "/* dev.hfio.fs.HfOptions */\n";
    Map<String, Set<String>> graph = new TreeMap<>();
    addReferences(source, graph);
    assertThat(graph.get("dev.hfio.read"))
        .containsExactlyInAnyOrder(
            "dev.hfio.hub", "dev.hfio.parquet", "dev.hfio.dataset", "dev.hfio");
  }

  private static Path sources() {
    return Path.of(System.getProperty("basedir", "."), "src", "main", "java");
  }

  /** Package name to the other sdk packages its sources reference. */
  static Map<String, Set<String>> packageGraph(Path root) {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        addReferences(Files.readString(f, StandardCharsets.UTF_8), graph);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return graph;
  }

  static void addReferences(String source, Map<String, Set<String>> graph) {
    String code = NOT_CODE.matcher(source).replaceAll(" ");
    Matcher pm = PACKAGE.matcher(code);
    if (!pm.find()) {
      return;
    }
    String pkg = pm.group(1);
    Set<String> out = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
    Matcher m = REFERENCE.matcher(code);
    while (m.find()) {
      String target = "dev.hfio" + m.group(1);
      if (!target.equals(pkg)) {
        out.add(target);
      }
    }
  }

  /**
   * A circle as the list of packages along it (first == last), or empty. Deterministic: packages in
   * name order.
   */
  static List<String> findCycle(Map<String, Set<String>> graph) {
    Set<String> done = new TreeSet<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      List<String> cycle = visit(start, graph, new LinkedHashSet<>(), done);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, LinkedHashSet<String> path, Set<String> done) {
    if (path.contains(node)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : path) {
        in |= p.equals(node);
        if (in) {
          cycle.add(p);
        }
      }
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return List.of();
    }
    path.add(node);
    for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
      List<String> cycle = visit(next, graph, path, done);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.remove(node);
    done.add(node);
    return List.of();
  }
}
