package dev.hfio.it.cluster;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Flink session cluster: a JobManager JVM ({@code StandaloneSessionClusterEntrypoint}) and
 * two TaskManager JVMs ({@code TaskManagerRunner}) of one slot each, all on 127.0.0.1, started from
 * the Flink jars of this test JVM's classpath (there is no Flink distribution in the build). It
 * exists because Flink's {@code [local]} mini cluster runs tasks in the submitting JVM with the
 * job's classes on the application class loader, and so hides class-loading and serialization bugs:
 * here the project's classes reach the TaskManagers only as staged job jars, loaded by Flink's
 * child-first user-code class loader, and every element crosses JVMs.
 *
 * <p>Layout: a temporary home with {@code conf/config.yaml} (ports, slots, small memory), one log
 * per daemon, and {@code project-jars/}: the project's classpath entries (module classes, as
 * directories or jars) as jars, which {@link #projectJars()} returns for {@code --filesToStage}.
 * The daemons' classpath is every other (third-party) jar of the test classpath: Flink, Beam and
 * their dependencies, as a cluster with Beam's runner jar in {@code lib/} would have.
 */
public final class FlinkSessionCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

  private final Path home;
  private final List<Path> projectJars;
  private final List<Path> systemJars;
  private final int restPort;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> roles = new ArrayList<>();

  private FlinkSessionCluster(
      Path home, List<Path> projectJars, List<Path> systemJars, int restPort) {
    this.home = home;
    this.projectJars = projectJars;
    this.systemJars = systemJars;
    this.restPort = restPort;
  }

  /**
   * Starts the JobManager and {@code taskManagers} TaskManagers (one slot each) and waits until the
   * JobManager's REST API reports them all registered.
   */
  public static FlinkSessionCluster start(Path home, int taskManagers)
      throws IOException, InterruptedException {
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("tmp"));
    Files.createDirectories(home.resolve("project-jars"));
    List<Path> projectJars = new ArrayList<>();
    List<Path> systemJars = new ArrayList<>();
    int n = 0;
    for (Path entry : SparkStandaloneCluster.testClasspath()) {
      if (isProject(entry)) {
        Path jar =
            home.resolve("project-jars")
                .resolve(String.format("%02d-%s.jar", n++, projectName(entry)));
        if (Files.isDirectory(entry)) {
          SparkStandaloneCluster.jarDirectory(entry, jar);
        } else {
          Files.copy(entry, jar);
        }
        projectJars.add(jar);
      } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
        String name = entry.getFileName().toString();
        if (name.startsWith("beam-")) {
          // Beam travels with the job, as in a job's fat jar: on the daemons' classpath, its
          // JVM-wide options cache kept the first job's classes and the second job failed with
          // "dev.hfio.fs.HfOptions ... is not visible from class loader".
          projectJars.add(entry);
        } else if (!isSparkOnly(name) && !name.startsWith("surefirebooter")) {
          systemJars.add(entry);
        }
      }
    }
    int restPort = freePort();
    FlinkSessionCluster cluster = new FlinkSessionCluster(home, projectJars, systemJars, restPort);
    try {
      cluster.writeConfig(freePort(), taskManagers);
      cluster.launch(
          "jobmanager",
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          "--configDir",
          home.resolve("conf").toString());
      for (int i = 1; i <= taskManagers; i++) {
        cluster.launch(
            "taskmanager-" + i,
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            "--configDir",
            home.resolve("conf").toString());
      }
      cluster.awaitTaskManagers(taskManagers);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code 127.0.0.1:<rest port>}, the value of {@code --flinkMaster}. */
  public String master() {
    return "127.0.0.1:" + restPort;
  }

  /**
   * What a job must stage ({@code --filesToStage}): the project's classes as jars, and Beam's jars.
   */
  public List<Path> projectJars() {
    return projectJars;
  }

  /** The JobManager's REST answer for {@code path} (e.g. {@code /overview}, {@code /jobs}). */
  public String rest(String path) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + master() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** Every TaskManager's log (their stdout and stderr), concatenated. */
  public String taskManagerLogs() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String role : roles) {
      if (role.startsWith("taskmanager")) {
        b.append(Files.readString(log(role)));
      }
    }
    return b.toString();
  }

  /** The tail of every daemon's log, for failure messages. */
  public String diagnostics() {
    StringBuilder b = new StringBuilder();
    for (String role : roles) {
      String text;
      try {
        text = Files.readString(log(role));
      } catch (IOException e) {
        text = "(no log: " + e + ")";
      }
      b.append("===== ")
          .append(role)
          .append('\n')
          .append(text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text)
          .append('\n');
    }
    return b.toString();
  }

  /** Pids of the daemons (and anything they started) still alive. */
  public List<Long> livePids() {
    return processes.stream()
        .flatMap(p -> Stream.concat(Stream.of(p.toHandle()), p.toHandle().descendants()))
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toList());
  }

  /** Stops the TaskManagers, then the JobManager (SIGTERM, then forcibly after 15 s). */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      List<ProcessHandle> children = p.toHandle().descendants().collect(Collectors.toList());
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
  }

  private void writeConfig(int rpcPort, int taskManagers) throws IOException {
    List<String> lines =
        List.of(
            "jobmanager.rpc.address: 127.0.0.1",
            "jobmanager.rpc.port: " + rpcPort,
            "jobmanager.bind-host: 127.0.0.1",
            "rest.address: 127.0.0.1",
            "rest.bind-address: 127.0.0.1",
            "rest.port: " + restPort,
            "taskmanager.host: 127.0.0.1",
            "taskmanager.bind-host: 127.0.0.1",
            "taskmanager.rpc.port: 0",
            "taskmanager.data.port: 0",
            "blob.server.port: 0",
            "taskmanager.numberOfTaskSlots: 1",
            "taskmanager.cpu.cores: 1.0",
            "parallelism.default: " + taskManagers,
            // TaskManagerRunner started directly (not by Flink's scripts) needs every memory pool
            // explicitly; kept small: two TaskManagers share a 2-core test machine.
            "taskmanager.memory.framework.heap.size: 64m",
            "taskmanager.memory.task.heap.size: 320m",
            "taskmanager.memory.managed.size: 32m",
            "taskmanager.memory.framework.off-heap.size: 64m",
            "taskmanager.memory.task.off-heap.size: 0m",
            // 2048 network buffers of 32 KiB; each blocking (batch) result partition takes
            // sort-shuffle.min-buffers of them (default 512), so jobs running together (the
            // quickstart's concurrent writes) ran out: 64 each is plenty for this data
            "taskmanager.memory.network.min: 64m",
            "taskmanager.memory.network.max: 64m",
            "taskmanager.network.sort-shuffle.min-buffers: 64",
            "taskmanager.memory.jvm-metaspace.size: 256m",
            "taskmanager.memory.jvm-overhead.min: 64m",
            "taskmanager.memory.jvm-overhead.max: 64m",
            "io.tmp.dirs: " + home.resolve("tmp"),
            "web.tmpdir: " + home.resolve("tmp"),
            "heartbeat.timeout: 60000",
            "cluster.evenly-spread-out-slots: true");
    Files.write(home.resolve("conf").resolve("config.yaml"), lines);
  }

  private void launch(String role, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(role.startsWith("taskmanager") ? "-Xmx512m" : "-Xmx384m");
    cmd.add("-XX:MaxDirectMemorySize=256m");
    cmd.add(
        "-Dlog4j2.level=WARN"); // log4j's default configuration (the classpath has no log4j2.xml)
    cmd.addAll(SparkStandaloneCluster.addOpens());
    cmd.add("-cp");
    cmd.add(
        systemJars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log(role).toFile());
    pb.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
    // no Hub endpoint or token of the developer's environment on the workers
    for (String k : List.of("HF_ENDPOINT", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH")) {
      pb.environment().remove(k);
    }
    processes.add(pb.start());
    roles.add(role);
  }

  private Path log(String role) {
    return home.resolve(role + ".log");
  }

  private void awaitTaskManagers(int expected) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      for (int i = 0; i < processes.size(); i++) {
        if (!processes.get(i).isAlive()) {
          throw new IllegalStateException(
              "Flink "
                  + roles.get(i)
                  + " exited with "
                  + processes.get(i).exitValue()
                  + "\n"
                  + diagnostics());
        }
      }
      try {
        last = rest("/overview");
        Matcher m = TASK_MANAGERS.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= expected) {
          return;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "Flink cluster did not register "
            + expected
            + " TaskManagers within "
            + START_TIMEOUT
            + " (last /overview: "
            + last
            + ")\n"
            + diagnostics());
  }

  /**
   * Spark and Scala jars of the test classpath, which a Flink cluster does not have. They are left
   * out: with jackson-module-scala on the daemons' classpath, a job jar that carries its own
   * Jackson failed on the JobManager ("DefaultScalaModule not a subtype" of the job's Jackson
   * Module).
   */
  private static boolean isSparkOnly(String jarName) {
    return jarName.startsWith("spark-")
        || jarName.startsWith("scala-")
        || jarName.startsWith("jackson-module-scala")
        || jarName.contains("_2.12")
        || jarName.contains("_2.13");
  }

  /**
   * A module of this build: a classpath directory, or a jar of group dev.hfio under a module's
   * {@code target/} (a reactor build past {@code package} puts module jars on the classpath).
   */
  private static boolean isProject(Path entry) {
    if (Files.isDirectory(entry)) {
      return true;
    }
    String name = entry.getFileName().toString();
    return name.startsWith("hfio-") && name.endsWith(".jar");
  }

  private static String projectName(Path entry) {
    if (Files.isDirectory(entry)) {
      Path module = entry.getParent() == null ? null : entry.getParent().getParent();
      return (module == null ? "dir" : module.getFileName().toString()) + "-" + entry.getFileName();
    }
    String name = entry.getFileName().toString();
    return name.substring(0, name.length() - ".jar".length());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
