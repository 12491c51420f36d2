package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.DatasetCardException;
import dev.hfio.dataset.HfFeatures;
import dev.hfio.internal.parquet.ParquetSchemas;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.EnumerationType;
import org.apache.beam.sdk.schemas.logicaltypes.FixedBytes;
import org.apache.beam.sdk.schemas.logicaltypes.NanosInstant;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.logicaltypes.UuidLogicalType;
import org.junit.jupiter.api.Test;

/**
 * The Beam ↔ {@code datasets} features mapping. Every expected JSON and YAML literal below is what
 * huggingface/datasets at b7cb10b0 (5.0.1) produces for the Arrow type pyarrow reads from the
 * Parquet leaf HfIO writes: {@code Features.to_dict()} ({@code asdict}, fields equal to their
 * default left out; {@code Value} → {@code {"dtype", "_type"}}, {@code ClassLabel} → {@code
 * {"names", "_type"}}, {@code List} → {@code {"feature", "_type"}}, {@code Image} → {@code
 * {"_type"}}), dumped by {@code json.dumps} with its default separators ({@code
 * ArrowWriter._build_metadata}), and {@code Features._to_yaml_list} for the card.
 */
public class FeaturesTest {
  public static final EnumerationType LABEL = EnumerationType.create("neg", "pos");

  /** One column of every type HfIO writes. */
  public static final Schema ALL_TYPES =
      Schema.builder()
          .addField("b", FieldType.BOOLEAN)
          .addField("i8", FieldType.BYTE)
          .addField("i16", FieldType.INT16)
          .addField("i32", FieldType.INT32)
          .addField("i64", FieldType.INT64)
          .addField("f32", FieldType.FLOAT)
          .addField("f64", FieldType.DOUBLE)
          .addField("s", FieldType.STRING)
          .addField("bin", FieldType.BYTES)
          .addField("fixed", FieldType.logicalType(FixedBytes.of(4)))
          .addField("uuid", FieldType.logicalType(new UuidLogicalType()))
          .addField("dec", FieldType.DECIMAL)
          .addField(ParquetSchemas.withDecimal(Schema.Field.of("dec10", FieldType.DECIMAL), 10, 2))
          .addField("ts_ms", FieldType.DATETIME)
          .addField("ts_us", FieldType.logicalType(SqlTypes.TIMESTAMP))
          .addField("ts_ns", FieldType.logicalType(new NanosInstant()))
          .addField("local", FieldType.logicalType(SqlTypes.DATETIME))
          .addField("d", FieldType.logicalType(SqlTypes.DATE))
          .addField("t", FieldType.logicalType(SqlTypes.TIME))
          .addField(
              Schema.Field.of("t_us", FieldType.logicalType(SqlTypes.TIME))
                  .withOptions(
                      Schema.Options.builder()
                          .setOption(ParquetSchemas.OPTION_TIME_UNIT, FieldType.STRING, "MICROS")))
          .addField(
              Schema.Field.of("u8", FieldType.INT16)
                  .withOptions(
                      Schema.Options.builder()
                          .setOption(ParquetSchemas.OPTION_UNSIGNED_BITS, FieldType.INT32, 8)))
          .addField("label", FieldType.logicalType(LABEL))
          .addField(
              "odd_enum", FieldType.logicalType(EnumerationType.create(Map.of("a", 1, "b", 5))))
          .addField("image", HfFeatures.image())
          .addField("audio", HfFeatures.audio(16000))
          .addField("tags", FieldType.array(FieldType.STRING))
          .addField(
              "spans",
              FieldType.array(
                  FieldType.row(
                      Schema.builder()
                          .addInt32Field("start")
                          .addField("kind", FieldType.logicalType(LABEL))
                          .build())))
          .addField(
              "meta",
              FieldType.row(
                  Schema.builder()
                      .addStringField("source")
                      .addField("at", FieldType.logicalType(SqlTypes.TIMESTAMP))
                      .build()))
          .addField("counts", FieldType.map(FieldType.STRING, FieldType.INT64))
          .build();

