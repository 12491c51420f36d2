package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing is public that is not API: the public types of the sdk's compiled main classes (top-level
 * and nested, public all the way out) outside {@code dev.hfio.internal..} must be exactly the
 * allow-list {@code public-api.txt}, and README.md's "Public API" section must name each of them.
 * Adding or removing a public type therefore means editing the list and the README together. Also:
 * every source package of every module documents itself in a {@code package-info.java}.
 */
class PublicApiTest {
  private static final String INTERNAL = "dev.hfio.internal.";
  private static final String README_SECTION = "## Public API";

  @Test
  void publicTypesMatchTheAllowList() {
    Set<String> actual = publicTypes(mainClasses());
    Set<String> allowed = allowList();
    Set<String> added = new TreeSet<>(actual);
    added.removeAll(allowed);
    Set<String> removed = new TreeSet<>(allowed);
    removed.removeAll(actual);
    assertThat(actual)
        .as(
            "public types outside %s differ from src/test/resources/public-api.txt:%n"
                + "  public but not in the list (make them package-private, move them under"
                + " dev.hfio.internal, or add them to the list and the README): %s%n"
                + "  in the list but not public (remove them from the list and the README): %s",
            INTERNAL, added, removed)
        .isEqualTo(allowed);
  }

  @Test
  void theReadmeNamesEveryPublicType() {
    String section = readmeSection();
    List<String> missing = new ArrayList<>();
    for (String type : allowList()) {
      String simple = type.substring(type.lastIndexOf('.') + 1);
      String pkg = packageOf(type);
      if (!mentions(section, simple) || !section.contains("`" + pkg + "`")) {
        missing.add(type);
      }
    }
    assertThat(missing)
        .as(
            "types of public-api.txt that README.md's \"%s\" section does not name (by simple"
                + " name, under their package in backticks)",
            README_SECTION)
        .isEmpty();
  }

  @Test
  void theScanSeesNestedAndPackagePrivateTypes() {
    Set<String> types = publicTypes(mainClasses());
    assertThat(types).contains("dev.hfio.HfIO.Read", "dev.hfio.hub.HubClient.Builder");
    assertThat(types)
        .doesNotContain("dev.hfio.ReadPlanner", "dev.hfio.fs.HfFileSystem")
        .noneMatch(t -> t.startsWith(INTERNAL));
  }

  @Test
  void everyPackageOfEveryModuleHasAPackageInfo() throws IOException {
    Path root = Path.of(System.getProperty("basedir", "."), "..").normalize();
    List<String> missing = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(sources)) {
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(Path::getParent)
              .distinct()
              .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
              .forEach(dir -> missing.add(root.relativize(dir).toString()));
        }
      }
    }
    assertThat(missing).as("source directories without a package-info.java").isEmpty();
  }

  /** Canonical names of the public types under {@code classes}, internal packages left out. */
  static Set<String> publicTypes(Path classes) {
    Set<String> out = new TreeSet<>();
    ClassLoader loader = PublicApiTest.class.getClassLoader();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name =
            classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("package-info") || name.startsWith(INTERNAL)) {
          continue;
        }
        Class<?> c = Class.forName(name, false, loader);
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
          continue;
        }
        if (publicAllTheWayOut(c)) {
          out.add(c.getCanonicalName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static boolean publicAllTheWayOut(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** The sdk's main classes directory ({@code target/classes}), where {@code HfIO} was loaded. */
  private static Path mainClasses() {
    try {
      Path p = Path.of(HfIO.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      assertThat(p).as("sdk main classes").isDirectory();
      return p;
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static Set<String> allowList() {
    try (InputStream in = PublicApiTest.class.getResourceAsStream("/public-api.txt")) {
      assertThat(in).as("public-api.txt on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** README.md's "Public API" section: from its heading to the next heading of level 2. */
  private static String readmeSection() {
    Path readme = Path.of(System.getProperty("basedir", "."), "..", "README.md");
    try {
      String text = Files.readString(readme, StandardCharsets.UTF_8);
      int start = text.indexOf("\n" + README_SECTION + "\n");
      assertThat(start).as("a \"%s\" section in %s", README_SECTION, readme).isNotNegative();
      int end = text.indexOf("\n## ", start + 1);
      return text.substring(start, end < 0 ? text.length() : end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String packageOf(String canonicalName) {
    String[] parts = canonicalName.split("\\.");
    StringBuilder pkg = new StringBuilder();
    for (String part : parts) {
      if (Character.isUpperCase(part.charAt(0))) {
        break;
      }
      pkg.append(pkg.length() == 0 ? "" : ".").append(part);
    }
    return pkg.toString();
  }

  private static boolean mentions(String text, String word) {
    return Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])").matcher(text).find();
  }
}
