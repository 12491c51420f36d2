package dev.hfio;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide budget of the Parquet row groups HfIO's writers buffer in memory. parquet-java holds
 * a whole row group until it flushes it, so a worker with several writers open (one per bundle and
 * window, per split when routing by split, several worker threads) would hold several 100 MB row
 * groups. Each shard writer takes a lease when it opens a file: its row-group target is the budget
 * shared among the writers open at that moment (never above the write's own target, never below
 * {@link #MIN_ROW_GROUP_BYTES}), so two concurrent writers buffer about the budget, not twice the
 * default row group. Smaller row groups only change the file's layout, not its rows or its shard
 * count. The budget is {@value #DEFAULT_BUDGET_BYTES} bytes, or the system property {@value
 * #BUDGET_PROPERTY}.
 */
final class WriterMemory {
  static final String BUDGET_PROPERTY = "hfio.write.bufferBytes";
  static final long DEFAULT_BUDGET_BYTES = 128L << 20;
  static final long MIN_ROW_GROUP_BYTES = 8L << 20;

  private static final AtomicInteger OPEN = new AtomicInteger();

  private WriterMemory() {}

  /** A writer's share of the budget, held while its file is open. */
  static final class Lease implements AutoCloseable {
    private final long rowGroupBytes;
    private boolean closed;

    private Lease(long rowGroupBytes) {
      this.rowGroupBytes = rowGroupBytes;
    }

    /** The row-group target of the writer holding this lease. */
    long rowGroupBytes() {
      return rowGroupBytes;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        OPEN.decrementAndGet();
      }
    }
  }

  /** Opens a lease for a writer that would buffer row groups of {@code wanted} bytes. */
  static Lease open(long wanted) {
    int writers = OPEN.incrementAndGet();
    long share = budget() / writers;
    return new Lease(Math.min(wanted, Math.max(MIN_ROW_GROUP_BYTES, share)));
  }

  /** Writers holding a lease now (tests). */
  static int open() {
    return OPEN.get();
  }

  static long budget() {
    return Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET_BYTES);
  }
}
