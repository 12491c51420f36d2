package dev.hfio.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hfio.schematransforms.HfConfigurationException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The TBLPROPERTIES of a huggingface table: known keys with text or integer values. */
final class TableProperties implements Serializable {
  private static final long serialVersionUID = 1L;

  static final List<String> KEYS =
      List.of(
          "split",
          "config",
          "revision",
          "mode",
          "num_shards",
          "compression",
          "commit_message",
          "create_repo",
          "endpoint");

  private final Map<String, String> values;

  private TableProperties(Map<String, String> values) {
    this.values = values;
  }

  static TableProperties of(String table, @Nullable ObjectNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    if (node != null) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("token")) {
          throw new HfConfigurationException(
              "table "
                  + table
                  + ": TBLPROPERTIES must not hold a token (SQL text is logged); pass"
                  + " --hfTokenPath=/path/to/token or set HF_TOKEN");
        }
        if (!KEYS.contains(e.getKey())) {
          throw new HfConfigurationException(
              "table "
                  + table
                  + ": unknown TBLPROPERTIES key '"
                  + e.getKey()
                  + "'; valid keys: "
                  + String.join(", ", KEYS));
        }
        JsonNode v = e.getValue();
        if (!v.isValueNode() || v.isNull()) {
          throw new HfConfigurationException(
              "table " + table + ": TBLPROPERTIES key '" + e.getKey() + "' needs a text or number");
        }
        values.put(e.getKey(), v.asText());
      }
    }
    return new TableProperties(values);
  }

  @Nullable String get(String key) {
    return values.get(key);
  }
}
