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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writers in separate JVMs killed (SIGKILL) at random points: the repo is either unchanged or holds the complete
 * write, never a part. Uses 60 shards with maxOperationsPerCommit=25 so some kills land while chunks are staged
 * on a pull request.
 */
class KilledWriterTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();
  static final int TRIALS = Integer.getInteger("hfio.killTrials", 6);

  @Test
  void killedWriterLeavesRepoUnchangedOrComplete() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = client(hub);
    Random rnd = new Random(42);
    List<String> outcomes = new ArrayList<>();
    for (int t = 0; t <= TRIALS; t++) {
      boolean last = t == TRIALS; // the last trial is never killed: proves the child JVM really writes
      RepoRef repo = newRepo(c, "killed");
      String before = c.resolveRevision(repo, "main");
      Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-cp", System.getProperty("java.class.path"), KillableWriterMain.class.getName(), hub.url(),
          hub.writeToken(), repo.id(), "3000", "60", "25")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      long killAfter = last ? 180_000 : 1500 + rnd.nextInt(7000);
      boolean finished = proc.waitFor(killAfter, TimeUnit.MILLISECONDS);
      if (last) {
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
    System.out.println("KILLED-WRITER outcomes: " + outcomes);
  }
}
