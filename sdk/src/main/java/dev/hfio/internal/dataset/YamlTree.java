package dev.hfio.internal.dataset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one walk over a parsed YAML tree (mappings, lists, scalars) that the dataset card needs three
 * ways: a deep copy (cards never share mutable nodes), a copy with {@code name} first in every
 * mapping (features read like {@code datasets} writes them), and a normal form for comparing
 * (numbers by value, mappings by key).
 */
final class YamlTree {
  private YamlTree() {}

  /** A deep copy with string keys, in the same order. */
  static Object copy(Object node) {
    return walk(node, LinkedHashMap::new, null, UnaryOperator.identity());
  }

  /** {@link #copy} of a mapping. */
  @SuppressWarnings("unchecked")
  static LinkedHashMap<String, Object> copyMap(Map<String, Object> map) {
    return (LinkedHashMap<String, Object>) copy(map);
  }

  /** A deep copy where every mapping lists {@code name} first. */
  static Object nameFirst(Object node) {
    return walk(node, LinkedHashMap::new, "name", UnaryOperator.identity());
  }

  /**
   * A form that compares equal when the trees say the same: numbers regardless of Java type, maps
   * of any order.
   */
  static Object normalized(Object node) {
    return walk(node, TreeMap::new, null, YamlTree::numberByValue);
  }

  /**
   * A mapping with {@code key: value} first (skipped when value is null), then the other entries of
   * {@code rest}.
   */
  static LinkedHashMap<String, Object> keyFirst(
      String key, Object value, Map<String, Object> rest) {
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    if (value != null) {
      out.put(key, value);
    }
    rest.forEach(
        (k, v) -> {
          if (!k.equals(key)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Object walk(
      Object node,
      Supplier<Map<String, Object>> newMap,
      String firstKey,
      UnaryOperator<Object> scalar) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> out = newMap.get();
      if (firstKey != null && m.containsKey(firstKey)) {
        out.put(firstKey, walk(m.get(firstKey), newMap, firstKey, scalar));
      }
      m.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            if (firstKey == null || !out.containsKey(key)) {
              out.put(key, walk(v, newMap, firstKey, scalar));
            }
          });
      return out;
    }
    if (node instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object v : l) {
        out.add(walk(v, newMap, firstKey, scalar));
      }
      return out;
    }
    return scalar.apply(node);
  }

  private static Object numberByValue(Object o) {
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
