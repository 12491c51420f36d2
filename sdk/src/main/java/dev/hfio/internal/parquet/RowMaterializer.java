package dev.hfio.internal.parquet;

import dev.hfio.internal.parquet.TypeMapping.Sink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Builds Beam {@link Row}s straight from parquet-java's column readers (no Avro detour): a
 * converter tree that mirrors the requested Parquet schema and the Beam schema {@link
 * ParquetSchemas#toBeamSchema} derives from it.
 */
final class RowMaterializer extends RecordMaterializer<Row> {
  private final RowConverter root;
  private Row current;

  RowMaterializer(MessageType requested, Schema schema) {
    this.root = new RowConverter(requested, schema, v -> current = (Row) v);
  }

  @Override
  public Row getCurrentRecord() {
    return current;
  }

  @Override
  public void skipCurrentRecord() {
    current = null;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  static Converter converterFor(Type t, FieldType ft, Sink sink) {
    if (t.isPrimitive()) {
      return leaf(t.asPrimitiveType(), ft, sink);
    }
    GroupType g = t.asGroupType();
    if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return new ListConverter(g, ft.getCollectionElementType(), sink);
    }
    if (ParquetSchemas.isMap(g)) {
      return new MapConverter(g, ft, sink);
    }
    return new RowConverter(g, ft.getRowSchema(), sink);
  }

  /** A struct: collects its fields and emits a Row on end(). */
  static final class RowConverter extends GroupConverter {
    private final Schema schema;
    private final Sink sink;
    private final Object[] values;
    private final boolean[] repeated;
    private final Converter[] converters;

    RowConverter(GroupType g, Schema schema, Sink sink) {
      this.schema = schema;
      this.sink = sink;
      int n = g.getFieldCount();
      values = new Object[n];
      repeated = new boolean[n];
      converters = new Converter[n];
      for (int i = 0; i < n; i++) {
        final int idx = i;
        Type t = g.getType(i);
        FieldType ft = schema.getField(i).getType();
        if (t.isRepetition(Type.Repetition.REPEATED)) {
          repeated[i] = true;
          converters[i] = converterFor(t, ft.getCollectionElementType(), v -> addTo(idx, v));
        } else {
          converters[i] = converterFor(t, ft, v -> values[idx] = v);
        }
      }
    }

    @SuppressWarnings("unchecked")
    private void addTo(int idx, Object v) {
      ((List<Object>) values[idx]).add(v);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      for (int i = 0; i < values.length; i++) {
        values[i] = repeated[i] ? new ArrayList<>() : null;
      }
    }

    @Override
    public void end() {
      sink.accept(Row.withSchema(schema).attachValues(Arrays.asList(values.clone())));
    }
  }

  /** A LIST-annotated group (3-level or legacy 2-level). */
  static final class ListConverter extends GroupConverter {
    private final Sink sink;
    private final Converter child;
    // reused per value: the row gets an exact-size copy (an ArrayList kept 10 slots for a list of
    // 4)
    private final ArrayList<Object> current = new ArrayList<>();

    ListConverter(GroupType list, FieldType elementType, Sink sink) {
      this.sink = sink;
      Type repeated = list.getType(0);
      if (ParquetSchemas.isTwoLevel(list)) {
        FieldType required = elementType.withNullable(false);
        if (repeated.isPrimitive()) {
          child = leaf(repeated.asPrimitiveType(), required, v -> current.add(v));
        } else {
          child =
              new RowConverter(
                  repeated.asGroupType(), required.getRowSchema(), v -> current.add(v));
        }
      } else {
        child = new ElementConverter(repeated.asGroupType(), elementType);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return child;
    }

    @Override
    public void start() {
      current.clear();
    }

    @Override
    public void end() {
      sink.accept(current.isEmpty() ? Collections.emptyList() : Arrays.asList(current.toArray()));
    }

    /** The repeated middle level: one call pair per element, even a null one. */
    private final class ElementConverter extends GroupConverter {
      private final Converter element;
      private Object value;

      ElementConverter(GroupType repeated, FieldType elementType) {
        element = converterFor(repeated.getType(0), elementType, v -> value = v);
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return element;
      }

      @Override
      public void start() {
        value = null;
      }

      @Override
      public void end() {
        current.add(value);
      }
    }
  }

  /** A MAP-annotated group. */
  static final class MapConverter extends GroupConverter {
    private final Sink sink;
    private final KeyValueConverter kv;
    private Map<Object, Object> current;

    MapConverter(GroupType map, FieldType mapType, Sink sink) {
      this.sink = sink;
      this.kv = new KeyValueConverter(map.getType(0).asGroupType(), mapType);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return kv;
    }

    @Override
    public void start() {
      current = new HashMap<>();
    }

    @Override
    public void end() {
      sink.accept(current);
    }

    private final class KeyValueConverter extends GroupConverter {
      private final Converter[] converters;
      private Object key;
      private Object value;

      KeyValueConverter(GroupType kv, FieldType mapType) {
        converters = new Converter[kv.getFieldCount()];
        converters[0] = converterFor(kv.getType(0), mapType.getMapKeyType(), v -> key = v);
        if (kv.getFieldCount() > 1) {
          converters[1] = converterFor(kv.getType(1), mapType.getMapValueType(), v -> value = v);
        }
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return converters[fieldIndex];
      }

      @Override
      public void start() {
        key = null;
        value = null;
      }

      @Override
      public void end() {
        current.put(key, value);
      }
    }
  }

  /** A leaf converter from the type table entry that reads {@code p}. */
  static PrimitiveConverter leaf(PrimitiveType p, FieldType ft, Sink sink) {
    return TypeTable.forParquet(p).converter(p, ft, sink);
  }
}
