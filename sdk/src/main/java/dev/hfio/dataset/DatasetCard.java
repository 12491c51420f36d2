package dev.hfio.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The README.md dataset card: YAML front matter (between a first line {@code ---} and the next
 * {@code ---} line) plus the markdown body. Reads {@code configs} and {@code dataset_info}, keeps
 * every other key and the body verbatim, applies the card update {@code push_to_hub} makes when one
 * split is pushed, and renders deterministically. Immutable: updates return a new card.
 */
public final class DatasetCard {
  static final String CONFIGS = "configs";
  static final String DATASET_INFO = "dataset_info";

  private static final ObjectMapper YAML = newMapper();

  private final LinkedHashMap<String, Object> data;
  private final String body;

  private DatasetCard(LinkedHashMap<String, Object> data, String body) {
    this.data = data;
    this.body = body;
  }

  private static ObjectMapper newMapper() {
    YAMLFactory f =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    f.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return new ObjectMapper(f);
  }

  /** A card with no front matter and no body. */
  public static DatasetCard empty() {
    return new DatasetCard(new LinkedHashMap<>(), "");
  }

  /**
   * Parses README.md text. Text that does not start with a {@code ---} line followed later by
   * another {@code ---} line has no front matter: it is all body.
   *
   * @throws DatasetCardException if the front matter is not a YAML mapping, has duplicate keys, or
   *     its {@code configs} / {@code dataset_info} are malformed
   */
  public static DatasetCard parse(String readme) {
    Objects.requireNonNull(readme, "readme");
    String text = readme.startsWith("\uFEFF") ? readme.substring(1) : readme;
    int firstEnd = lineEnd(text, 0);
    if (!stripCr(text.substring(0, firstEnd)).equals("---")) {
      return new DatasetCard(new LinkedHashMap<>(), readme);
    }
    int pos = nextLine(text, firstEnd);
    int yamlStart = pos;
    while (pos < text.length()) {
      int end = lineEnd(text, pos);
      if (stripCr(text.substring(pos, end)).equals("---")) {
        String yaml = text.substring(yamlStart, pos);
        String body = text.substring(nextLine(text, end));
        DatasetCard card = new DatasetCard(parseYaml(yaml), body);
        card.configs(); // validate eagerly
        card.datasetInfos();
        return card;
      }
      pos = nextLine(text, end);
    }
    return new DatasetCard(new LinkedHashMap<>(), readme);
  }

