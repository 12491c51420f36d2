package dev.hfio.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Samples this JVM's heap every few milliseconds: the peak of used heap (live plus
 * not-yet-collected garbage) and the peak of heap still in use right after a collection (the live
 * set, which is what "writer heap" targets are about).
 */
final class HeapSampler implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakUsed;
  private volatile long peakAfterGc;

  HeapSampler() {
    thread = new Thread(this::loop, "bench-heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long afterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage u = pool.getCollectionUsage();
        if (u != null) {
          afterGc += u.getUsed();
        }
      }
    }
    peakUsed = Math.max(peakUsed, used);
    peakAfterGc = Math.max(peakAfterGc, afterGc);
  }

  long peakUsed() {
    return peakUsed;
  }

  long peakAfterGc() {
    return peakAfterGc;
  }

  @Override
  public void close() throws InterruptedException {
    sample();
    running = false;
    thread.interrupt();
    thread.join();
  }
}
