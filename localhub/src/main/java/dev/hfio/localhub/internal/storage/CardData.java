package dev.hfio.localhub.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/**
 * The YAML front matter of a README.md (dataset/model card), which the Hub exposes as {@code
 * cardData}.
 */
public final class CardData {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private CardData() {}

  /** Returns the front matter block text, or null when the README has none. */
  public static String frontMatter(String readme) {
    String s = readme.replace("\r\n", "\n");
    if (!s.startsWith("---\n")) {
      return null;
    }
    int end = s.indexOf("\n---", 3);
    if (end < 0) {
      return null;
    }
    return s.substring(4, end + 1);
  }

  /**
   * Parses the front matter into JSON; null without front matter; throws IOException on invalid
   * YAML.
   */
  public static JsonNode parse(String readme) throws IOException {
    String fm = frontMatter(readme);
    if (fm == null || fm.isBlank()) {
      return null;
    }
    JsonNode n = YAML.readTree(fm);
    if (n != null && !n.isObject()) {
      throw new IOException("card metadata must be a YAML mapping, got " + n.getNodeType());
    }
    return n;
  }
}