  private static LinkedHashMap<String, Object> parseYaml(String yaml) {
    if (yaml.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      Object parsed = YAML.readValue(yaml, Object.class);
      if (parsed == null) {
        return new LinkedHashMap<>();
      }
      if (!(parsed instanceof Map)) {
        throw new DatasetCardException(
            "README.md front matter must be a YAML mapping, got " + parsed.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      LinkedHashMap<String, Object> m = (LinkedHashMap<String, Object>) deepCopy(parsed);
      return m;
    } catch (JsonProcessingException e) {
      throw new DatasetCardException(
          "README.md front matter is not valid YAML (or has duplicate keys): " + e.getOriginalMessage(), e);
    }
  }

  private static int lineEnd(String s, int from) {
    int i = s.indexOf('\n', from);
    return i < 0 ? s.length() : i;
  }

  private static int nextLine(String s, int lineEnd) {
    return Math.min(s.length(), lineEnd + 1);
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** The front matter, top-level keys in order (a deep copy). */
  public Map<String, Object> metadata() {
    return Collections.unmodifiableMap(deepCopyMap(data));
  }

  /** The markdown after the front matter, verbatim ("" if none). */
  public String body() {
    return body;
  }

  /** The {@code configs} entries in card order (a later duplicate name replaces an earlier one). */
  public List<ConfigEntry> configs() {
    Object c = data.get(CONFIGS);
    if (c == null) {
      return List.of();
    }
    if (!(c instanceof List<?> list)) {
      throw new DatasetCardException("README.md 'configs' must be a list, got " + c);
    }
    LinkedHashMap<String, ConfigEntry> byName = new LinkedHashMap<>();
    for (Object o : list) {
      ConfigEntry e = ConfigEntry.parse(deepCopy(o));
      byName.put(e.name(), e);
    }
    return List.copyOf(byName.values());
  }

  public Optional<ConfigEntry> config(String name) {
    return configs().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The default config as datasets picks it: the only config; else the one named {@code default};
   * else the one with {@code default: true}. Empty when there are no configs or no default.
   *
   * @throws DatasetCardException if two configs qualify
   */
  public Optional<String> defaultConfigName() {
    List<ConfigEntry> cs = configs();
    String found = null;
    for (ConfigEntry c : cs) {
      if (cs.size() == 1 || c.name().equals(PushToHubLayout.DEFAULT_CONFIG) || c.isDefaultFlag()) {
        if (found != null) {
          throw new DatasetCardException(
              "README.md has several default configs: '" + found + "' and '" + c.name() + "'");
        }
        found = c.name();
      }
    }
    return Optional.ofNullable(found);
  }

  /** All {@code dataset_info} entries keyed by config name (a single map means config "default" unless it names one). */
  @SuppressWarnings("unchecked")
  public Map<String, DatasetInfo> datasetInfos() {
    LinkedHashMap<String, DatasetInfo> out = new LinkedHashMap<>();
    rawInfos().forEach((name, m) -> out.put(name, DatasetInfo.fromYaml(name, m)));
    return Collections.unmodifiableMap(out);
  }

  public Optional<DatasetInfo> datasetInfo(String configName) {
    return Optional.ofNullable(datasetInfos().get(configName));
  }

  @SuppressWarnings("unchecked")
  private LinkedHashMap<String, Map<String, Object>> rawInfos() {
    LinkedHashMap<String, Map<String, Object>> out = new LinkedHashMap<>();
    Object di = data.get(DATASET_INFO);
    if (di == null) {
      return out;
    }
    if (di instanceof Map<?, ?> m) {
      Object n = m.get("config_name");
      out.put(n == null ? PushToHubLayout.DEFAULT_CONFIG : String.valueOf(n), (Map<String, Object>) deepCopy(m));
    } else if (di instanceof List<?> l) {
      for (Object o : l) {
        if (!(o instanceof Map<?, ?> m) || m.get("config_name") == null) {
          throw new DatasetCardException(
              "README.md 'dataset_info' list items must be mappings with a config_name, got " + o);
        }
        out.put(String.valueOf(m.get("config_name")), (Map<String, Object>) deepCopy(m));
      }
    } else {
      throw new DatasetCardException("README.md 'dataset_info' must be a mapping or a list, got " + di);
    }
    return out;
  }

  /**
   * The card after pushing one split, as {@code Dataset.push_to_hub} computes it:
   *
   * <ul>
   *   <li>if the card has no {@code configs} and legacy shards exist, a {@code default} config
   *       listing them ({@code data/{split}-*}) is added first;
   *   <li>the config's entry keeps its other splits' {@code data_files} and gets {@code {split,
   *       path: {dataDir}/{split}-*}} added or replaced (other keys of that entry are dropped, as
   *       push_to_hub does; its own {@code default: true} is kept); entries are sorted by name;
   *   <li>{@code setDefault} moves {@code default: true} to this config;
   *   <li>{@code dataset_info} of the config is updated when stats are given and the resulting info
   *       covers exactly the config's splits; otherwise it is removed, since stale counts break
   *       {@code load_dataset}.
   * </ul>
   *
   * @throws DatasetCardException if the features differ from the config's other recorded splits, or
   *     setDefault is asked while another config is named "default"
   */
  public DatasetCard withPushedSplit(PushedSplit push) {
    LinkedHashMap<String, Object> d = deepCopyMap(data);
    DatasetCard base = new DatasetCard(d, body);
    List<ConfigEntry> existing = base.configs();
    if (existing.isEmpty() && !push.legacySplits().isEmpty()) {
      existing =
          List.of(
              PushToHubLayout.configEntry(
                  PushToHubLayout.DEFAULT_CONFIG, "data", push.legacySplits(), false));
    }
    TreeMap<String, Map<String, Object>> entries = new TreeMap<>();
    for (ConfigEntry e : existing) {
      entries.put(e.name(), deepCopyMap(e.toYaml()));
    }
    String config = push.configName();
    ConfigEntry current = existing.stream().filter(e -> e.name().equals(config)).findFirst().orElse(null);
    LinkedHashMap<String, List<String>> dataFiles = new LinkedHashMap<>();
    if (current != null && current.dataFiles().isPresent()) {
      dataFiles.putAll(current.dataFiles().get());
    }
    // An existing split keeps its position (dict assignment in datasets); a new one goes last.
    dataFiles.put(push.split(), List.of(push.pathPattern()));
    boolean keepDefault = current != null && current.isDefaultFlag();
    if (push.setDefault() && !config.equals(PushToHubLayout.DEFAULT_CONFIG)) {
      Optional<String> currentDefault = existing.isEmpty() ? Optional.empty() : defaultOf(existing);
      if (currentDefault.isPresent() && currentDefault.get().equals(PushToHubLayout.DEFAULT_CONFIG)) {
        throw new DatasetCardException(
            "there is a config named 'default'; rename it before making '" + config + "' the default");
      }
      for (Map.Entry<String, Map<String, Object>> e : entries.entrySet()) {
        e.getValue().remove("default");
      }
      keepDefault = true;
    }
    Map<String, Object> newEntry = ConfigEntry.of(config, dataFiles, keepDefault).toYaml();
    entries.put(config, newEntry);
    List<Object> configsYaml = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : entries.entrySet()) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("config_name", e.getKey());
      e.getValue().forEach((k, v) -> {
        if (!k.equals("config_name")) {
          m.put(k, v);
        }
      });
      configsYaml.add(m);
    }

    // dataset_info
    LinkedHashMap<String, Map<String, Object>> infos = base.rawInfos();
    Map<String, Object> newInfo = null;
    if (push.stats().isPresent()) {
      newInfo = updatedInfo(config, push.split(), push.stats().get(), infos.get(config));
      if (newInfo != null && !coversExactly(newInfo, dataFiles.keySet())) {
        newInfo = null;
      }
    }
    if (newInfo != null) {
      infos.put(config, newInfo);
    } else {
      infos.remove(config);
    }
    // dataset_info first (position kept if present), then configs.
    if (infos.isEmpty()) {
      d.remove(DATASET_INFO);
    } else {
      d.put(DATASET_INFO, renderInfos(infos));
    }
    d.put(CONFIGS, configsYaml);
    return new DatasetCard(d, body);
  }

  private static Optional<String> defaultOf(List<ConfigEntry> cs) {
    String found = null;
    for (ConfigEntry c : cs) {
      if (cs.size() == 1 || c.name().equals(PushToHubLayout.DEFAULT_CONFIG) || c.isDefaultFlag()) {
        found = found == null ? c.name() : found;
      }
    }
    return Optional.ofNullable(found);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> updatedInfo(
      String config, String split, SplitStats s, Map<String, Object> old) {
    LinkedHashMap<String, Object> splitYaml = new LinkedHashMap<>();
    splitYaml.put("name", split);
    if (s.numBytes() != 0) {
      splitYaml.put("num_bytes", s.numBytes());
    }
    if (s.numExamples() != 0) {
      splitYaml.put("num_examples", s.numExamples());
    }
    List<Map<String, Object>> splits = new ArrayList<>();
    long downloadSize = s.uploadedBytes();
    if (old != null) {
      DatasetInfo oldInfo = DatasetInfo.fromYaml(config, old);
      boolean onlyThisSplit =
          oldInfo.splits().isEmpty()
              || (oldInfo.splits().size() == 1 && oldInfo.splits().get(0).name().equals(split));
      if (!onlyThisSplit) {
        if (!normalize(oldInfo.features()).equals(normalize(s.features()))) {
          throw new DatasetCardException(
              "features of the new split '"
                  + split
                  + "' don't match the features of the existing splits of config '"
                  + config
                  + "': "
                  + s.features()
                  + " != "
                  + oldInfo.features()
                  + "; write all splits with the same schema or replace the whole config");
        }
        long dl = oldInfo.downloadSize().orElse(0L);
        if (oldInfo.split(split).isPresent()) {
          dl -= s.deletedBytes();
        }
        downloadSize = Math.max(0, dl) + s.uploadedBytes();
        for (Object o : (List<Object>) old.get("splits")) {
          Map<String, Object> sm = (Map<String, Object>) o;
          if (!split.equals(String.valueOf(sm.get("name")))) {
            splits.add(sm);
          }
        }
      }
    }
    splits.add(splitYaml);
    long datasetSize = 0;
    for (Map<String, Object> sm : splits) {
      Object nb = sm.get("num_bytes");
      datasetSize += nb instanceof Number n ? n.longValue() : 0;
    }
    LinkedHashMap<String, Object> info = new LinkedHashMap<>();
    info.put("features", nameFirst(s.features()));
    info.put("splits", splits);
    info.put("download_size", downloadSize);
    info.put("dataset_size", datasetSize);
    return info;
  }

  @SuppressWarnings("unchecked")
  private static boolean coversExactly(Map<String, Object> info, java.util.Set<String> splits) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Object o : (List<Object>) info.get("splits")) {
      names.add(String.valueOf(((Map<String, Object>) o).get("name")));
    }
    return names.equals(splits);
  }

  private static Object renderInfos(LinkedHashMap<String, Map<String, Object>> infos) {
    if (infos.size() == 1) {
      Map.Entry<String, Map<String, Object>> e = infos.entrySet().iterator().next();
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      if (!e.getKey().equals(PushToHubLayout.DEFAULT_CONFIG)) {
        m.put("config_name", e.getKey());
      }
      e.getValue().forEach((k, v) -> {
        if (!k.equals("config_name")) {
          m.put(k, v);
        }
      });
      return m;
    }
    List<Object> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(infos).entrySet()) {
      LinkedHashMap<String, Object> m = new LinkedHashMap<>();
      m.put("config_name", e.getKey());
      e.getValue().forEach((k, v) -> {
        if (!k.equals("config_name")) {
          m.put(k, v);
        }
      });
      out.add(m);
    }
    return out;
  }

