package dev.hfio.schematransforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** Configuration of the schema transforms: keys, types and errors, without a Hub. */
class SchemaTransformConfigTest {
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void providersAreRegisteredWithTheirUrnsAndSnakeCaseKeys() {
    Map<String, SchemaTransformProvider> byUrn = new LinkedHashMap<>();
    StreamSupport.stream(ServiceLoader.load(SchemaTransformProvider.class).spliterator(), false)
        .forEach(p -> byUrn.put(p.identifier(), p));
    assertThat(byUrn)
        .containsKeys(
            "beam:schematransform:dev.hfio:hf_read:v1",
            "beam:schematransform:dev.hfio:hf_write:v1");
    Schema read = byUrn.get(HfReadSchemaTransformProvider.IDENTIFIER).configurationSchema();
    assertThat(read.getFieldNames())
        .containsExactlyInAnyOrder(
            "path",
            "repo",
            "split",
            "config",
            "revision",
            "keep",
            "drop",
            "filter",
            "endpoint",
            "token");
    assertThat(read.getField("keep").getType().getCollectionElementType())
        .isEqualTo(Schema.FieldType.STRING);
    Schema write = byUrn.get(HfWriteSchemaTransformProvider.IDENTIFIER).configurationSchema();
    assertThat(write.getFieldNames())
        .containsExactlyInAnyOrder(
            "path",
            "repo",
            "split",
            "config",
            "revision",
            "mode",
            "num_shards",
            "compression",
            "commit_message",
            "create_repo",
            "split_field",
            "triggering_frequency_seconds",
            "endpoint",
            "token",
            "error_handling");
    assertThat(write.getField("num_shards").getType().getTypeName())
        .isEqualTo(Schema.TypeName.INT64);
    assertThat(write.getField("error_handling").getType().getRowSchema().getFieldNames())
        .containsExactly("output");
    assertThat(byUrn.get(HfWriteSchemaTransformProvider.IDENTIFIER).inputCollectionNames())
        .containsExactly("input");
    assertThat(byUrn.get(HfReadSchemaTransformProvider.IDENTIFIER).outputCollectionNames())
        .containsExactly("output");
  }

