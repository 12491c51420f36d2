package dev.hfio.examples;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * The main class of the runnable example jars ({@code examples/target/hfio-examples-<runner>.jar}):
 * {@code java -jar hfio-examples-flink.jar Quickstart --runner=FlinkRunner ...} runs {@link
 * Quickstart#main} with the remaining arguments. It exists so that one jar per runner serves every
 * example, and so that the JVM flags the runners need come from the jar's manifest ({@code
 * Add-Opens}, honoured by {@code java -jar} only) instead of hand-set flags.
 *
 * <p>The first argument names the example: a simple name of this package ({@code Quickstart},
 * {@code TokenizeFilter}, {@code CopyDataset}, ...) or a fully qualified class name. Without one
 * (no arguments, or the first is an option) the Quickstart runs.
 */
public final class Run {
  private static final String DEFAULT = "Quickstart";

  private Run() {}

  public static void main(String[] args) throws Throwable {
    boolean named = args.length > 0 && !args[0].startsWith("-");
    String example = named ? args[0] : DEFAULT;
    String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
    Method main = mainOf(example);
    try {
      main.invoke(null, (Object) rest);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** The {@code public static void main(String[])} of the named example. */
  static Method mainOf(String example) {
    String className = example.contains(".") ? example : Run.class.getPackageName() + "." + example;
    Class<?> c;
    try {
      c = Class.forName(className, true, Run.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "No example class "
              + className
              + ": give a class of dev.hfio.examples by its simple name (Quickstart, TokenizeFilter,"
              + " CopyDataset, ...) or a fully qualified class name with a main method, then the"
              + " pipeline options",
          e);
    }
    try {
      Method m = c.getMethod("main", String[].class);
      if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class) {
        return m;
      }
    } catch (NoSuchMethodException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        className + " has no public static void main(String[]): it is not a runnable example");
  }
}
