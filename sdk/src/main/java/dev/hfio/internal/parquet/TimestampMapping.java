package dev.hfio.internal.parquet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.logicaltypes.DateTime;
import org.apache.beam.sdk.schemas.logicaltypes.MicrosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Timestamps, each precision to its own Beam type so none is lost: TIMESTAMP(MILLIS, UTC) ↔
 * DATETIME (Joda {@code Instant}); MICROS ↔ {@link MicrosInstant}; NANOS and legacy INT96 ↔ {@link
 * NanosInstant} (both {@code java.time.Instant}); a local timestamp (isAdjustedToUTC=false) of any
 * unit ↔ {@link DateTime} ({@code LocalDateTime}), marked with {@link
 * ParquetSchemas#OPTION_LOCAL_TIMESTAMP} and its unit in {@link ParquetSchemas#OPTION_TIME_UNIT}
 * (written as MICROS when absent; digits below the unit are truncated).
 */
enum TimestampMapping implements TypeMapping {
  MILLIS_INSTANT(TimeUnit.MILLIS) {
    @Override
    public boolean writes(FieldType type) {
      return type.getTypeName() == TypeName.DATETIME;
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return FieldType.DATETIME;
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      return (c, v) -> c.addLong(((org.joda.time.ReadableInstant) v).getMillis());
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new PrimitiveConverter() {
        @Override
        public void addLong(long value) {
          sink.accept(new org.joda.time.Instant(value));
        }
      };
    }
  },
  MICROS_INSTANT(TimeUnit.MICROS) {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, MicrosInstant.IDENTIFIER);
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return TypeTable.MICROS_INSTANT;
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      return new PrimitiveConverter() {
        @Override
        public void addLong(long v) {
          sink.accept(
              Instant.ofEpochSecond(
                  Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000L));
        }
      };
    }
  },
  NANOS_INSTANT(TimeUnit.NANOS) {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, NanosInstant.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      return p.getPrimitiveTypeName() == PrimitiveTypeName.INT96 || super.reads(p);
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return TypeTable.NANOS_INSTANT;
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      if (leaf.getPrimitiveTypeName() == PrimitiveTypeName.INT96) {
        return new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanosOfDay = b.getLong();
            long julianDay = b.getInt() & 0xffffffffL;
            long epochDay = julianDay - 2_440_588L;
            sink.accept(Instant.ofEpochSecond(epochDay * 86_400L, 0).plusNanos(nanosOfDay));
          }
        };
      }
      return new PrimitiveConverter() {
        @Override
        public void addLong(long v) {
          sink.accept(
              Instant.ofEpochSecond(
                  Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L)));
        }
      };
    }
  },
  LOCAL_DATETIME(null) {
    @Override
    public boolean writes(FieldType type) {
      return TypeMapping.isLogical(type, DateTime.IDENTIFIER);
    }

    @Override
    public boolean reads(PrimitiveType p) {
      return p.getPrimitiveTypeName() == PrimitiveTypeName.INT64
          && p.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts
          && !ts.isAdjustedToUTC();
    }

    @Override
    public FieldType beamType(PrimitiveType p) {
      return TypeTable.LOCAL_DATETIME;
    }

    @Override
    public void addOptions(PrimitiveType p, Schema.Options.Builder options) {
      TimestampLogicalTypeAnnotation ts =
          (TimestampLogicalTypeAnnotation) p.getLogicalTypeAnnotation();
      options.setOption(ParquetSchemas.OPTION_LOCAL_TIMESTAMP, FieldType.BOOLEAN, true);
      options.setOption(ParquetSchemas.OPTION_TIME_UNIT, FieldType.STRING, ts.getUnit().name());
    }

    @Override
    public PrimitiveType parquetType(
        String name, Repetition repetition, FieldType type, Schema.Options options) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(false, localDateTimeUnit(options)))
          .named(name);
    }

    @Override
    public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
      TimeUnit unit = localDateTimeUnit(options);
      return (c, v) -> c.addLong(instantTo(((LocalDateTime) v).toInstant(ZoneOffset.UTC), unit));
    }

    @Override
    public PrimitiveConverter converter(PrimitiveType leaf, FieldType type, Sink sink) {
      long perSecond =
          leaf.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts
              ? ts.getUnit() == TimeUnit.MILLIS
                  ? 1_000L
                  : ts.getUnit() == TimeUnit.MICROS ? 1_000_000L : 1_000_000_000L
              : 1_000_000L;
      long nanosPerUnit = 1_000_000_000L / perSecond;
      return new PrimitiveConverter() {
        @Override
        public void addLong(long v) {
          sink.accept(
              LocalDateTime.ofEpochSecond(
                  Math.floorDiv(v, perSecond),
                  (int) (Math.floorMod(v, perSecond) * nanosPerUnit),
                  ZoneOffset.UTC));
        }
      };
    }
  };

  /**
   * The unit of the UTC timestamps this entry reads and writes (null for the local timestamp of any
   * unit).
   */
  private final TimeUnit unit;

  TimestampMapping(TimeUnit unit) {
    this.unit = unit;
  }

  @Override
  public boolean reads(PrimitiveType p) {
    return p.getPrimitiveTypeName() == PrimitiveTypeName.INT64
        && p.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts
        && ts.isAdjustedToUTC()
        && ts.getUnit() == unit;
  }

  @Override
  public PrimitiveType parquetType(
      String name, Repetition repetition, FieldType type, Schema.Options options) {
    return Types.primitive(PrimitiveTypeName.INT64, repetition)
        .as(LogicalTypeAnnotation.timestampType(!localTimestamp(options), unit))
        .named(name);
  }

  @Override
  public Writer writer(FieldType type, Schema.Options options, PrimitiveType leaf) {
    return (c, v) -> c.addLong(instantTo((Instant) v, unit));
  }

  /**
   * Any instant literal (java.time or Joda, or a {@code LocalDateTime} read as UTC) in the column's
   * unit.
   */
  @Override
  public Comparable<?> filterValue(PrimitiveType leaf, Object v) {
    if (leaf.getPrimitiveTypeName() != PrimitiveTypeName.INT64) {
      throw new UnsupportedOperationException(leaf.toString());
    }
    TimeUnit columnUnit =
        leaf.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts
            ? ts.getUnit()
            : null;
    if (v instanceof LocalDateTime t) {
      return instantTo(
          t.toInstant(ZoneOffset.UTC), columnUnit == null ? TimeUnit.MICROS : columnUnit);
    }
    if (v instanceof Instant i) {
      return instantTo(i, columnUnit == null ? TimeUnit.MILLIS : columnUnit);
    }
    if (v instanceof org.joda.time.ReadableInstant i) {
      return instantTo(
          Instant.ofEpochMilli(i.getMillis()), columnUnit == null ? TimeUnit.MILLIS : columnUnit);
    }
    return TypeMapping.physicalValue(leaf, v);
  }

  /**
   * The unit a {@link DateTime} ({@code LocalDateTime}) field is written with: the option, default
   * MICROS.
   */
  static TimeUnit localDateTimeUnit(Schema.Options options) {
    return TimeUnit.valueOf(options.getValueOrDefault(ParquetSchemas.OPTION_TIME_UNIT, "MICROS"));
  }

  static boolean localTimestamp(Schema.Options options) {
    return Boolean.TRUE.equals(
        options.getValueOrDefault(ParquetSchemas.OPTION_LOCAL_TIMESTAMP, false));
  }

  static long instantTo(Instant i, TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return Math.addExact(
            Math.multiplyExact(i.getEpochSecond(), 1_000L), i.getNano() / 1_000_000L);
      case MICROS:
        return Math.addExact(
            Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
      default:
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
  }
}
