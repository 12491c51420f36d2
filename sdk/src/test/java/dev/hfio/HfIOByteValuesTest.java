package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.WritePipelines.RunnerKind;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.testing.HubFixture;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.VariableBytes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Byte-array-backed values (BYTES, FixedBytes, VariableBytes, strings, decimals, lists, maps and
 * nested rows of bytes) round-trip exactly through HfIO over real HTTP, with fixed sharding and
 * several row groups per file, on the Direct runner and on Flink {@code [local]} (parallelism 2,
 * rows serialized between steps), read both without and with an error handler (which holds a row
 * group's rows before emitting them). Each read row is compared with the row written under its id
 * on the worker; a mismatch names the field and both values byte by byte.
 */
class HfIOByteValuesTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema INNER = Schema.builder().addByteArrayField("blob").build();

  static final Schema SCHEMA =
      Schema.builder()
          .addInt32Field("id")
          .addByteArrayField("bytes")
          .addNullableField("maybeBytes", FieldType.BYTES)
          .addField("fixed", FieldType.logicalType(FixedBytes.of(4)))
          .addField("var", FieldType.logicalType(VariableBytes.of(8)))
          .addNullableField("s", FieldType.STRING)
          .addField(ParquetSchemas.withDecimal(Field.of("dec", FieldType.DECIMAL), 20, 2))
          .addField("list", FieldType.array(FieldType.BYTES))
          .addField("map", FieldType.map(FieldType.STRING, FieldType.BYTES))
          .addNullableField("inner", FieldType.row(INNER))
          .build();

  static final int ROWS = 4000;

  /** Half of the values repeat (dictionary pages), half are unique (dictionary fallback). */
  static byte[] value(int i, int field) {
    int v = i % 2 == 0 ? i % 13 : i;
    return new byte[] {(byte) field, (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  static Row row(int i) {
    Map<String, byte[]> map = new LinkedHashMap<>();
    map.put("k" + (i % 5), value(i, 7));
    return Row.withSchema(SCHEMA)
        .addValues(
            i,
            value(i, 1),
            i % 3 == 0 ? null : value(i, 2),
            value(i, 3),
            Arrays.copyOf(value(i, 4), 1 + i % 8),
            i % 7 == 0 ? null : "s-" + (i % 2 == 0 ? i % 13 : i) + "-ü",
            BigDecimal.valueOf(i % 2 == 0 ? i % 13 : -i, 2),
            List.of(value(i, 5), value(i, 6)),
            map,
            i % 4 == 0 ? null : Row.withSchema(INNER).addValue(value(i, 8)).build())
        .build();
  }

  @Test
  void roundTripOnDirect() throws Exception {
    roundTrip(RunnerKind.DIRECT);
  }

  @Test
  void roundTripOnFlink() throws Exception {
    roundTrip(RunnerKind.FLINK);
  }

  private void roundTrip(RunnerKind kind) throws Exception {
    RepoRef repo = HUB.newDataset("bytes-" + kind.name().toLowerCase(java.util.Locale.ROOT));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(row(i));
    }
    List<WriteResult> written =
        WritePipelines.run(
            kind,
            HfIO.write()
                .to(HubFixture.root(repo))
                .withHubConfig(HUB.config(HUB.writeToken()))
                .withSplit("train")
                .withNumShards(3)
                .withRowGroupBytes(64 << 10),
            rows,
            SCHEMA);
    assertThat(written).hasSize(1);
    assertThat(written.get(0).rows()).isEqualTo(ROWS);
    int rowGroups = 0;
    for (String f : written.get(0).files()) {
      java.nio.file.Path local = java.nio.file.Files.createTempFile("hfio-bytes", ".parquet");
      try {
        java.nio.file.Files.write(local, HUB.client().readAllBytes(repo, "main", f));
        try (LocalFileRangeSource src = new LocalFileRangeSource(local)) {
          rowGroups += ParquetFooter.read(src).rowGroupCount();
        }
      } finally {
        java.nio.file.Files.delete(local);
      }
    }
    assertThat(rowGroups).as("row groups in the 3 shards").isGreaterThan(3);

    // one pipeline, two reads: rows emitted as decoded, and rows held per row group (handler)
    Pipeline p = Pipeline.create(WritePipelines.options(kind));
    BadRecordSink sink = new BadRecordSink();
    BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
    HfIO.Read read = HUB.read(repo.id()).withSplit("train");
    PCollection<Row> plain = p.apply("Read", read);
    PCollection<Row> held = p.apply("ReadWithHandler", read.withErrorHandler(eh));
    eh.close();
    for (PCollection<Row> back : List.of(plain, held)) {
      String name = back == plain ? "Plain" : "Held";
      PAssert.that(name + "Mismatches", back.apply(name + "Compare", ParDo.of(new CompareFn())))
          .empty();
      PAssert.thatSingleton(name + "Rows", back.apply(name + "Count", Count.globally()))
          .isEqualTo((long) ROWS);
    }
    assertThat(p.run().waitUntilFinish()).isEqualTo(PipelineResult.State.DONE);
    assertThat(sink.records()).isEmpty();
  }

  /** A line for each read row that differs from the row written under its id. */
  static final class CompareFn extends DoFn<Row, String> {
    @ProcessElement
    public void process(@Element Row read, OutputReceiver<String> out) {
      Row got = Row.withSchema(SCHEMA).attachValues(new ArrayList<>(read.getValues()));
      Row expected = row(got.getInt32("id"));
      if (expected.equals(got)) {
        return;
      }
      StringBuilder b = new StringBuilder("row " + got.getInt32("id") + ":");
      for (int f = 0; f < SCHEMA.getFieldCount(); f++) {
        Object a = got.getValue(f);
        Object e = expected.getValue(f);
        if (!Row.Equals.deepEquals(a, e, SCHEMA.getField(f).getType())) {
          b.append(' ')
              .append(SCHEMA.getField(f).getName())
              .append(" read ")
              .append(show(a))
              .append(" expected ")
              .append(show(e));
        }
      }
      out.output(b.toString());
    }

    private static String show(Object v) {
      return v instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(v);
    }
  }
}
