package dev.hfio.expansion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.model.expansion.v1.ExpansionApi;
import org.apache.beam.model.expansion.v1.ExpansionServiceGrpc;
import org.apache.beam.vendor.grpc.v1p60p1.io.grpc.ManagedChannel;
import org.apache.beam.vendor.grpc.v1p60p1.io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as Beam YAML's {@code javaJar} provider uses it: started with {@code java -jar JAR
 * PORT} in a child JVM, then asked over gRPC which schema transforms it offers.
 */
class ExpansionJarIT {
  @Test
  void theJarServesHfReadAndHfWrite() throws Exception {
    Path jar = Path.of(System.getProperty("hfio.expansionJar"));
    assertThat(jar).exists();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("hfio-expansion-", ".log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      Map<String, ExpansionApi.SchemaTransformConfig> configs = discover(channel, child, log);
      assertThat(configs)
          .containsKeys(
              "beam:schematransform:dev.hfio:hf_read:v1",
              "beam:schematransform:dev.hfio:hf_write:v1");
      assertThat(
              configs
                  .get("beam:schematransform:dev.hfio:hf_write:v1")
                  .getInputPcollectionNamesList())
          .containsExactly("input");
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      child.destroy();
      if (!child.waitFor(20, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(child.isAlive()).isFalse();
    }
  }

  /** Discovery, retried while the child JVM starts (at most 60 s). */
  private static Map<String, ExpansionApi.SchemaTransformConfig> discover(
      ManagedChannel channel, Process child, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      assertThat(child.isAlive())
          .as("expansion service JVM (log: %s)", Files.readString(log))
          .isTrue();
      try {
        return ExpansionServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .discoverSchemaTransform(
                ExpansionApi.DiscoverSchemaTransformRequest.getDefaultInstance())
            .getSchemaTransformConfigsMap();
      } catch (RuntimeException notYet) {
        last = notYet;
        Thread.sleep(500);
      }
    }
    throw new AssertionError(
        "no answer from the expansion service; log: " + Files.readString(log), last);
  }
}
