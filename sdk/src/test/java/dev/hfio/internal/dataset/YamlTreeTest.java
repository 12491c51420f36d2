package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one tree walk behind the card's copies, its name-first features and its feature comparison.
 */
class YamlTreeTest {
  @Test
  @SuppressWarnings("unchecked")
  void copyIsDeepAndKeepsOrder() {
    LinkedHashMap<String, Object> inner = new LinkedHashMap<>();
    inner.put("b", 1);
    inner.put("a", new ArrayList<>(List.of(1, 2)));
    Map<String, Object> tree = new LinkedHashMap<>(Map.of("x", inner));
    LinkedHashMap<String, Object> copy = YamlTree.copyMap(tree);
    inner.put("c", 3);
    ((List<Object>) inner.get("a")).add(4);
    assertThat(copy).isEqualTo(Map.of("x", Map.of("b", 1, "a", List.of(1, 2))));
    assertThat(List.copyOf(((Map<?, ?>) copy.get("x")).keySet())).isEqualTo(List.of("b", "a"));
    assertThat(YamlTree.copy(Map.of(1, "one"))).isEqualTo(Map.of("1", "one"));
  }

  @Test
  void nameFirstAtEveryLevel() {
    LinkedHashMap<String, Object> feature = new LinkedHashMap<>();
    feature.put("dtype", "int64");
    feature.put("name", "id");
    Object out = YamlTree.nameFirst(List.of(Map.of("sub", List.of(feature)), feature));
    Map<?, ?> nested =
        (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) out).get(0)).get("sub")).get(0);
    assertThat(List.copyOf(nested.keySet())).isEqualTo(List.of("name", "dtype"));
    assertThat(List.copyOf(((Map<?, ?>) ((List<?>) out).get(1)).keySet()))
        .isEqualTo(List.of("name", "dtype"));
  }

  @Test
  void normalizedComparesNumbersByValueAndMapsInAnyOrder() {
    LinkedHashMap<String, Object> a = new LinkedHashMap<>();
    a.put("n", 5);
    a.put("d", 1.50);
    LinkedHashMap<String, Object> b = new LinkedHashMap<>();
    b.put("d", 1.5f);
    b.put("n", BigInteger.valueOf(5));
    assertThat(YamlTree.normalized(List.of(a))).isEqualTo(YamlTree.normalized(List.of(b)));
    assertThat(YamlTree.normalized(Map.of("n", 5)))
        .isNotEqualTo(YamlTree.normalized(Map.of("n", "5")));
  }

  @Test
  void keyFirstPutsTheKeyFirstAndDropsItsOldPlace() {
    LinkedHashMap<String, Object> rest = new LinkedHashMap<>();
    rest.put("data_files", "x");
    rest.put("config_name", "old");
    assertThat(YamlTree.keyFirst("config_name", "new", rest))
        .containsExactly(Map.entry("config_name", "new"), Map.entry("data_files", "x"));
    assertThat(YamlTree.keyFirst("config_name", null, rest))
        .containsExactly(Map.entry("data_files", "x"));
  }
}