  /** The card without {@code dataset_info} for {@code configName} (for writers that cannot count exactly). */
  public DatasetCard withoutDatasetInfo(String configName) {
    LinkedHashMap<String, Object> d = deepCopyMap(data);
    LinkedHashMap<String, Map<String, Object>> infos = rawInfos();
    if (infos.remove(configName) == null) {
      return this;
    }
    if (infos.isEmpty()) {
      d.remove(DATASET_INFO);
    } else {
      d.put(DATASET_INFO, renderInfos(infos));
    }
    return new DatasetCard(d, body);
  }

  /** The card with a top-level key set (or replaced in place), e.g. {@code license}. */
  public DatasetCard withMetadata(String key, Object value) {
    LinkedHashMap<String, Object> d = deepCopyMap(data);
    d.put(key, deepCopy(value));
    DatasetCard c = new DatasetCard(d, body);
    c.configs();
    c.datasetInfos();
    return c;
  }

  /** The card with the body replaced when it is blank; kept otherwise. */
  public DatasetCard withDefaultBody(String repoId) {
    if (!body.isBlank()) {
      return this;
    }
    return new DatasetCard(deepCopyMap(data), defaultBody(repoId));
  }

  static String defaultBody(String repoId) {
    String title = repoId == null || repoId.isBlank() ? "Dataset card" : repoId;
    return "# " + title + "\n\nThis dataset was written with HfIO (Apache Beam). Its configs, splits and"
        + " data files are declared in the YAML header above.\n";
  }

