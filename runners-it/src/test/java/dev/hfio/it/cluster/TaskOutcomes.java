package dev.hfio.it.cluster;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A driver-side Spark listener (registered through {@code spark.extraListeners}) that counts every
 * finished task attempt by outcome and executor. It exists because Spark retries a failed task (up
 * to {@code spark.task.maxFailures}) and a job that finishes may still have failed tasks: the
 * shared-quota test asserts there were none, and that both executors ran tasks.
 */
public final class TaskOutcomes extends SparkListener {
  private static final AtomicInteger SUCCEEDED = new AtomicInteger();
  private static final Map<String, AtomicInteger> FAILED = new ConcurrentHashMap<>();
  private static final Set<String> EXECUTORS = ConcurrentHashMap.newKeySet();

  /** Spark instantiates the listener by its no-argument constructor. */
  public TaskOutcomes() {}

  /** Forgets what earlier jobs counted. */
  static void reset() {
    SUCCEEDED.set(0);
    FAILED.clear();
    EXECUTORS.clear();
  }

  static int succeeded() {
    return SUCCEEDED.get();
  }

  /** Failed task attempts by reason (Spark's {@code TaskEndReason} as text). */
  static Map<String, Integer> failed() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    FAILED.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Ids of the executors that ran at least one task. */
  static Set<String> executors() {
    return Set.copyOf(EXECUTORS);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    EXECUTORS.add(end.taskInfo().executorId());
    if (end.taskInfo().successful()) {
      SUCCEEDED.incrementAndGet();
    } else {
      String reason = String.valueOf(end.reason());
      FAILED
          .computeIfAbsent(
              reason.length() > 300 ? reason.substring(0, 300) : reason, k -> new AtomicInteger())
          .incrementAndGet();
    }
  }
}
