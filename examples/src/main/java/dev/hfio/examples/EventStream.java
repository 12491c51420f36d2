package dev.hfio.examples;

import java.io.Serializable;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A live stream of synthetic {@link Events}, standing in for a Kafka or Pub/Sub topic: {@code
 * perSecond} events a second, each stamped with the time it happened, for {@code count} events
 * (then the stream ends) or forever. It is an unbounded source whose watermark follows the events,
 * so event-time windows close as the stream goes, on every runner.
 *
 * <p>({@code GenerateSequence.to(n).withRate(..)} would look simpler, but Beam makes it a bounded
 * collection, which {@code HfIO.write()} writes in one commit at the end.)
 */
public final class EventStream extends PTransform<PBegin, PCollection<Row>> {
  private final long count;
  private final long perSecond;

  private EventStream(long count, long perSecond) {
    this.count = count;
    this.perSecond = perSecond;
  }

  /** {@code count} events at {@code perSecond}; {@code Long.MAX_VALUE} for an endless stream. */
  public static EventStream of(long count, long perSecond) {
    if (count < 0 || perSecond < 1) {
      throw new IllegalArgumentException(
          "EventStream.of: count must be >= 0 and perSecond >= 1, got " + count + ", " + perSecond);
    }
    return new EventStream(count, perSecond);
  }

  @Override
  public PCollection<Row> expand(PBegin input) {
    return input.apply(Read.from(new Source(count, perSecond)));
  }

  /** How far a reader got: the next event and when the stream started. */
  static final class Position implements UnboundedSource.CheckpointMark, Serializable {
    private static final long serialVersionUID = 1L;
    final long nextId;
    final long startMillis;

    Position(long nextId, long startMillis) {
      this.nextId = nextId;
      this.startMillis = startMillis;
    }

    @Override
    public void finalizeCheckpoint() {}
  }

  private static final class Source extends UnboundedSource<Row, Position> {
    private static final long serialVersionUID = 1L;
    private final long count;
    private final long perSecond;

    Source(long count, long perSecond) {
      this.count = count;
      this.perSecond = perSecond;
    }

    @Override
    public List<Source> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this); // one stream, one reader
    }

    @Override
    public UnboundedReader<Row> createReader(PipelineOptions options, @Nullable Position from) {
      return new EventReader(this, from);
    }

    @Override
    public Coder<Position> getCheckpointMarkCoder() {
      return SerializableCoder.of(Position.class);
    }

    @Override
    public Coder<Row> getOutputCoder() {
      return SchemaCoder.of(Events.SCHEMA);
    }
  }

  private static final class EventReader extends UnboundedSource.UnboundedReader<Row> {
    private final Source source;
    private long nextId;
    private long startMillis;
    private @Nullable Row current;

    EventReader(Source source, @Nullable Position from) {
      this.source = source;
      this.nextId = from == null ? 0 : from.nextId;
      this.startMillis = from == null ? -1 : from.startMillis;
    }

    /** When event {@code id} happens: the stream keeps its rate from its start. */
    private long timeOf(long id) {
      return startMillis + id * 1000 / source.perSecond;
    }

    @Override
    public boolean start() {
      if (startMillis < 0) {
        startMillis = System.currentTimeMillis();
      }
      return advance();
    }

    @Override
    public boolean advance() {
      if (nextId >= source.count || timeOf(nextId) > System.currentTimeMillis()) {
        current = null;
        return false;
      }
      current = Events.event(nextId, new Instant(timeOf(nextId)));
      nextId++;
      return true;
    }

    @Override
    public Row getCurrent() {
      if (current == null) {
        throw new NoSuchElementException("no event is due yet");
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      return getCurrent().getDateTime("event_time").toInstant();
    }

    @Override
    public Instant getWatermark() {
      // At the end of the stream the watermark jumps to the end of time, which ends the job.
      return nextId >= source.count
          ? BoundedWindow.TIMESTAMP_MAX_VALUE
          : new Instant(Math.min(timeOf(nextId), System.currentTimeMillis()));
    }

    @Override
    public UnboundedSource.CheckpointMark getCheckpointMark() {
      return new Position(nextId, startMillis);
    }

    @Override
    public UnboundedSource<Row, ?> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
