package dev.hfio;

import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A finite UNBOUNDED source for streaming tests, like a Kafka topic that stops: ids {@code 0..n-1}
 * at {@code perSecond}, each stamped with the wall-clock time it was due, the watermark following
 * them, and the watermark at the end of time once all are out, which ends the job.
 *
 * <p>Why not the obvious sources: {@code GenerateSequence.from(0).to(n).withRate(..)} is BOUNDED in
 * Beam (so {@code HfIO.write()} takes the batch path), and on Flink an SDF fed by an Impulse
 * ({@code PeriodicImpulse}, {@code Watch}) holds its output watermark until it finishes, so no
 * window fires before the end. A {@code Read.Unbounded} source advances the watermark as it goes.
 */
final class TickSource extends UnboundedSource<Long, TickSource.Mark> {
  private static final long serialVersionUID = 1L;

  private final long n;
  private final long perSecond;
  private final int split;
  private final int splits;

  /** Ids {@code 0..n-1} at {@code perSecond} in all, from as many readers as the runner asks. */
  TickSource(long n, long perSecond) {
    this(n, perSecond, 0, 1);
  }

  private TickSource(long n, long perSecond, int split, int splits) {
    this.n = n;
    this.perSecond = perSecond;
    this.split = split;
    this.splits = splits;
  }

  /** Where a reader is: the next id and when id 0 was due. */
  static final class Mark implements UnboundedSource.CheckpointMark, Serializable {
    private static final long serialVersionUID = 1L;
    final long next;
    final long startMs;

    Mark(long next, long startMs) {
      this.next = next;
      this.startMs = startMs;
    }

    @Override
    public void finalizeCheckpoint() {}
  }

  /**
   * One reader per requested split (reader {@code i} emits ids {@code i, i+k, ...}), so on Flink no
   * source subtask finishes early: a partly finished vertex that keeps union list state cannot be
   * checkpointed, and the streaming write commits only checkpointed panes there.
   */
  @Override
  public List<TickSource> split(int desiredNumSplits, PipelineOptions options) {
    int k = Math.max(1, desiredNumSplits);
    List<TickSource> out = new java.util.ArrayList<>();
    for (int i = 0; i < k; i++) {
      out.add(new TickSource(n, perSecond, i, k));
    }
    return out;
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, @Nullable Mark mark) {
    return new Reader(mark);
  }

  @Override
  public Coder<Mark> getCheckpointMarkCoder() {
    return SerializableCoder.of(Mark.class);
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private final class Reader extends UnboundedReader<Long> {
    private long next;
    private long startMs;
    private @Nullable Long current;

    Reader(@Nullable Mark mark) {
      this.next = mark == null ? split : mark.next;
      this.startMs = mark == null ? -1 : mark.startMs;
    }

    private long due(long id) {
      return startMs + id * 1000 / perSecond;
    }

    @Override
    public boolean start() {
      if (startMs < 0) {
        startMs = System.currentTimeMillis();
      }
      return advance();
    }

    @Override
    public boolean advance() {
      if (next >= n || due(next) > System.currentTimeMillis()) {
        current = null;
        return false;
      }
      current = next;
      next += splits;
      return true;
    }

    @Override
    public Long getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return new Instant(due(getCurrent()));
    }

    @Override
    public Instant getWatermark() {
      if (next >= n) {
        return BoundedWindow.TIMESTAMP_MAX_VALUE;
      }
      return new Instant(Math.min(due(next), System.currentTimeMillis()));
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return new Mark(next, startMs);
    }

    @Override
    public UnboundedSource<Long, ?> getCurrentSource() {
      return TickSource.this;
    }

    @Override
    public void close() {}
  }
}
