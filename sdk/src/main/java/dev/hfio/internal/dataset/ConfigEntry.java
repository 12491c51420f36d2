package dev.hfio.internal.dataset;

import dev.hfio.dataset.DatasetCardException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the card's {@code configs} list: {@code config_name}, {@code data_files} (normalised
 * from any accepted shape to split &rarr; patterns, like datasets' {@code sanitize_patterns}),
 * optional {@code data_dir}, {@code default: true}, and every other key (builder parameters such as
 * {@code sep} or {@code features}) kept as parsed. The original YAML map is kept too so an
 * untouched entry renders back exactly.
 */
public final class ConfigEntry {
  private final String name;
  private final Map<String, List<String>> dataFiles; // null when absent
  private final String dataDir;
  private final boolean isDefault;
  private final Map<String, Object> raw;

  private ConfigEntry(
      String name,
      Map<String, List<String>> dataFiles,
      String dataDir,
      boolean isDefault,
      Map<String, Object> raw) {
    this.name = name;
    this.dataFiles = dataFiles;
    this.dataDir = dataDir;
    this.isDefault = isDefault;
    this.raw = raw;
  }

  /**
   * An entry with {@code data_files: [{split, path}, ...]}, as push_to_hub writes it.
   *
   * @param dataFiles split &rarr; patterns; a single pattern is written as a string
   */
  public static ConfigEntry of(
      String name, Map<String, List<String>> dataFiles, boolean isDefault) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("config_name", name);
    List<Object> items = new ArrayList<>();
    dataFiles.forEach(
        (split, patterns) -> {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("split", split);
          item.put("path", patterns.size() == 1 ? patterns.get(0) : new ArrayList<>(patterns));
          items.add(item);
        });
    raw.put("data_files", items);
    if (isDefault) {
      raw.put("default", true);
    }
    return parse(raw);
  }

  /** Parses one YAML entry, validating it as datasets' {@code MetadataConfigs} does. */
  @SuppressWarnings("unchecked")
  static ConfigEntry parse(Object yaml) {
    if (!(yaml instanceof Map)) {
      throw new DatasetCardException("each item of 'configs' must be a mapping, got: " + yaml);
    }
    Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) yaml);
    Object nameObj = map.get("config_name");
    if (nameObj == null) {
      throw new DatasetCardException(
          "each config must include a 'config_name' field with a string name, got " + map);
    }
    String name = String.valueOf(nameObj);
    Map<String, List<String>> dataFiles =
        map.containsKey("data_files") ? sanitize(name, map.get("data_files")) : null;
    Object dd = map.get("data_dir");
    Object def = map.get("default");
    boolean isDefault = truthy(def);
    return new ConfigEntry(name, dataFiles, dd == null ? null : String.valueOf(dd), isDefault, map);
  }

  /** Python truthiness, as datasets tests {@code metadata_config.get("default")}. */
  private static boolean truthy(Object o) {
    if (o == null) {
      return false;
    }
    if (o instanceof Boolean b) {
      return b;
    }
    if (o instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (o instanceof String s) {
      return !s.isEmpty();
    }
    if (o instanceof java.util.Collection<?> c) {
      return !c.isEmpty();
    }
    if (o instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> sanitize(String config, Object df) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (df instanceof String s) {
      out.put("train", List.of(s));
    } else if (df instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(checkSplit(config, String.valueOf(k)), strings(config, v)));
    } else if (df instanceof List<?> list) {
      boolean anyMap = list.stream().anyMatch(o -> o instanceof Map);
      if (!anyMap) {
        out.put("train", strings(config, list));
      } else {
        for (Object o : list) {
          if (!(o instanceof Map<?, ?> item)
              || item.size() != 2
              || !item.containsKey("split")
              || !(item.get("path") instanceof String || item.get("path") instanceof List)) {
            throw new DatasetCardException(
                "config '"
                    + config
                    + "': every item of a data_files list must be {split: <name>, path: <pattern or"
                    + " list>} with exactly those two keys, got "
                    + o);
          }
          String split = checkSplit(config, String.valueOf(item.get("split")));
          if (out.containsKey(split)) {
            throw new DatasetCardException(
                "config '" + config + "': split '" + split + "' is listed twice in data_files");
          }
          out.put(split, strings(config, item.get("path")));
        }
      }
    } else {
      throw new DatasetCardException(
          "config '"
              + config
              + "': data_files must be a string, a list or a list of {split, path}, got "
              + df);
    }
    return Collections.unmodifiableMap(out);
  }

  private static String checkSplit(String config, String split) {
    if (!PushToHubLayout.isValidSplitName(split)) {
      throw new DatasetCardException(
          "config '"
              + config
              + "': split name should match '^\\w+(\\.\\w+)*$' but got '"
              + split
              + "'");
    }
    return split;
  }

  private static List<String> strings(String config, Object v) {
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        if (o == null || o instanceof Map || o instanceof List) {
          throw new DatasetCardException(
              "config '" + config + "': data_files patterns must be strings, got " + o);
        }
        out.add(String.valueOf(o));
      }
      return List.copyOf(out);
    }
    if (v == null || v instanceof Map) {
      throw new DatasetCardException(
          "config '" + config + "': data_files pattern must be a string, got " + v);
    }
    return List.of(String.valueOf(v));
  }

  public String name() {
    return name;
  }

  /**
   * Split &rarr; patterns (relative to {@link #dataDir()} if set), or empty when the entry has no
   * {@code data_files}.
   */
  public Optional<Map<String, List<String>>> dataFiles() {
    return Optional.ofNullable(dataFiles);
  }

  public Optional<String> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /** {@code default: true} is set on this entry. */
  public boolean isDefaultFlag() {
    return isDefault;
  }

  /**
   * Keys other than config_name, data_files, data_dir and default (builder parameters), as parsed.
   */
  public Map<String, Object> params() {
    Map<String, Object> p = new LinkedHashMap<>(raw);
    p.remove("config_name");
    p.remove("data_files");
    p.remove("data_dir");
    p.remove("default");
    return Collections.unmodifiableMap(p);
  }

  /** The YAML map of this entry (config_name first when built here). */
  Map<String, Object> toYaml() {
    return raw;
  }

  @Override
  public String toString() {
    return "ConfigEntry" + raw;
  }
}