  /** json.dumps of the features dict datasets would store for {@link #ALL_TYPES}. */
  public static final String ALL_TYPES_JSON =
      "{\"b\": {\"dtype\": \"bool\", \"_type\": \"Value\"}, "
          + "\"i8\": {\"dtype\": \"int8\", \"_type\": \"Value\"}, "
          + "\"i16\": {\"dtype\": \"int16\", \"_type\": \"Value\"}, "
          + "\"i32\": {\"dtype\": \"int32\", \"_type\": \"Value\"}, "
          + "\"i64\": {\"dtype\": \"int64\", \"_type\": \"Value\"}, "
          + "\"f32\": {\"dtype\": \"float32\", \"_type\": \"Value\"}, "
          + "\"f64\": {\"dtype\": \"float64\", \"_type\": \"Value\"}, "
          + "\"s\": {\"dtype\": \"string\", \"_type\": \"Value\"}, "
          + "\"bin\": {\"dtype\": \"binary\", \"_type\": \"Value\"}, "
          + "\"fixed\": {\"dtype\": \"fixed_size_binary[4]\", \"_type\": \"Value\"}, "
          + "\"uuid\": {\"dtype\": \"fixed_size_binary[16]\", \"_type\": \"Value\"}, "
          + "\"dec\": {\"dtype\": \"decimal128(38, 18)\", \"_type\": \"Value\"}, "
          + "\"dec10\": {\"dtype\": \"decimal128(10, 2)\", \"_type\": \"Value\"}, "
          + "\"ts_ms\": {\"dtype\": \"timestamp[ms, tz=UTC]\", \"_type\": \"Value\"}, "
          + "\"ts_us\": {\"dtype\": \"timestamp[us, tz=UTC]\", \"_type\": \"Value\"}, "
          + "\"ts_ns\": {\"dtype\": \"timestamp[ns, tz=UTC]\", \"_type\": \"Value\"}, "
          + "\"local\": {\"dtype\": \"timestamp[us]\", \"_type\": \"Value\"}, "
          + "\"d\": {\"dtype\": \"date32\", \"_type\": \"Value\"}, "
          + "\"t\": {\"dtype\": \"time64[ns]\", \"_type\": \"Value\"}, "
          + "\"t_us\": {\"dtype\": \"time64[us]\", \"_type\": \"Value\"}, "
          + "\"u8\": {\"dtype\": \"uint8\", \"_type\": \"Value\"}, "
          + "\"label\": {\"names\": [\"neg\", \"pos\"], \"_type\": \"ClassLabel\"}, "
          + "\"odd_enum\": {\"dtype\": \"string\", \"_type\": \"Value\"}, "
          + "\"image\": {\"_type\": \"Image\"}, "
          + "\"audio\": {\"sampling_rate\": 16000, \"_type\": \"Audio\"}, "
          + "\"tags\": {\"feature\": {\"dtype\": \"string\", \"_type\": \"Value\"}, \"_type\": \"List\"}, "
          + "\"spans\": {\"feature\": {\"start\": {\"dtype\": \"int32\", \"_type\": \"Value\"}, "
          + "\"kind\": {\"names\": [\"neg\", \"pos\"], \"_type\": \"ClassLabel\"}}, \"_type\": \"List\"}, "
          + "\"meta\": {\"source\": {\"dtype\": \"string\", \"_type\": \"Value\"}, "
          + "\"at\": {\"dtype\": \"timestamp[us, tz=UTC]\", \"_type\": \"Value\"}}, "
          + "\"counts\": {\"feature\": {\"key\": {\"dtype\": \"string\", \"_type\": \"Value\"}, "
          + "\"value\": {\"dtype\": \"int64\", \"_type\": \"Value\"}}, \"_type\": \"List\"}}";

  @Test
  void footerJsonIsWhatDatasetsWrites() {
    assertThat(Features.footerJson(ALL_TYPES))
        .isEqualTo("{\"info\": {\"features\": " + ALL_TYPES_JSON + "}}");
  }

