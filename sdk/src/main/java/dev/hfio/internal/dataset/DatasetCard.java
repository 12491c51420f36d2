package dev.hfio.internal.dataset;

import dev.hfio.dataset.DatasetCardException;
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
 * split is pushed, and renders deterministically. Immutable: updates return a new card. This class
 * is the card's meaning; the text format and the push_to_hub policy live in their own
 * package-private classes.
 */
public final class DatasetCard {
  static final String CONFIGS = "configs";
  static final String DATASET_INFO = "dataset_info";

  private final LinkedHashMap<String, Object> data;
  private final String body;

  private DatasetCard(LinkedHashMap<String, Object> data, String body) {
    this.data = data;
    this.body = body;
  }

  /** A card of already-copied metadata (not validated; the callers built it from a valid card). */
  static DatasetCard of(LinkedHashMap<String, Object> data, String body) {
    return new DatasetCard(data, body);
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
    CardYaml.FrontMatter parsed = CardYaml.parse(readme);
    DatasetCard card = new DatasetCard(parsed.data(), parsed.body());
    card.configs(); // validate eagerly
    card.datasetInfos();
    return card;
  }

  /** The front matter, top-level keys in order (a deep copy). */
  public Map<String, Object> metadata() {
    return Collections.unmodifiableMap(metadataCopy());
  }

  /** A mutable deep copy of the front matter. */
  LinkedHashMap<String, Object> metadataCopy() {
    return YamlTree.copyMap(data);
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
      ConfigEntry e = ConfigEntry.parse(YamlTree.copy(o));
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

  /**
   * All {@code dataset_info} entries keyed by config name (a single map means config "default"
   * unless it names one).
   */
  @SuppressWarnings("unchecked")
  public Map<String, DatasetInfo> datasetInfos() {
    LinkedHashMap<String, DatasetInfo> out = new LinkedHashMap<>();
    rawInfos().forEach((name, m) -> out.put(name, DatasetInfo.fromYaml(name, m)));
    return Collections.unmodifiableMap(out);
  }

  public Optional<DatasetInfo> datasetInfo(String configName) {
    return Optional.ofNullable(datasetInfos().get(configName));
  }

  /** The {@code dataset_info} entries as YAML mappings (deep copies) keyed by config name. */
  @SuppressWarnings("unchecked")
  LinkedHashMap<String, Map<String, Object>> rawInfos() {
    LinkedHashMap<String, Map<String, Object>> out = new LinkedHashMap<>();
    Object di = data.get(DATASET_INFO);
    if (di == null) {
      return out;
    }
    if (di instanceof Map<?, ?> m) {
      Object n = m.get("config_name");
      out.put(
          n == null ? PushToHubLayout.DEFAULT_CONFIG : String.valueOf(n),
          (Map<String, Object>) YamlTree.copy(m));
    } else if (di instanceof List<?> l) {
      for (Object o : l) {
        if (!(o instanceof Map<?, ?> m) || m.get("config_name") == null) {
          throw new DatasetCardException(
              "README.md 'dataset_info' list items must be mappings with a config_name, got " + o);
        }
        out.put(String.valueOf(m.get("config_name")), (Map<String, Object>) YamlTree.copy(m));
      }
    } else {
      throw new DatasetCardException(
          "README.md 'dataset_info' must be a mapping or a list, got " + di);
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
    return PushToHubUpdate.apply(this, push);
  }

  /**
   * Sets {@code dataset_info} in {@code data} to {@code infos} in the card's shape, or removes it
   * when empty.
   */
  static void putInfos(LinkedHashMap<String, Object> data, Map<String, Map<String, Object>> infos) {
    if (infos.isEmpty()) {
      data.remove(DATASET_INFO);
      return;
    }
    if (infos.size() == 1) {
      // one config: a single mapping, naming its config unless it is "default"
      Map.Entry<String, Map<String, Object>> e = infos.entrySet().iterator().next();
      String name = e.getKey().equals(PushToHubLayout.DEFAULT_CONFIG) ? null : e.getKey();
      data.put(DATASET_INFO, YamlTree.keyFirst("config_name", name, e.getValue()));
      return;
    }
    List<Object> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(infos).entrySet()) {
      out.add(YamlTree.keyFirst("config_name", e.getKey(), e.getValue()));
    }
    data.put(DATASET_INFO, out);
  }

  /**
   * The card without {@code dataset_info} for {@code configName} (for writers that cannot count
   * exactly).
   */
  public DatasetCard withoutDatasetInfo(String configName) {
    LinkedHashMap<String, Map<String, Object>> infos = rawInfos();
    if (infos.remove(configName) == null) {
      return this;
    }
    LinkedHashMap<String, Object> d = metadataCopy();
    putInfos(d, infos);
    return new DatasetCard(d, body);
  }

  /** The card with a top-level key set (or replaced in place), e.g. {@code license}. */
  public DatasetCard withMetadata(String key, Object value) {
    LinkedHashMap<String, Object> d = metadataCopy();
    d.put(key, YamlTree.copy(value));
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
    return new DatasetCard(metadataCopy(), defaultBody(repoId));
  }

  static String defaultBody(String repoId) {
    String title = repoId == null || repoId.isBlank() ? "Dataset card" : repoId;
    return "# "
        + title
        + "\n\nThis dataset was written with HfIO (Apache Beam). Its configs, splits and"
        + " data files are declared in the YAML header above.\n";
  }

  /**
   * README.md text: {@code ---}, the YAML, {@code ---}, then the body. A blank body is replaced by
   * a minimal generated one; a card without metadata renders as its body alone. Deterministic: the
   * same card always gives the same bytes.
   */
  public String render() {
    return CardYaml.render(data, body.isBlank() ? defaultBody(null) : body);
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
}
