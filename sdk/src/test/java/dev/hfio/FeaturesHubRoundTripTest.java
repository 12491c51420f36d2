package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.dataset.HfFeatures;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.dataset.DatasetInfo;
import dev.hfio.internal.dataset.Features;
import dev.hfio.internal.dataset.FeaturesTest;
import dev.hfio.internal.dataset.PyJson;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowParquetWriter;
import dev.hfio.testing.HubFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every type HfIO writes, through the Hub and back (DirectRunner): the {@code huggingface} footer
 * key of every file and the card's {@code dataset_info.features} are exactly what {@code datasets}
 * (huggingface/datasets b7cb10b0, 5.0.1) stores for the same Arrow types ({@link
 * FeaturesTest#ALL_TYPES_JSON}), and {@code HfIO.read()} gives the written Beam types back
 * (ClassLabel → enumeration, Image/Audio → {@link HfFeatures} types); files that carry features the
 * way {@code datasets} writes them read to the same types, with the card winning over the footer.
 */
class FeaturesHubRoundTripTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema S = FeaturesTest.ALL_TYPES;

  /** Emits rows 0..n-1 for the element n. */
  static final class RowsFn extends DoFn<Integer, Row> {
    @ProcessElement
    public void process(@Element Integer n, OutputReceiver<Row> out) {
      for (int i = 0; i < n; i++) {
        out.output(row(i));
      }
    }
  }

  static Row row(long n) {
    EnumerationType odd = S.getField("odd_enum").getType().getLogicalType(EnumerationType.class);
    Schema span = S.getField("spans").getType().getCollectionElementType().getRowSchema();
    Schema meta = S.getField("meta").getType().getRowSchema();
    return Row.withSchema(S)
        .withFieldValue("b", n % 2 == 0)
        .withFieldValue("i8", (byte) n)
        .withFieldValue("i16", (short) (300 + n))
        .withFieldValue("i32", 70_000 + (int) n)
        .withFieldValue("i64", (1L << 40) + n)
        .withFieldValue("f32", 1.5f + n)
        .withFieldValue("f64", 2.25 + n)
        .withFieldValue("s", "héllo " + n)
        .withFieldValue("bin", new byte[] {1, 2, (byte) n})
        .withFieldValue("fixed", new byte[] {9, 8, 7, (byte) n})
        .withFieldValue("uuid", new UUID(n, 42))
        .withFieldValue("dec", new BigDecimal("1.500000000000000000").add(BigDecimal.valueOf(n)))
        .withFieldValue("dec10", new BigDecimal("12.34").add(BigDecimal.valueOf(n)))
        .withFieldValue("ts_ms", new org.joda.time.Instant(1_700_000_000_123L + n))
        .withFieldValue("ts_us", Instant.ofEpochSecond(1_700_000_000L, 123_456_000L + n * 1000))
        .withFieldValue("ts_ns", Instant.ofEpochSecond(1_700_000_000L, 123_456_789L + n))
        .withFieldValue("local", LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000))
        .withFieldValue("d", LocalDate.of(2024, 1, 1).plusDays(n))
        .withFieldValue("t", LocalTime.of(12, 34, 56, 789_012_345))
        .withFieldValue("t_us", LocalTime.of(1, 2, 3, 456_000))
        .withFieldValue("u8", (short) (200 + n))
        .withFieldValue("label", FeaturesTest.LABEL.valueOf((int) (n % 2)))
        .withFieldValue("odd_enum", odd.valueOf("b"))
        .withFieldValue("image", HfFeatures.media(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "a.png"))
        .withFieldValue("audio", HfFeatures.media(null, "clip-" + n + ".wav"))
        .withFieldValue("tags", List.of("x", "y" + n))
        .withFieldValue(
            "spans",
            List.of(
                Row.withSchema(span).addValues(3, FeaturesTest.LABEL.valueOf("neg")).build(),
                Row.withSchema(span).addValues(7, FeaturesTest.LABEL.valueOf("pos")).build()))
        .withFieldValue(
            "meta",
            Row.withSchema(meta)
                .addValues("src" + n, Instant.ofEpochSecond(1_600_000_000L, 1000))
                .build())
        .withFieldValue("counts", Map.of("a", n, "b", 2L))
        .build();
  }

  @Test
  void footersAndCardDeclareWhatDatasetsWouldAndReadGivesTheTypesBack(@TempDir Path tmp)
      throws IOException {
    RepoRef repo = HUB.newDataset("features");
    Pipeline w = Pipeline.create(HubFixture.direct());
    // the three rows come from one element, so they reach the shard assigner in one bundle and
    // its round robin puts them in both shards (Create may make one bundle per row: each bundle
    // starts at a random shard, so all three landed in one shard now and then)
    w.apply(Create.of(3))
        .apply(ParDo.of(new RowsFn()))
        .setRowSchema(S)
        .apply(
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withNumShards(2)
                .withHubConfig(HUB.config(HUB.writeToken())));
    w.run().waitUntilFinish();

    // every file's footer: {"info": {"features": ...}} exactly as json.dumps writes it
    List<String> parquet =
        HUB.listFiles(repo, "main").stream().filter(f -> f.endsWith(".parquet")).toList();
    assertThat(parquet).hasSize(2);
    for (String f : parquet) {
      assertThat(footer(repo, f, tmp).huggingFaceMetadata())
          .as("footer key of %s", f)
          .contains("{\"info\": {\"features\": " + FeaturesTest.ALL_TYPES_JSON + "}}");
    }

    // the card: dataset_info kept for every type, features in the YAML list form
    String readme =
        new String(HUB.client().readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8);
    DatasetInfo info = DatasetCard.parse(readme).datasetInfo("default").orElseThrow();
    assertThat(PyJson.dumps(Features.dictFromYaml(info.features())))
        .isEqualTo(FeaturesTest.ALL_TYPES_JSON);
    assertThat(readme)
        .contains("  - name: ts_us\n    dtype: \"timestamp[us, tz=UTC]\"\n")
        .contains("  - name: image\n    dtype: image\n")
        .contains(
            "      class_label:\n        names:\n          \"0\": neg\n          \"1\": pos\n");
    assertThat(info.split("train").orElseThrow().numExamples()).isEqualTo(3);

    // read back: the written types (a UUID reads as its 16 bytes and an enumeration that is not
    // a ClassLabel as its names, as before)
    Pipeline r = Pipeline.create(HubFixture.direct());
    PCollection<Row> read = r.apply(HUB.read(repo.id()));
    Schema got = read.getSchema();
    assertThat(got.getFieldNames()).isEqualTo(S.getFieldNames());
    for (Schema.Field f : S.getFields()) {
      FieldType expected =
          switch (f.getName()) {
            case "uuid" -> FieldType.logicalType(FixedBytes.of(16));
            case "odd_enum" -> FieldType.STRING;
            default -> f.getType();
          };
      assertThat(got.getField(f.getName()).getType())
          .as("read type of %s", f.getName())
          .isEqualTo(expected);
    }
    PAssert.that(
            read.apply(
                MapElements.into(TypeDescriptors.strings()).via(FeaturesHubRoundTripTest::render)))
        .containsInAnyOrder(render(row(0)), render(row(1)), render(row(2)));
    r.run().waitUntilFinish();
  }

  @Test
  void filesWrittenByDatasetsReadToTheDeclaredTypesAndTheCardWins(@TempDir Path tmp)
      throws IOException {
    // what datasets writes for {label: ClassLabel(names=[neg, pos]), image: Image(),
    // tags: List(ClassLabel(...))}: int64, struct<bytes, path> and list<int64> with the
    // features under the footer key
    Schema storage =
        Schema.builder()
            .addNullableField("label", FieldType.INT64)
            .addNullableField("image", FieldType.row(HfFeatures.MEDIA_SCHEMA))
            .addNullableField("tags", FieldType.array(FieldType.INT64.withNullable(true)))
            .build();
    String key =
        "{\"info\": {\"features\": {\"label\": {\"names\": [\"neg\", \"pos\"], \"_type\":"
            + " \"ClassLabel\"}, \"image\": {\"_type\": \"Image\"}, \"tags\": {\"feature\":"
            + " {\"names\": [\"neg\", \"pos\"], \"_type\": \"ClassLabel\"}, \"_type\":"
            + " \"List\"}}}}";
    Path file = tmp.resolve("train-00000-of-00001.parquet");
    try (RowParquetWriter pw =
        RowParquetWriter.builder(file, storage).keyValueMetadata("huggingface", key).build()) {
      pw.write(
          Row.withSchema(storage)
              .addValues(1L, HfFeatures.media(new byte[] {1}, "x.png"), List.of(0L, 1L))
              .build());
      pw.write(Row.withSchema(storage).addValues(-1L, null, List.of()).build());
      pw.finish();
    }
    RepoRef repo = HUB.newDataset("dsfile");
    HUB.commit(repo, "main", HubFixture.files("data/train-00000-of-00001.parquet", file));

    Pipeline r = Pipeline.create(HubFixture.direct());
    PCollection<Row> read = r.apply(HUB.read(repo.id()));
    EnumerationType label = EnumerationType.create("neg", "pos");
    assertThat(read.getSchema().getField("label").getType())
        .isEqualTo(FieldType.logicalType(label).withNullable(true));
    assertThat(read.getSchema().getField("image").getType())
        .isEqualTo(HfFeatures.image().withNullable(true));
    assertThat(read.getSchema().getField("tags").getType())
        .isEqualTo(
            FieldType.array(FieldType.logicalType(label).withNullable(true)).withNullable(true));
    // -1 is datasets' "no label": null in a nullable column
    PAssert.that(
            read.apply(
                MapElements.into(TypeDescriptors.strings()).via(FeaturesHubRoundTripTest::render)))
        .containsInAnyOrder("{pos, {01, x.png}, [neg, pos]}", "{null, null, []}");
    r.run().waitUntilFinish();

    // a card that declares other names wins over the footer
    HUB.commit(
        repo,
        "main",
        HubFixture.files(
            "README.md",
            "---\ndataset_info:\n  features:\n  - name: label\n    dtype:\n      class_label:\n"
                + "        names:\n          '0': bad\n          '1': good\n  - name: image\n"
                + "    dtype: image\n  - name: tags\n    list: int64\n---\n"));
    Pipeline r2 = Pipeline.create(HubFixture.direct());
    PCollection<Row> read2 = r2.apply(HUB.read(repo.id()));
    assertThat(read2.getSchema().getField("label").getType())
        .isEqualTo(FieldType.logicalType(EnumerationType.create("bad", "good")).withNullable(true));
    assertThat(read2.getSchema().getField("tags").getType())
        .isEqualTo(FieldType.array(FieldType.INT64.withNullable(true)).withNullable(true));
    PAssert.that(
            read2.apply(
                MapElements.into(TypeDescriptors.strings()).via(FeaturesHubRoundTripTest::render)))
        .containsInAnyOrder("{good, {01, x.png}, [0, 1]}", "{null, null, []}");
    r2.run().waitUntilFinish();
  }

  private static ParquetFooter footer(RepoRef repo, String path, Path tmp) throws IOException {
    Path local = Files.createTempFile(tmp, "f", ".parquet");
    Files.write(local, HUB.client().readAllBytes(repo, "main", path));
    try (LocalFileRangeSource src = new LocalFileRangeSource(local)) {
      return ParquetFooter.read(src);
    }
  }

  /** A row as text that is equal for equal values of every type (bytes in hex, maps sorted). */
  static String render(Row row) {
    return render(row, FieldType.row(row.getSchema()));
  }

  static String render(Object v, FieldType t) {
    if (v == null) {
      return "null";
    }
    if (t.getTypeName() == Schema.TypeName.LOGICAL_TYPE
        && t.getLogicalType() instanceof EnumerationType e) {
      return e.toString((EnumerationType.Value) v);
    }
    if (v instanceof Row row) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < row.getFieldCount(); i++) {
        parts.add(render(row.getValue(i), row.getSchema().getField(i).getType()));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (v instanceof UUID u) {
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(16);
      bb.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
      return HexFormat.of().formatHex(bb.array());
    }
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(render(k, t.getMapKeyType()), render(x, t.getMapValueType())));
      return sorted.toString();
    }
    if (v instanceof Iterable<?> it) {
      List<String> parts = new ArrayList<>();
      it.forEach(x -> parts.add(render(x, t.getCollectionElementType())));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof org.joda.time.ReadableInstant i) {
      return "joda " + i.getMillis();
    }
    return v.toString();
  }
}