  @Test
  void unknownKeyIsNamedWithTheValidKeysAndATypoHint() {
    assertThatThrownBy(() -> HfSchemaTransforms.read(map("repo", "u/ds", "splt", "train")))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining("hf_read: unknown key 'splt' (did you mean 'split'?)")
        .hasMessageContaining("valid keys:")
        .hasMessageContaining("keep")
        .hasMessageContaining("filter");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "overwrite", true)))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageStartingWith("hf_write: unknown key 'overwrite'; valid keys: ")
        .hasMessageContaining("num_shards");
    assertThatThrownBy(
            () -> HfSchemaTransforms.write(map("repo", "u/ds", "error_handling", map("out", "e"))))
        .hasMessageContaining("hf_write error_handling: unknown key 'out'")
        .hasMessageContaining("valid keys: output");
  }

  @Test
  void missingAndExclusiveKeys() {
    assertThatThrownBy(() -> HfSchemaTransforms.read(map("split", "train")))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining("hf_read: the key path or repo is required");
    assertThatThrownBy(
            () -> HfSchemaTransforms.read(map("path", "hf://datasets/u/ds", "repo", "u/ds")))
        .hasMessageContaining("hf_read: give path or repo, not both");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map()))
        .hasMessageContaining("hf_write: the key path or repo is required");
    assertThatThrownBy(
            () ->
                HfSchemaTransforms.read(
                    map("repo", "u/ds", "keep", List.of("a"), "drop", List.of("b"))))
        .hasMessageContaining("keep and drop exclude each other");
    assertThatThrownBy(() -> HfSchemaTransforms.read(map("path", "u/ds")))
        .hasMessageContaining("path: 'u/ds' is not an hf:// path")
        .hasMessageContaining("use the key repo");
    assertThatThrownBy(() -> HfSchemaTransforms.read(map("repo", "hf://datasets/u/ds")))
        .hasMessageContaining("use the key path");
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "num_shards", "many")))
        .isInstanceOf(HfConfigurationException.class)
        .hasMessageContaining("hf_write: key 'num_shards' expects an integer, got 'many'");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "num_shards", 2.5)))
        .hasMessageContaining("key 'num_shards' expects an integer between");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "num_shards", -1)))
        .hasMessageContaining("num_shards: -1 is not in 0..99999");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "mode", "replace")))
        .hasMessageContaining("mode: 'replace' is not one of [overwrite, append, error_if_exists]");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "compression", "lz4")))
        .hasMessageContaining(
            "compression: 'lz4' is not one of [snappy, zstd, gzip, uncompressed]");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "split", "my-split")))
        .hasMessageContaining("split: withSplit: invalid split name 'my-split'");
    assertThatThrownBy(() -> HfSchemaTransforms.read(map("repo", "u/ds", "keep", Map.of())))
        .hasMessageContaining("key 'keep' expects a list");
    assertThatThrownBy(() -> HfSchemaTransforms.read(map("repo", "u/ds", "endpoint", "ftp://x")))
        .hasMessageContaining("endpoint: withEndpoint: expected an http(s) URL, got ftp://x");
  }

  @Test
  void splitFieldAndTriggeringFrequencyMapOntoTheWrite() {
    assertThat(HfSchemaTransforms.write(map("repo", "u/ds", "split_field", "split"))).isNotNull();
    assertThat(HfSchemaTransforms.write(map("repo", "u/ds", "triggering_frequency_seconds", 60)))
        .isNotNull();
    assertThatThrownBy(
            () -> HfSchemaTransforms.write(map("repo", "u/ds", "triggering_frequency_seconds", 0)))
        .hasMessageContaining("triggering_frequency_seconds: 0 is not a positive number");
  }

  @Test
  void yamlConfigurationIsCheckedTheSameWay() {
    assertThat(
            HfSchemaTransforms.readFromYaml(
                "repo: u/ds\nsplit: train\nkeep: [text, label]\nfilter: \"label = 1\"\n"))
        .isNotNull();
    assertThat(HfSchemaTransforms.writeFromYaml("repo: u/ds\nnum_shards: 2\nmode: APPEND\n"))
        .isNotNull();
    assertThatThrownBy(() -> HfSchemaTransforms.readFromYaml("repo: u/ds\ncolumns: [a]\n"))
        .hasMessageContaining("hf_read: unknown key 'columns'");
    assertThatThrownBy(() -> HfSchemaTransforms.readFromYaml("- repo\n"))
        .hasMessageContaining("must be a mapping of keys");
    assertThatThrownBy(() -> HfSchemaTransforms.readFromYaml("repo: [u/ds\n"))
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void keepAcceptsACommaSeparatedText() {
    Row row =
        HfSchemaTransforms.configurationRow(
            new HfReadSchemaTransformProvider(), map("repo", "u/ds", "keep", "text, label"));
    assertThat(row.getArray("keep")).containsExactly("text", "label");
  }

  @Test
  void theTokenIsNeverShown() {
    String token = "hf_secretsecretsecret";
    HfReadConfiguration c = HfReadConfiguration.builder().setRepo("u/ds").setToken(token).build();
    assertThat(c.toString()).doesNotContain(token).contains("token=***").contains("repo=u/ds");
    HfWriteConfiguration w = HfWriteConfiguration.builder().setRepo("u/ds").setToken(token).build();
    assertThat(w.toString()).doesNotContain(token).contains("token=***");
    assertThatThrownBy(() -> HfSchemaTransforms.write(map("repo", "u/ds", "token", List.of(token))))
        .hasMessageNotContaining(token)
        .hasMessageContaining("key 'token' expects a text value");
    var t =
        new HfReadSchemaTransformProvider()
            .from(
                HfSchemaTransforms.configurationRow(
                    new HfReadSchemaTransformProvider(), map("repo", "u/ds", "token", token)));
    assertThat(org.apache.beam.sdk.transforms.display.DisplayData.from(t).toString())
        .doesNotContain(token)
        .contains("u/ds");
  }
}
