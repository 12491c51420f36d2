package dev.hfio.write;

import static dev.hfio.write.WriteTestSupport.client;
import static dev.hfio.write.WriteTestSupport.expected;
import static dev.hfio.write.WriteTestSupport.files;
import static dev.hfio.write.WriteTestSupport.newRepo;
import static dev.hfio.write.WriteTestSupport.readBack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writers in separate JVMs killed (SIGKILL) at random points: the repo is either unchanged or holds the complete
 * write, never a part. Uses 60 shards with maxOperationsPerCommit=25 so some kills land while chunks are staged
 * on a pull request. Slow (about 2 minutes): run with {@code -Dhfio.slow=true}.
 */
@EnabledIfSystemProperty(named = "hfio.slow", matches = "true")
class KilledWriterTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static final int TRIALS = Integer.getInteger("hfio.killTrials", 8);

  @Test
  void killedWriterLeavesRepoUnchangedOrComplete() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = client(hub);
    Random rnd = new Random(42);
    List<String> outcomes = new ArrayList<>();
    long fullMillis = 0;
    for (int t = 0; t <= TRIALS; t++) {
      // the first trial is never killed: it proves the child JVM really writes, and times a full write so the
      // kills can be spread over all its phases (startup, shard uploads, staged chunks, merge)
      boolean full = t == 0;
      RepoRef repo = newRepo(c, "killed");
      String before = c.resolveRevision(repo, "main");
      Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-cp", System.getProperty("java.class.path"), KillableWriterMain.class.getName(), hub.url(),
          hub.writeToken(), repo.id(), "3000", "60", "25")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long killAfter = full ? 180_000 : (long) (fullMillis * (0.3 + 0.7 * rnd.nextDouble()));
      long start = System.nanoTime();
      boolean finished = proc.waitFor(killAfter, TimeUnit.MILLISECONDS);
      long took = (System.nanoTime() - start) / 1_000_000;
      if (finished) {
        fullMillis = full ? took : Math.min(fullMillis, took); // machines vary: track the fastest full write
      }
      if (full) {
        assertThat(finished).isTrue();
        assertThat(proc.exitValue()).isZero();
      }
      if (!finished) {
        proc.destroyForcibly().waitFor();
      }
      String after = c.resolveRevision(repo, "main");
      List<String> data = files(c, repo, "main").stream().filter(f -> f.startsWith("data/")).toList();
      if (after.equals(before)) {
        assertThat(data).isEmpty();
        outcomes.add("unchanged@" + killAfter + "ms");
      } else {
        assertThat(data).hasSize(60);
        assertThat(readBack(c, repo, "main", "data/")).isEqualTo(expected(0, 3000));
        assertThat(files(c, repo, "main")).contains("README.md");
        outcomes.add((finished ? "finished" : "complete-before-kill") + "@" + killAfter + "ms");
      }
    }
    System.out.println("KILLED-WRITER full write " + fullMillis + " ms; outcomes: " + outcomes);
  }
}
