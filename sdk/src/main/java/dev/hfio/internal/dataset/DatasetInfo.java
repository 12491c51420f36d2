package dev.hfio.internal.dataset;

import dev.hfio.dataset.DatasetCardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code dataset_info} of one config as recorded in the card: YAML {@code features} (kept as
 * parsed: a list of {@code {name, dtype|list|struct|...}} maps), exact split counts, and the two
 * sizes. {@code datasets} only reads these keys; the reader may use {@code splits} for row counts.
 */
public record DatasetInfo(
    String configName,
    Object features,
    List<SplitInfo> splits,
    Optional<Long> downloadSize,
    Optional<Long> datasetSize) {

  public Optional<SplitInfo> split(String name) {
    return splits.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  @SuppressWarnings("unchecked")
  static DatasetInfo fromYaml(String configName, Map<String, Object> m) {
    List<SplitInfo> splits = new ArrayList<>();
    Object s = m.get("splits");
    if (s instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> sm && sm.get("name") != null) {
          splits.add(
              new SplitInfo(
                  String.valueOf(sm.get("name")),
                  asLong(sm.get("num_bytes")),
                  asLong(sm.get("num_examples"))));
        } else {
          throw new DatasetCardException(
              "dataset_info of config '"
                  + configName
                  + "': each split must be a mapping with a name, got "
                  + o);
        }
      }
    } else if (s instanceof Map<?, ?> sm) {
      // Legacy dict form {name: {num_bytes, num_examples}}.
      for (Map.Entry<?, ?> e : sm.entrySet()) {
        Map<String, Object> v =
            e.getValue() instanceof Map ? (Map<String, Object>) e.getValue() : Map.of();
        splits.add(
            new SplitInfo(
                String.valueOf(e.getKey()),
                asLong(v.get("num_bytes")),
                asLong(v.get("num_examples"))));
      }
    }
    return new DatasetInfo(
        configName,
        m.get("features"),
        List.copyOf(splits),
        Optional.ofNullable(m.get("download_size")).map(DatasetInfo::asLong),
        Optional.ofNullable(m.get("dataset_size")).map(DatasetInfo::asLong));
  }

  private static long asLong(Object o) {
    if (o == null) {
      return 0L;
    }
    if (o instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(o).trim());
    } catch (NumberFormatException e) {
      throw new DatasetCardException("dataset_info: expected an integer, got '" + o + "'", e);
    }
  }
}