  /**
   * README.md text: {@code ---}, the YAML, {@code ---}, then the body. A blank body is replaced by
   * a minimal generated one; a card without metadata renders as its body alone. Deterministic: the
   * same card always gives the same bytes.
   */
  public String render() {
    String b = body.isBlank() ? defaultBody(null) : body;
    if (data.isEmpty()) {
      return b;
    }
    String yaml;
    try {
      yaml = YAML.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new DatasetCardException("cannot render the card YAML: " + e.getOriginalMessage(), e);
    }
    if (!yaml.endsWith("\n")) {
      yaml += "\n";
    }
    return "---\n" + yaml + "---\n" + b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetCard c && c.data.equals(data) && c.body.equals(body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(data, body);
  }

  @Override
  public String toString() {
    return render();
  }

  // ---- deep copy / normalisation helpers

  @SuppressWarnings("unchecked")
  private static LinkedHashMap<String, Object> deepCopyMap(Map<String, Object> m) {
    return (LinkedHashMap<String, Object>) deepCopy(m);
  }

  static Object deepCopy(Object o) {
    if (o instanceof Map<?, ?> m) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object v : l) {
        out.add(deepCopy(v));
      }
      return out;
    }
    return o;
  }

  /** Deep copy where every mapping lists {@code name} first (features YAML reads like datasets writes it). */
  static Object nameFirst(Object o) {
    if (o instanceof Map<?, ?> m) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      if (m.containsKey("name")) {
        out.put("name", nameFirst(m.get("name")));
      }
      m.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), nameFirst(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object v : l) {
        out.add(nameFirst(v));
      }
      return out;
    }
    return o;
  }

  /** Numbers compared by value regardless of their Java type; maps regardless of key order. */
  static Object normalize(Object o) {
    if (o instanceof Map<?, ?> m) {
      TreeMap<String, Object> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object v : l) {
        out.add(normalize(v));
      }
      return out;
    }
    if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
      return BigDecimal.valueOf(((Number) o).longValue()).stripTrailingZeros();
    }
    if (o instanceof BigInteger b) {
      return new BigDecimal(b).stripTrailingZeros();
    }
    if (o instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    return o;
  }

}
