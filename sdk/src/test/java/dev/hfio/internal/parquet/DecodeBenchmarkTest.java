package dev.hfio.internal.parquet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decode throughput of {@link RowGroupReader} (Rows built directly) versus parquet-avro
 * GenericRecord reading of the same local file. Run with {@code -Dhfio.bench=true}; prints the
 * ratio.
 */
@EnabledIfSystemProperty(named = "hfio.bench", matches = "true")
class DecodeBenchmarkTest {
  @TempDir Path tmp;

  @Test
  void rowDecodeVersusParquetAvro() throws Exception {
    Schema inner = Schema.builder().addStringField("k").addDoubleField("v").build();
    Schema s =
        Schema.builder()
            .addInt64Field("id")
            .addStringField("text")
            .addNullableField("label", FieldType.STRING)
            .addDoubleField("score")
            .addInt32Field("n")
            .addArrayField("tags", FieldType.STRING)
            .addRowField("meta", inner)
            .build();
    Path file = tmp.resolve("bench.parquet");
    Random rnd = new Random(1);
    int n = Integer.getInteger("hfio.bench.rows", 1_000_000);
    try (RowParquetWriter w = RowParquetWriter.builder(file, s).build()) {
      for (int i = 0; i < n; i++) {
        w.write(
            Row.withSchema(s)
                .addValues(
                    (long) i,
                    "some text " + Long.toHexString(rnd.nextLong()) + " " + i,
                    i % 10 == 0 ? null : "label" + (i % 20),
                    rnd.nextDouble(),
                    rnd.nextInt(),
                    List.of("a", "b" + (i % 7)),
                    Row.withSchema(inner).addValues("k" + (i % 100), rnd.nextDouble()).build())
                .build());
      }
      w.finish();
    }
    double rowsPerSec = 0;
    double avroPerSec = 0;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      long count = 0;
      try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
        ParquetFooter footer = ParquetFooter.read(src);
        try (RowGroupReader r = RowGroupReader.builder(src, footer).build()) {
          long[] sink = new long[1];
          for (int g = 0; g < footer.rowGroupCount(); g++) {
            count += r.readRowGroup(g, row -> sink[0] += row.getValues().size());
          }
        }
      }
      long t1 = System.nanoTime();
      long avroCount = 0;
      try (LocalFileRangeSource src = new LocalFileRangeSource(file);
          ParquetReader<GenericRecord> reader =
              AvroParquetReader.<GenericRecord>builder(new RangeSourceInputFile(src, src.size()))
                  .build()) {
        List<Object> keep = new ArrayList<>(1);
        GenericRecord rec;
        while ((rec = reader.read()) != null) {
          keep.clear();
          keep.add(rec);
          avroCount++;
        }
      }
      long t2 = System.nanoTime();
      rowsPerSec = count / ((t1 - t0) / 1e9);
      avroPerSec = avroCount / ((t2 - t1) / 1e9);
      System.out.printf(
          "BENCH round %d: rows=%d RowGroupReader %.0f rows/s, parquet-avro %.0f rows/s, ratio %.2f%n",
          round, count, rowsPerSec, avroPerSec, rowsPerSec / avroPerSec);
    }
  }
}
