package dev.hfio;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.testing.TestRows;
import java.time.Duration;

/**
 * A write in its own JVM, for {@link KilledWriterTest}: args = endpoint, token, repo id, rows,
 * shards.
 */
public final class KillableWriterMain {
  private KillableWriterMain() {}

  public static void main(String[] args) {
    HubClientConfig cfg =
        new HubClientConfig(
            args[0], args[1], RetryPolicy.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(60));
    long rows = Long.parseLong(args[3]);
    WritePipelines.run(
        HfIO.write()
            .to(args[2])
            .withSplit("train")
            .withNumShards(Integer.parseInt(args[4]))
            .withMaxOperationsPerCommit(Integer.parseInt(args[5]))
            .withHubConfig(cfg),
        TestRows.rows(0, rows));
    System.out.println("WRITE-DONE");
  }
}
