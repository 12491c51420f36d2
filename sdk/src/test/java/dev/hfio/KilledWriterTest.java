package dev.hfio;

import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writers in separate JVMs killed (SIGKILL) at random points: the repo is either unchanged or holds
 * the complete write, never a part. Uses 60 shards with maxOperationsPerCommit=25 so some kills
 * land while chunks are staged on a pull request. Kill points rotate over three kinds: after a
 * random number of LFS requests (uploads in flight), after a random number of commit-route calls
 * (chunks staged on the PR, or the merge), and at a random time. About 2 minutes; {@code
 * -Dhfio.killTrials=N} changes the number of kills.
 */
class KilledWriterTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static final int TRIALS = Integer.getInteger("hfio.killTrials", 10);

  @Test
  void killedWriterLeavesRepoUnchangedOrComplete() throws Exception {
    HubClient c = HUB.client();
    Random rnd = new Random(42);
    List<String> outcomes = new ArrayList<>();
    long fullMillis = 0;
    for (int t = 0; t <= TRIALS; t++) {
      // the first trial is never killed: it proves the child JVM really writes, and times a full
      // write so the
      // kills can be spread over all its phases (startup, shard uploads, staged chunks, merge)
      boolean full = t == 0;
      RepoRef repo = HUB.newDataset("killed");
      String before = c.resolveRevision(repo, "main");
      Process proc =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  KillableWriterMain.class.getName(),
                  HUB.url(),
                  HUB.writeToken(),
                  repo.id(),
                  "3000",
                  "60",
                  "25")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // Kill points: by phase, read from localhub's counters (robust to machine speed), or by time.
      //  t % 3 == 1: after the k-th LFS request (shard uploads in flight);
      //  t % 3 == 2: after the k-th commit-route call (1..3 = chunks staged on the PR, 4 = after
      // the merge);
      //  t % 3 == 0: at a random time within the fastest full write.
      HUB.resetCounters();
      String counter = t % 3 == 1 ? "lfs" : t % 3 == 2 ? "commit" : null;
      long threshold = t % 3 == 1 ? 1 + rnd.nextInt(60) : 1 + rnd.nextInt(4);
      long killAfter =
          full || counter != null ? 180_000 : (long) (fullMillis * (0.3 + 0.7 * rnd.nextDouble()));
      long start = System.nanoTime();
      boolean finished = waitForKillPoint(proc, counter, threshold, killAfter);
      long took = (System.nanoTime() - start) / 1_000_000;
      if (finished && full) {
        fullMillis = took;
      }
      String point = counter == null ? took + "ms" : counter + ">=" + threshold;
      if (full) {
        assertThat(finished).isTrue();
        assertThat(proc.exitValue()).isZero();
      }
      if (!finished) {
        proc.destroyForcibly().waitFor();
      }
      String after = c.resolveRevision(repo, "main");
      // killed with chunks on a PR, or after
      boolean staged = !c.listRefsWithPullRequests(repo).pullRequests().isEmpty();
      List<String> data =
          HUB.listFiles(repo, "main").stream().filter(f -> f.startsWith("data/")).toList();
      if (after.equals(before)) {
        assertThat(data).isEmpty();
        outcomes.add("unchanged" + (staged ? "(PR staged)" : "") + "@" + point);
      } else {
        assertThat(data).hasSize(60);
        assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 3000));
        assertThat(HUB.listFiles(repo, "main")).contains("README.md");
        outcomes.add((finished ? "finished" : "complete-before-kill") + "@" + point);
      }
    }
    System.out.println("KILLED-WRITER full write " + fullMillis + " ms; outcomes: " + outcomes);
  }

  /**
   * Waits until the counter reaches the threshold (or the time passes), then returns whether the
   * writer finished.
   */
  private static boolean waitForKillPoint(
      Process proc, String counter, long threshold, long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    while (System.nanoTime() < deadline) {
      if (proc.waitFor(5, TimeUnit.MILLISECONDS)) {
        return true;
      }
      if (counter != null && HUB.hub().admin().counters().getOrDefault(counter, 0L) >= threshold) {
        return false;
      }
    }
    return false;
  }
}
