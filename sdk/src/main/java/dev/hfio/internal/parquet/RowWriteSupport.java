package dev.hfio.internal.parquet;

import dev.hfio.internal.parquet.TypeMapping.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes Beam {@link Row}s to parquet-java's record consumer directly, following {@link
 * ParquetSchemas#toParquetSchema}. The per-field writers are built once from the schema.
 */
final class RowWriteSupport extends WriteSupport<Row> {
  private final Schema schema;
  private final MessageType parquetSchema;
  private final Map<String, String> extraMetadata;
  private final RowWriter root;
  private RecordConsumer consumer;

  RowWriteSupport(Schema schema, Map<String, String> extraMetadata) {
    this.schema = schema;
    this.parquetSchema = ParquetSchemas.toParquetSchema(schema);
    this.extraMetadata = new HashMap<>(extraMetadata);
    this.root = new RowWriter(schema, parquetSchema);
  }

  MessageType parquetSchema() {
    return parquetSchema;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(parquetSchema, extraMetadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Row row) {
    consumer.startMessage();
    root.writeFields(consumer, row);
    consumer.endMessage();
  }

  private static Writer writerFor(FieldType type, Schema.Options options, Type parquetType) {
    switch (type.getTypeName()) {
      case ROW:
        {
          RowWriter w = new RowWriter(type.getRowSchema(), parquetType.asGroupType());
          return (c, v) -> {
            c.startGroup();
            w.writeFields(c, (Row) v);
            c.endGroup();
          };
        }
      case ARRAY:
      case ITERABLE:
        {
          GroupType list = parquetType.asGroupType().getType(0).asGroupType();
          Type elementType = list.getType(0);
          Writer element =
              writerFor(type.getCollectionElementType(), Schema.Options.none(), elementType);
          return (c, v) -> {
            c.startGroup();
            Iterable<?> items = (Iterable<?>) v;
            boolean any = false;
            for (Object item : items) {
              if (!any) {
                c.startField("list", 0);
                any = true;
              }
              c.startGroup();
              if (item != null) {
                c.startField("element", 0);
                element.write(c, item);
                c.endField("element", 0);
              } else if (elementType.isRepetition(Type.Repetition.REQUIRED)) {
                throw new IllegalArgumentException("Null element in a list of non-null elements");
              }
              c.endGroup();
            }
            if (any) {
              c.endField("list", 0);
            }
            c.endGroup();
          };
        }
      case MAP:
        {
          GroupType kv = parquetType.asGroupType().getType(0).asGroupType();
          Writer key = writerFor(type.getMapKeyType(), Schema.Options.none(), kv.getType(0));
          Writer value = writerFor(type.getMapValueType(), Schema.Options.none(), kv.getType(1));
          return (c, v) -> {
            c.startGroup();
            Map<?, ?> m = (Map<?, ?>) v;
            if (!m.isEmpty()) {
              c.startField("key_value", 0);
              for (Map.Entry<?, ?> e : m.entrySet()) {
                c.startGroup();
                c.startField("key", 0);
                key.write(c, e.getKey());
                c.endField("key", 0);
                if (e.getValue() != null) {
                  c.startField("value", 1);
                  value.write(c, e.getValue());
                  c.endField("value", 1);
                }
                c.endGroup();
              }
              c.endField("key_value", 0);
            }
            c.endGroup();
          };
        }
      default:
        if (TypeTable.hasStructuredBase(type)) {
          @SuppressWarnings("unchecked")
          Schema.LogicalType<Object, Object> lt =
              (Schema.LogicalType<Object, Object>) type.getLogicalType();
          Writer base = writerFor(lt.getBaseType(), options, parquetType);
          return (c, v) -> base.write(c, lt.toBaseType(v));
        }
        return TypeTable.forBeam(type).writer(type, options, parquetType.asPrimitiveType());
    }
  }

  /** Writes the fields of one row (a message or a group). */
  private static final class RowWriter {
    private final String[] names;
    private final boolean[] required;
    private final Writer[] writers;

    RowWriter(Schema schema, GroupType group) {
      int n = schema.getFieldCount();
      names = new String[n];
      required = new boolean[n];
      writers = new Writer[n];
      for (int i = 0; i < n; i++) {
        Field f = schema.getField(i);
        Type t = group.getType(i);
        names[i] = f.getName();
        required[i] = t.isRepetition(Type.Repetition.REQUIRED);
        writers[i] = writerFor(f.getType(), f.getOptions(), t);
      }
    }

    void writeFields(RecordConsumer c, Row row) {
      List<Object> values = row.getValues();
      for (int i = 0; i < names.length; i++) {
        Object v = values.get(i);
        if (v == null) {
          if (required[i]) {
            throw new IllegalArgumentException(
                "Null value for non-nullable field '" + names[i] + "'");
          }
          continue;
        }
        c.startField(names[i], i);
        writers[i].write(c, v);
        c.endField(names[i], i);
      }
    }
  }
}
