package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large shard written and uploaded by a JVM with a 128 MB heap: worker memory is bounded by the
 * row group, not the shard. Default 4M rows (~100 MB); {@code -Dhfio.largeShardRows=80000000}
 * writes a ~2 GB shard.
 */
@EnabledIfSystemProperty(named = "hfio.bench", matches = "true")
class BoundedMemoryTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @Test
  void largeShardInSmallHeap() throws Exception {
    RepoRef repo = HUB.newDataset("heap");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                LargeShardMain.class.getName(),
                HUB.url(),
                HUB.writeToken(),
                repo.id(),
                Long.getLong("hfio.largeShardRows", 4_000_000L).toString(),
                String.valueOf(16L << 20))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1800, TimeUnit.SECONDS)).isTrue();
    System.out.println(
        "BENCH bounded memory: "
            + out.lines().filter(l -> l.startsWith("SHARD")).findFirst().orElse(out));
    assertThat(p.exitValue()).as(out).isZero();
  }
}
