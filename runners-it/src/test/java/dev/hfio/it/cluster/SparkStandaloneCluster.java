package dev.hfio.it.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster (one master and one worker, each its own JVM, executors forked by
 * the worker) on 127.0.0.1, built from this test JVM's classpath. It exists because an in-process
 * {@code local[2]} run shares one JVM with the driver and so hides serialization, class loading and
 * static-state bugs.
 *
 * <p>Layout: a temporary {@code SPARK_HOME} whose {@code jars/} links every third-party jar of the
 * test classpath (what a Spark distribution would ship) plus an empty {@code RELEASE} file, so the
 * worker builds executor classpaths from {@code jars/*}. The project's own classes (classpath
 * directories) are jarred separately and returned by {@link #projectJars()}: the driver must stage
 * them, as a user would stage the job jar.
 */
public final class SparkStandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path home;
  private final List<Path> projectJars;
  private final List<Process> processes = new ArrayList<>();
  private final int masterPort;
  private final int masterUiPort;

  private SparkStandaloneCluster(
      Path home, List<Path> projectJars, int masterPort, int masterUiPort) {
    this.home = home;
    this.projectJars = projectJars;
    this.masterPort = masterPort;
    this.masterUiPort = masterUiPort;
  }

  /**
   * Starts master and worker (2 cores, 2g) and waits until the worker has registered with the
   * master.
   */
  public static SparkStandaloneCluster start(Path home) throws IOException, InterruptedException {
    Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("work"));
    Files.createDirectories(home.resolve("project-jars"));
    Files.writeString(home.resolve("RELEASE"), "");
    List<Path> projectJars = new ArrayList<>();
    int n = 0;
    for (Path entry : testClasspath()) {
      if (Files.isDirectory(entry)) {
        Path jar =
            home.resolve("project-jars").resolve(String.format("%02d-%s.jar", n++, jarName(entry)));
        jarDirectory(entry, jar);
        projectJars.add(jar);
      } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
        Path link = home.resolve("jars").resolve(entry.getFileName().toString());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, entry.toAbsolutePath());
        }
      }
    }
    SparkStandaloneCluster cluster =
        new SparkStandaloneCluster(home, projectJars, freePort(), freePort());
    try {
      cluster.launch(
          "master",
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          String.valueOf(cluster.masterPort),
          "--webui-port",
          String.valueOf(cluster.masterUiPort));
      waitForPort(cluster.masterPort, cluster.log("master"));
      cluster.launch(
          "worker",
          "org.apache.spark.deploy.worker.Worker",
          "--host",
          "127.0.0.1",
          "--webui-port",
          String.valueOf(freePort()),
          "--cores",
          "2",
          "--memory",
          "2g",
          "--work-dir",
          home.resolve("work").toString(),
          cluster.masterUrl());
      cluster.waitForWorker();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * The project's classpath directories, each as a jar: what the driver must stage for executors.
   */
  public List<Path> projectJars() {
    return projectJars;
  }

  /** {@code SPARK_HOME}; executor logs are under {@code work/<app-id>/<executor-id>/}. */
  public Path home() {
    return home;
  }

  /** Every executor's stdout, concatenated, for asserting on element output printed by workers. */
  public String executorStdout() throws IOException {
    return readAll(home.resolve("work"), "stdout");
  }

  /** Every executor's stderr plus master/worker logs, for failure diagnostics. */
  public String diagnostics() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String role : List.of("master", "worker")) {
      b.append("===== ")
          .append(role)
          .append('\n')
          .append(tail(Files.readString(log(role)), 4000))
          .append('\n');
    }
    b.append("===== executors stderr\n")
        .append(tail(readAll(home.resolve("work"), "stderr"), 12000));
    return b.toString();
  }

  /**
   * Pids of the master, worker and executor JVMs still alive (executors are the worker's children).
   */
  public List<Long> livePids() {
    return processes.stream()
        .flatMap(p -> Stream.concat(Stream.of(p.toHandle()), p.toHandle().descendants()))
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    // Worker first (it kills its executors), then master; then anything left, forcibly, descendants
    // included.
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      List<ProcessHandle> children = p.toHandle().descendants().collect(Collectors.toList());
      p.destroy();
      try {
        if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
      for (ProcessHandle c : children) {
        if (c.isAlive()) {
          c.destroyForcibly();
        }
      }
    }
    // Drop the jar links now: a temp-dir cleanup would warn once per link it finds.
    try (Stream<Path> links = Files.list(home.resolve("jars"))) {
      for (Path link : links.collect(Collectors.toList())) {
        Files.deleteIfExists(link);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not remove the jar links under " + home.resolve("jars"), e);
    }
  }

  private void launch(String role, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(addOpens());
    cmd.add("-cp");
    cmd.add(
        home.resolve("conf") + File.pathSeparator + home.resolve("jars") + File.separator + "*");
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log(role).toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_WORKER_DIR", home.resolve("work").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
    processes.add(pb.start());
  }

  private Path log(String role) {
    return home.resolve(role + ".log");
  }

  private void waitForWorker() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      assertAlive();
      if (Files.readString(log("worker")).contains("Successfully registered with master")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "Spark worker did not register within " + START_TIMEOUT + "\n" + diagnostics());
  }

  private void assertAlive() throws IOException {
    for (Process p : processes) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "A Spark daemon exited with " + p.exitValue() + "\n" + diagnostics());
      }
    }
  }

  /**
   * Surefire passes the parent pom's {@code hfio.addOpens} so daemons get the same Java 17 flags as
   * tests.
   */
  static List<String> addOpens() {
    String flags = System.getProperty("hfio.addOpens", "");
    return Arrays.stream(flags.trim().split("\\s+"))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }

  /**
   * The test classpath entries, expanding a manifest-only booter jar if the test runner uses one.
   */
  static List<Path> testClasspath() throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (e.isEmpty()) {
        continue;
      }
      Path p = Path.of(e).toAbsolutePath();
      out.add(p);
      if (Files.isRegularFile(p) && p.getFileName().toString().startsWith("surefirebooter")) {
        try (JarFile jf = new JarFile(p.toFile())) {
          Manifest m = jf.getManifest();
          String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
          if (cp != null) {
            for (String u : cp.trim().split("\\s+")) {
              out.add(Path.of(java.net.URI.create(u)));
            }
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static String jarName(Path dir) {
    // target/classes -> <module>-classes, target/test-classes -> <module>-test-classes
    Path module = dir.getParent() == null ? null : dir.getParent().getParent();
    String prefix = module == null ? "dir" : module.getFileName().toString();
    return prefix + "-" + dir.getFileName();
  }

  static void jarDirectory(Path dir, Path jar) throws IOException {
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os)) {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                throws IOException {
              if (!d.equals(dir)) {
                out.putNextEntry(
                    new JarEntry(
                        dir.relativize(d).toString().replace(File.separatorChar, '/') + "/"));
                out.closeEntry();
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              out.putNextEntry(
                  new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
              try (InputStream in = Files.newInputStream(f)) {
                in.transferTo(out);
              }
              out.closeEntry();
              return FileVisitResult.CONTINUE;
            }
          });
    }
  }

  private static String readAll(Path root, String fileName) throws IOException {
    if (!Files.isDirectory(root)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f :
          files
              .filter(f -> f.getFileName().toString().equals(fileName))
              .sorted()
              .collect(Collectors.toList())) {
        b.append(Files.readString(f));
      }
    }
    return b.toString();
  }

  private static String tail(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void waitForPort(int port, Path logFile) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new UncheckedIOException(
        new IOException(
            "Spark master did not listen on 127.0.0.1:"
                + port
                + " within "
                + START_TIMEOUT
                + "\n"
                + Files.readString(logFile)));
  }
}