  @Test
  void yamlListIsWhatDatasetsWrites() {
    List<Map<String, Object>> yaml = Features.toYaml(ALL_TYPES);
    // _to_yaml_list: Value -> dtype; ClassLabel -> dtype: {class_label: {names: {'0': .., ..}}};
    // Image -> dtype: image; Audio with an argument -> dtype: {audio: {sampling_rate: ..}};
    // List of a Value -> list: <dtype>; List of a struct -> list: [..]; dict -> struct: [..]
    assertThat(yaml.get(0)).isEqualTo(Map.of("name", "b", "dtype", "bool"));
    assertThat(byName(yaml, "ts_us"))
        .isEqualTo(Map.of("name", "ts_us", "dtype", "timestamp[us, tz=UTC]"));
    assertThat(byName(yaml, "label"))
        .isEqualTo(
            Map.of(
                "name",
                "label",
                "dtype",
                Map.of("class_label", Map.of("names", Map.of("0", "neg", "1", "pos")))));
    assertThat(byName(yaml, "image")).isEqualTo(Map.of("name", "image", "dtype", "image"));
    assertThat(byName(yaml, "audio"))
        .isEqualTo(
            Map.of("name", "audio", "dtype", Map.of("audio", Map.of("sampling_rate", 16000))));
    assertThat(byName(yaml, "tags")).isEqualTo(Map.of("name", "tags", "list", "string"));
    assertThat(byName(yaml, "spans"))
        .isEqualTo(
            Map.of(
                "name",
                "spans",
                "list",
                List.of(
                    Map.of("name", "start", "dtype", "int32"),
                    Map.of(
                        "name",
                        "kind",
                        "dtype",
                        Map.of("class_label", Map.of("names", Map.of("0", "neg", "1", "pos")))))));
    assertThat(byName(yaml, "meta"))
        .isEqualTo(
            Map.of(
                "name",
                "meta",
                "struct",
                List.of(
                    Map.of("name", "source", "dtype", "string"),
                    Map.of("name", "at", "dtype", "timestamp[us, tz=UTC]"))));
    // the YAML list reads back to the same dict (Features._from_yaml_list)
    assertThat(PyJson.dumps(Features.dictFromYaml(yaml))).isEqualTo(ALL_TYPES_JSON);
  }

  @Test
  void featuresReadBackToTheWrittenTypes() {
    Schema back = Features.fromYaml(Features.toYaml(ALL_TYPES));
    for (Schema.Field f : ALL_TYPES.getFields()) {
      FieldType got = back.getField(f.getName()).getType();
      assertThat(got.getNullable()).as(f.getName()).isTrue();
      switch (f.getName()) {
        case "uuid" ->
            assertThat(got).isEqualTo(FieldType.logicalType(FixedBytes.of(16)).withNullable(true));
        case "odd_enum" -> assertThat(got).isEqualTo(FieldType.STRING.withNullable(true));
        case "counts" -> assertThat(got.getTypeName()).isEqualTo(Schema.TypeName.ARRAY);
        case "tags", "spans", "meta" ->
            assertThat(got.getTypeName()).isEqualTo(f.getType().getTypeName());
        default -> assertThat(got).as(f.getName()).isEqualTo(f.getType().withNullable(true));
      }
    }
    // the options that complete a type: what is written back is the same dtype
    assertThat(Features.footerJson(back).replace("fixed_size_binary[16]", "x"))
        .contains("\"dec10\": {\"dtype\": \"decimal128(10, 2)\"")
        .contains("\"t_us\": {\"dtype\": \"time64[us]\"")
        .contains("\"u8\": {\"dtype\": \"uint8\"");
  }

  @Test
  void valueDtypesOfDatasetsMapToBeam() {
    Map<String, Object> dict =
        Features.dictFromYaml(
            List.of(
                Map.of("name", "a", "dtype", "large_string"),
                Map.of("name", "b", "dtype", "timestamp[us]"),
                Map.of("name", "c", "dtype", "timestamp[ns, tz=Europe/Paris]"),
                Map.of("name", "d", "dtype", "uint64"),
                Map.of("name", "e", "dtype", "float"),
                Map.of("name", "f", "sequence", "int32"),
                Map.of("name", "g", "sequence", List.of(Map.of("name", "x", "dtype", "string"))),
                Map.of("name", "h", "dtype", "decimal256(50, 4)"),
                Map.of("name", "i", "dtype", "time32[ms]")));
    Schema s = Features.fromDict(dict);
    assertThat(s.getField("a").getType()).isEqualTo(FieldType.STRING.withNullable(true));
    assertThat(s.getField("b").getType())
        .isEqualTo(FieldType.logicalType(SqlTypes.DATETIME).withNullable(true));
    assertThat(
            s.getField("b").getOptions().<Boolean>getValue(ParquetSchemas.OPTION_LOCAL_TIMESTAMP))
        .isTrue();
    assertThat(s.getField("c").getType())
        .isEqualTo(FieldType.logicalType(new NanosInstant()).withNullable(true));
    assertThat(s.getField("d").getOptions().<Integer>getValue(ParquetSchemas.OPTION_UNSIGNED_BITS))
        .isEqualTo(64);
    assertThat(s.getField("e").getType()).isEqualTo(FieldType.FLOAT.withNullable(true));
    assertThat(s.getField("f").getType())
        .isEqualTo(FieldType.array(FieldType.INT32.withNullable(true)).withNullable(true));
    // a sequence of a struct is a struct of lists, as datasets reads it
    assertThat(s.getField("g").getType().getRowSchema().getField("x").getType())
        .isEqualTo(FieldType.array(FieldType.STRING.withNullable(true)).withNullable(true));
    assertThat(
            s.getField("h").getOptions().<Integer>getValue(ParquetSchemas.OPTION_DECIMAL_PRECISION))
        .isEqualTo(50);
    assertThat(s.getField("i").getOptions().<String>getValue(ParquetSchemas.OPTION_TIME_UNIT))
        .isEqualTo("MILLIS");
  }

