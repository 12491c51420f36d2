package dev.hfio;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.testing.TestRows;
import java.time.Duration;
import java.util.List;

/**
 * Writes and uploads one large shard through {@link ShardWriter} in a JVM with a small heap, for
 * {@link BoundedMemoryTest}: args = endpoint, token, repo id, rows, rowGroupBytes.
 */
public final class LargeShardMain {
  private LargeShardMain() {}

  public static void main(String[] args) throws Exception {
    HubClientConfig cfg =
        new HubClientConfig(
            args[0], args[1], RetryPolicy.DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(120));
    WriteSettings s =
        WriteSettings.of(
            HfIO.write()
                .to(args[2])
                .withSplit("train")
                .withMaxShardBytes(Long.MAX_VALUE / 2)
                .withRowGroupBytes(Long.parseLong(args[4])),
            TestRows.SCHEMA,
            cfg);
    long rows = Long.parseLong(args[3]);
    List<ShardResult> res;
    try (ShardWriter w = new ShardWriter(s, cfg.client())) {
      for (long i = 0; i < rows; i++) {
        w.write(TestRows.row(i));
      }
      res = w.finish();
    }
    long peakHeap = 0;
    for (java.lang.management.MemoryPoolMXBean pool :
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(
        "SHARD "
            + res.get(0).size()
            + " bytes "
            + res.get(0).rows()
            + " rows "
            + res.get(0).rowGroups()
            + " row groups; peak heap (sum of pool peaks) "
            + (peakHeap >> 20)
            + " MiB of max "
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB");
  }
}
