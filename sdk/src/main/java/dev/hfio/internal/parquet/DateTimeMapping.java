package dev.hfio.internal.parquet;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.Date;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.Time;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Calendar values without an instant: DATE ↔ {@link SqlTypes#DATE} ({@code LocalDate}) and TIME of
 * any unit ↔ {@link SqlTypes#TIME} ({@code LocalTime}, exact). The TIME unit is kept in {@link
 * ParquetSchemas#OPTION_TIME_UNIT} (written as NANOS when absent).
 */
enum DateTimeMapping implements TypeMapping {
  DATE {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, Date.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      return p.getPrimitiveTypeName() == PrimitiveTypeName.INT32
          && p.getLogicalTypeAnnotation() instanceof DateLogicalTypeAnnotation;
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return TypeTable.DATE;
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition)
          .as(LogicalTypeAnnotation.dateType())
          .named(name);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> c.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay()));
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new PrimitiveConverter() {
        @Override
        public void addInt(int value) {
          sink.accept(LocalDate.ofEpochDay(value));
        }
      };
    }

    @Override
    public Comparable<?> filterValue(PrimitiveType leaf, Object literal) {
      if (literal instanceof LocalDate d) {
        return Math.toIntExact(d.toEpochDay());
      }
      return TypeMapping.physicalValue(leaf, literal);
    }
  },
  TIME {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, Time.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      PrimitiveTypeName n = p.getPrimitiveTypeName();
      return (n == PrimitiveTypeName.INT32 || n == PrimitiveTypeName.INT64)
          && p.getLogicalTypeAnnotation() instanceof TimeLogicalTypeAnnotation;
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return TypeTable.TIME;
    }

    @Override
    public void addOptions(PrimitiveType p, Schema.Options.Builder options) {
      TimeLogicalTypeAnnotation t = (TimeLogicalTypeAnnotation) p.getLogicalTypeAnnotation();
      options.setOption(ParquetSchemas.OPTION_TIME_UNIT, FieldType.STRING, t.getUnit().name());
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      TimeUnit unit = writtenUnit(options);
      PrimitiveTypeName physical =
          unit == TimeUnit.MILLIS ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64;
      return Types.primitive(physical, repetition)
          .as(LogicalTypeAnnotation.timeType(false, unit))
          .named(name);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      switch (writtenUnit(options)) {
        case MILLIS:
          return (c, v) -> c.addInteger((int) (((LocalTime) v).toNanoOfDay() / 1_000_000L));
        case MICROS:
          return (c, v) -> c.addLong(((LocalTime) v).toNanoOfDay() / 1_000L);
        default:
          return (c, v) -> c.addLong(((LocalTime) v).toNanoOfDay());
      }
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      if (leaf.getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
        return new PrimitiveConverter() {
          @Override
          public void addInt(int value) {
            sink.accept(LocalTime.ofNanoOfDay(value * 1_000_000L));
          }
        };
      }
      long factor = unit(leaf) == TimeUnit.MICROS ? 1000L : 1L;
      return new PrimitiveConverter() {
        @Override
        public void addLong(long v) {
          sink.accept(LocalTime.ofNanoOfDay(v * factor));
        }
      };
    }

    @Override
    public Comparable<?> filterValue(PrimitiveType leaf, Object literal) {
      if (literal instanceof LocalTime t) {
        long nanos = t.toNanoOfDay();
        if (leaf.getPrimitiveTypeName() == PrimitiveTypeName.INT32) {
          return Math.toIntExact(nanos / 1_000_000L);
        }
        return unit(leaf) == TimeUnit.MICROS ? nanos / 1000L : nanos;
      }
      return TypeMapping.physicalValue(leaf, literal);
    }
  };

  private static TimeUnit unit(PrimitiveType leaf) {
    return ((TimeLogicalTypeAnnotation) leaf.getLogicalTypeAnnotation()).getUnit();
  }

  /**
   * The TIME unit a field is written with: {@link ParquetSchemas#OPTION_TIME_UNIT}, NANOS unless
   * MILLIS/MICROS.
   */
  private static TimeUnit writtenUnit(Schema.Options options) {
    String unit = options.getValueOrDefault(ParquetSchemas.OPTION_TIME_UNIT, "NANOS");
    return unit.equals("MILLIS")
        ? TimeUnit.MILLIS
        : unit.equals("MICROS") ? TimeUnit.MICROS : TimeUnit.NANOS;
  }
}
