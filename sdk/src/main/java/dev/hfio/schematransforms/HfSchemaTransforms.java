package dev.hfio.schematransforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Map;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.SchemaTransformProvider;
import org.apache.beam.sdk.values.Row;

/**
 * Managed-style configuration of HfIO's schema transforms: a map (or YAML text) of keys to values,
 * as Beam's {@code Managed.read(...).withConfig(map)} takes them, checked against the provider's
 * configuration schema. An unknown key fails with an {@link HfConfigurationException} naming it and
 * the valid keys; values are converted to the key's type (text to numbers, a comma-separated text
 * or a list to a list of columns) or refused with the key and the value.
 *
 * <pre>{@code
 * PCollection<Row> rows = PCollectionRowTuple.empty(p)
 *     .apply(HfSchemaTransforms.read(Map.of("repo", "u/ds", "split", "train",
 *         "keep", List.of("text", "label"), "filter", "score >= 0.5")))
 *     .get("output");
 * }</pre>
 */
public final class HfSchemaTransforms {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HfSchemaTransforms() {}

  /** The read ({@link HfReadSchemaTransformProvider}) configured by {@code config}. */
  public static SchemaTransform read(Map<String, ?> config) {
    return build(new HfReadSchemaTransformProvider(), config);
  }

  /** The read configured by a YAML mapping of keys, e.g. {@code "repo: u/ds\nsplit: train"}. */
  public static SchemaTransform readFromYaml(String yaml) {
    return read(parseYaml(yaml));
  }

  /** The write ({@link HfWriteSchemaTransformProvider}) configured by {@code config}. */
  public static SchemaTransform write(Map<String, ?> config) {
    return build(new HfWriteSchemaTransformProvider(), config);
  }

  /** The write configured by a YAML mapping of keys. */
  public static SchemaTransform writeFromYaml(String yaml) {
    return write(parseYaml(yaml));
  }

  /**
   * The configuration row of {@code provider} for {@code config}: what a YAML or cross-language
   * caller sends. Checks keys and value types only; {@code provider.from(row)} checks the rest.
   */
  public static Row configurationRow(SchemaTransformProvider provider, Map<String, ?> config) {
    return ConfigMaps.toRow(provider, config);
  }

  private static SchemaTransform build(SchemaTransformProvider provider, Map<String, ?> config) {
    return provider.from(ConfigMaps.toRow(provider, config));
  }

  private static Map<String, Object> parseYaml(String yaml) {
    if (yaml == null || yaml.isBlank()) {
      throw new HfConfigurationException("the YAML configuration is empty; give a mapping of keys");
    }
    Object parsed;
    try {
      parsed = YAML.readValue(yaml, Object.class);
    } catch (JsonProcessingException e) {
      throw new HfConfigurationException(
          "the configuration is not valid YAML (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + "): "
              + e.getOriginalMessage());
    }
    if (!(parsed instanceof Map)) {
      throw new HfConfigurationException(
          "the YAML configuration must be a mapping of keys (key: value), got "
              + (parsed == null ? "nothing" : "a " + parsed.getClass().getSimpleName()));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) parsed;
    return map;
  }
}
