package dev.hfio.internal.dataset;

import dev.hfio.dataset.DatasetCardException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The card update policy of {@code Dataset.push_to_hub} when one split is pushed: which {@code
 * configs} entry changes and how, where the default flag goes, and when {@code dataset_info}
 * (features, splits, sizes) is updated or dropped. Works on a card's metadata; the YAML itself is
 * {@link CardYaml}'s.
 */
final class PushToHubUpdate {
  private PushToHubUpdate() {}

  /** See {@link DatasetCard#withPushedSplit}. */
  static DatasetCard apply(DatasetCard card, PushedSplit push) {
    LinkedHashMap<String, Object> d = card.metadataCopy();
    List<ConfigEntry> existing = card.configs();
    if (existing.isEmpty() && !push.legacySplits().isEmpty()) {
      existing =
          List.of(
              PushToHubLayout.configEntry(
                  PushToHubLayout.DEFAULT_CONFIG, "data", push.legacySplits(), false));
    }
    TreeMap<String, Map<String, Object>> entries = new TreeMap<>();
    for (ConfigEntry e : existing) {
      entries.put(e.name(), YamlTree.copyMap(e.toYaml()));
    }
    String config = push.configName();
    ConfigEntry current =
        existing.stream().filter(e -> e.name().equals(config)).findFirst().orElse(null);
    LinkedHashMap<String, List<String>> dataFiles = new LinkedHashMap<>();
    if (current != null && current.dataFiles().isPresent()) {
      dataFiles.putAll(current.dataFiles().get());
    }
    // An existing split keeps its position (dict assignment in datasets); a new one goes last.
    dataFiles.put(push.split(), List.of(push.pathPattern()));
    boolean keepDefault = current != null && current.isDefaultFlag();
    if (push.setDefault() && !config.equals(PushToHubLayout.DEFAULT_CONFIG)) {
      Optional<String> currentDefault = existing.isEmpty() ? Optional.empty() : defaultOf(existing);
      if (currentDefault.isPresent()
          && currentDefault.get().equals(PushToHubLayout.DEFAULT_CONFIG)) {
        throw new DatasetCardException(
            "there is a config named 'default'; rename it before making '"
                + config
                + "' the default");
      }
      for (Map.Entry<String, Map<String, Object>> e : entries.entrySet()) {
        e.getValue().remove("default");
      }
      keepDefault = true;
    }
    entries.put(config, ConfigEntry.of(config, dataFiles, keepDefault).toYaml());
    List<Object> configsYaml = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : entries.entrySet()) {
      configsYaml.add(YamlTree.keyFirst("config_name", e.getKey(), e.getValue()));
    }

    LinkedHashMap<String, Map<String, Object>> infos = card.rawInfos();
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
    DatasetCard.putInfos(d, infos);
    d.put(DatasetCard.CONFIGS, configsYaml);
    return DatasetCard.of(d, card.body());
  }

  /** The default config as datasets picks it, the first when several qualify. */
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
        if (!YamlTree.normalized(oldInfo.features()).equals(YamlTree.normalized(s.features()))) {
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
    info.put("features", YamlTree.nameFirst(s.features()));
    info.put("splits", splits);
    info.put("download_size", downloadSize);
    info.put("dataset_size", datasetSize);
    return info;
  }

  @SuppressWarnings("unchecked")
  private static boolean coversExactly(Map<String, Object> info, Set<String> splits) {
    Set<String> names = new HashSet<>();
    for (Object o : (List<Object>) info.get("splits")) {
      names.add(String.valueOf(((Map<String, Object>) o).get("name")));
    }
    return names.equals(splits);
  }
}
