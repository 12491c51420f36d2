package dev.hfio.internal.parquet;

import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * A numeric converter that boxes each dictionary entry of a column chunk at most once: the rows of
 * a dictionary-encoded column share one {@code Long} (or {@code Integer}, {@code Double}, {@code
 * Float}) per distinct value instead of allocating one per value. Rows hold boxed values (Beam's
 * {@code Row}), and on runners that keep a bundle of rows alive (the DirectRunner) every box is
 * copied by each young collection it survives. Plain-encoded pages go through the {@code addX}
 * methods as before.
 */
abstract class DictionaryBoxing extends PrimitiveConverter {
  private final TypeMapping.Sink sink;
  private Dictionary dictionary;
  private Object[] boxed;

  DictionaryBoxing(TypeMapping.Sink sink) {
    this.sink = sink;
  }

  /** Entry {@code id} of {@code d}, boxed as the Beam value. */
  abstract Object box(Dictionary d, int id);

  @Override
  public final boolean hasDictionarySupport() {
    return true;
  }

  @Override
  public final void setDictionary(Dictionary d) {
    dictionary = d;
    boxed = new Object[d.getMaxId() + 1];
  }

  @Override
  public final void addValueFromDictionary(int id) {
    Object v = boxed[id];
    if (v == null) {
      v = box(dictionary, id);
      boxed[id] = v;
    }
    sink.accept(v);
  }

  /** INT32 read as Beam INT32. */
  static PrimitiveConverter ints(TypeMapping.Sink sink) {
    return new DictionaryBoxing(sink) {
      @Override
      Object box(Dictionary d, int id) {
        return d.decodeToInt(id);
      }

      @Override
      public void addInt(int value) {
        sink.accept(value);
      }
    };
  }

  /** INT64 read as Beam INT64. */
  static PrimitiveConverter longs(TypeMapping.Sink sink) {
    return new DictionaryBoxing(sink) {
      @Override
      Object box(Dictionary d, int id) {
        return d.decodeToLong(id);
      }

      @Override
      public void addLong(long value) {
        sink.accept(value);
      }
    };
  }

  /** DOUBLE read as Beam DOUBLE. */
  static PrimitiveConverter doubles(TypeMapping.Sink sink) {
    return new DictionaryBoxing(sink) {
      @Override
      Object box(Dictionary d, int id) {
        return d.decodeToDouble(id);
      }

      @Override
      public void addDouble(double value) {
        sink.accept(value);
      }
    };
  }

  /** FLOAT read as Beam FLOAT. */
  static PrimitiveConverter floats(TypeMapping.Sink sink) {
    return new DictionaryBoxing(sink) {
      @Override
      Object box(Dictionary d, int id) {
        return d.decodeToFloat(id);
      }

      @Override
      public void addFloat(float value) {
        sink.accept(value);
      }
    };
  }
}
