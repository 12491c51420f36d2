package dev.hfio.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public surface of localhub is the package {@code dev.hfio.localhub} with exactly {@code
 * LocalHub} (and its builder), {@code LocalHubExtension}, {@code HubAdmin}, {@code Fault}, {@code
 * RouteClass}, {@code Role} and the standalone entry point {@code Main}; everything else lives in
 * {@code dev.hfio.localhub.internal} and no public signature of the surface mentions an internal
 * type.
 */
class PublicSurfaceTest {
  static final Set<String> ALLOWED =
      Set.of(
          "LocalHub",
          "LocalHubExtension",
          "HubAdmin",
          "Fault",
          "RouteClass",
          "Role",
          "Main",
          "RateLimitPlan");

  static List<Class<?>> topLevelClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir =
        Path.of(LocalHub.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/hfio/localhub");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.endsWith(".class") && !n.contains("$")) {
          out.add(Class.forName("dev.hfio.localhub." + n.substring(0, n.length() - 6)));
        }
      }
    }
    return out;
  }

  @Test
  void onlyTheAllowedTypesArePublic() throws Exception {
    Set<String> publicTypes = new TreeSet<>();
    for (Class<?> c : topLevelClasses()) {
      if (Modifier.isPublic(c.getModifiers())) {
        publicTypes.add(c.getSimpleName());
      }
    }
    assertThat(publicTypes).containsExactlyInAnyOrderElementsOf(ALLOWED);
  }

  @Test
  void noPublicSignatureExposesAnInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> types = new ArrayList<>();
    for (Class<?> c : topLevelClasses()) {
      if (Modifier.isPublic(c.getModifiers())) {
        types.add(c);
        for (Class<?> n : c.getDeclaredClasses()) {
          if (Modifier.isPublic(n.getModifiers())) {
            types.add(n);
          }
        }
      }
    }
    for (Class<?> c : types) {
      List<Executable> members = new ArrayList<>();
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers())) {
          members.add(m);
          check(c, m.getName() + " returns", m.getGenericReturnType(), leaks);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())) {
          members.add(k);
        }
      }
      for (Executable e : members) {
        for (Type t : e.getGenericParameterTypes()) {
          check(c, e.getName() + " takes", t, leaks);
        }
      }
      for (Type t : c.getGenericInterfaces()) {
        check(c, "implements", t, leaks);
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static void check(Class<?> owner, String where, Type t, List<String> leaks) {
    if (t.getTypeName().contains("dev.hfio.localhub.internal.")) {
      leaks.add(owner.getSimpleName() + "." + where + " " + t.getTypeName());
    }
  }
}
