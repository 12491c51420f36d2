package dev.hfio.internal.parquet;

import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Converts a Row exactly as the Parquet writer does, into nothing: a row that passes can be written
 * to a file of this schema, a row that fails throws what the writer would have thrown (e.g. a
 * {@link dev.hfio.parquet.DecimalScaleException}). Lets callers route unwritable rows elsewhere
 * before a write starts. Not thread-safe; build one per DoFn instance.
 */
public final class RowWriteCheck {
  private final RowWriteSupport support;

  private RowWriteCheck(Schema schema) {
    this.support = new RowWriteSupport(schema, Map.of());
    support.prepareForWrite(new DiscardingConsumer());
  }

  /** A check for rows of {@code schema}; fails as the writer would for a schema it cannot map. */
  public static RowWriteCheck of(Schema schema) {
    return new RowWriteCheck(schema);
  }

  /** Converts {@code row}; throws the writer's exception when it cannot be written. */
  public void check(Row row) {
    support.write(row);
  }

  /** A record consumer that drops everything it is given. */
  private static final class DiscardingConsumer extends RecordConsumer {
    @Override
    public void startMessage() {}

    @Override
    public void endMessage() {}

    @Override
    public void startField(String field, int index) {}

    @Override
    public void endField(String field, int index) {}

    @Override
    public void startGroup() {}

    @Override
    public void endGroup() {}

    @Override
    public void addInteger(int value) {}

    @Override
    public void addLong(long value) {}

    @Override
    public void addBoolean(boolean value) {}

    @Override
    public void addBinary(Binary value) {}

    @Override
    public void addFloat(float value) {}

    @Override
    public void addDouble(double value) {}
  }
}
