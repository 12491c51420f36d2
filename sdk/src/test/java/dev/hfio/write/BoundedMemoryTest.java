package dev.hfio.write;

import static dev.hfio.write.WriteTestSupport.client;
import static dev.hfio.write.WriteTestSupport.newRepo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A ~100 MB shard written and uploaded by a JVM with a 128 MB heap: worker memory is bounded by the row group. */
@EnabledIfSystemProperty(named = "hfio.bench", matches = "true")
class BoundedMemoryTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void largeShardInSmallHeap() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = client(hub);
    RepoRef repo = newRepo(c, "heap");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), LargeShardMain.class.getName(), hub.url(), hub.writeToken(),
        repo.id(), "4000000", String.valueOf(16L << 20)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    System.out.println("BENCH bounded memory: " + out.lines().filter(l -> l.startsWith("SHARD")).findFirst()
        .orElse(out));
    assertThat(p.exitValue()).as(out).isZero();
  }
}