  @Test
  void legacyListFormsOfTheFooterAreRead() {
    // datasets < 4 wrote [feature] for a list and Sequence for a list or a dict of lists
    Map<String, Object> dict =
        Features.fromFooterJson(
                "{\"info\": {\"features\": {\"a\": [{\"dtype\": \"int64\", \"_type\": \"Value\"}],"
                    + " \"b\": {\"feature\": {\"dtype\": \"string\", \"_type\": \"Value\"},"
                    + " \"_type\": \"Sequence\"}}}}")
            .orElseThrow();
    Schema s = Features.fromDict(dict);
    assertThat(s.getField("a").getType().getCollectionElementType().getTypeName())
        .isEqualTo(Schema.TypeName.INT64);
    assertThat(s.getField("b").getType().getCollectionElementType().getTypeName())
        .isEqualTo(Schema.TypeName.STRING);
    assertThat(Features.fromFooterJson("not json")).isEmpty();
    assertThat(Features.fromFooterJson("{\"fingerprint\": \"x\"}")).isEmpty();
  }

  @Test
  void annotateAppliesOnlyFeaturesWhoseStorageMatches() {
    Schema physical =
        Schema.builder()
            .addInt64Field("label")
            .addStringField("text")
            .addNullableField("img", FieldType.row(HfFeatures.MEDIA_SCHEMA))
            .addArrayField("labels", FieldType.INT64)
            .build();
    Map<String, Object> features =
        Features.dictFromYaml(
            List.of(
                Map.of(
                    "name",
                    "label",
                    "dtype",
                    Map.of("class_label", Map.of("names", Map.of("0", "neg", "1", "pos")))),
                // a ClassLabel over a string column does not match its storage: ignored
                Map.of(
                    "name",
                    "text",
                    "dtype",
                    Map.of("class_label", Map.of("names", Map.of("0", "x")))),
                Map.of("name", "img", "dtype", "image"),
                Map.of(
                    "name",
                    "labels",
                    "list",
                    Map.of("class_label", Map.of("names", Map.of("0", "neg", "1", "pos"))))));
    Schema s = Features.annotate(physical, features);
    assertThat(s.getField("label").getType()).isEqualTo(FieldType.logicalType(LABEL));
    assertThat(s.getField("text").getType()).isEqualTo(FieldType.STRING);
    assertThat(s.getField("img").getType()).isEqualTo(HfFeatures.image().withNullable(true));
    assertThat(s.getField("labels").getType())
        .isEqualTo(FieldType.array(FieldType.logicalType(LABEL)));
  }

  @Test
  void malformedFeaturesNameTheProblem() {
    assertThatThrownBy(() -> Features.fromYaml(List.of(Map.of("name", "x", "dtype", "int65"))))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("x");
    assertThatThrownBy(
            () ->
                Features.fromYaml(
                    List.of(
                        Map.of(
                            "name",
                            "y",
                            "dtype",
                            Map.of("class_label", Map.of("names", Map.of("0", "a", "2", "c")))))))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("missing");
  }

  private static Map<String, Object> byName(List<Map<String, Object>> yaml, String name) {
    return yaml.stream().filter(m -> name.equals(m.get("name"))).findFirst().orElseThrow();
  }
}
