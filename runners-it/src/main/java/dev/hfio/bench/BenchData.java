package dev.hfio.bench;

import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowParquetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * The benchmark's reproducible data: a 10-column schema of mixed int/float/string/list columns, and
 * row {@code i} as a pure function of (seed, i), so the dataset files, the write benchmark's input
 * and both sides of every comparison see exactly the same values.
 */
final class BenchData {
  private BenchData() {}

  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addInt32Field("i32")
          .addInt64Field("i64")
          .addDoubleField("f64")
          .addFloatField("f32")
          .addStringField("category")
          .addStringField("text")
          .addArrayField("int_list", FieldType.INT64)
          .addArrayField("float_list", FieldType.DOUBLE)
          .addStringField("hex")
          .build();

  /** The two columns of the projection benchmark (one fixed-width, one variable-width). */
  static final List<String> PROJECTED = List.of("f64", "text");

  static final org.apache.avro.Schema AVRO = AvroUtils.toAvroSchema(SCHEMA);

  private static final String[] CATEGORIES = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "omicron", "pi"
  };
  private static final String[] WORDS = words();

  private static String[] words() {
    SplittableRandom r = new SplittableRandom(42);
    String[] w = new String[2000];
    for (int i = 0; i < w.length; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 3 + r.nextInt(8);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      w[i] = sb.toString();
    }
    return w;
  }

  /** Values of row {@code i}, in schema order. */
  static List<Object> values(long seed, long i) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    List<Object> v = new ArrayList<>(10);
    v.add(i);
    v.add(r.nextInt(1_000_000));
    v.add(r.nextLong());
    v.add(r.nextDouble() * 1000);
    v.add((float) r.nextDouble());
    v.add(CATEGORIES[r.nextInt(CATEGORIES.length)]);
    StringBuilder text = new StringBuilder();
    int words = 4 + r.nextInt(9);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        text.append(' ');
      }
      text.append(WORDS[r.nextInt(WORDS.length)]);
    }
    v.add(text.toString());
    int n = r.nextInt(9);
    List<Long> ints = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      ints.add((long) r.nextInt(100_000));
    }
    v.add(ints);
    int m = r.nextInt(5);
    List<Double> floats = new ArrayList<>(m);
    for (int k = 0; k < m; k++) {
      floats.add(r.nextDouble());
    }
    v.add(floats);
    v.add(Long.toHexString(r.nextLong()));
    return v;
  }

  static Row row(long seed, long i) {
    return Row.withSchema(SCHEMA).attachValues(values(seed, i));
  }

  static GenericRecord record(long seed, long i) {
    List<Object> v = values(seed, i);
    GenericData.Record rec = new GenericData.Record(AVRO);
    for (int c = 0; c < v.size(); c++) {
      rec.put(c, v.get(c));
    }
    return rec;
  }

  /**
   * Writes rows [from, from + count) to one Parquet file with row groups of about {@code
   * rowGroupBytes}.
   */
  static void writeFile(Path file, long seed, long from, long count, long rowGroupBytes)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (RowParquetWriter w =
        RowParquetWriter.builder(file, SCHEMA).rowGroupBytes(rowGroupBytes).build()) {
      for (long i = from; i < from + count; i++) {
        w.write(row(seed, i));
      }
      w.finish();
    }
  }

  static ParquetFooter footer(Path file) throws IOException {
    try (LocalFileRangeSource s = new LocalFileRangeSource(file)) {
      return ParquetFooter.read(s);
    }
  }
}
