package dev.hfio.internal.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.hfio.dataset.DatasetCardException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The README.md codec: splits the text into YAML front matter (between a first line {@code ---} and
 * the next {@code ---} line) and the markdown body, and renders them back. Keeps every key (in
 * order) and the body verbatim; knows nothing of what the keys mean.
 */
final class CardYaml {
  private static final ObjectMapper YAML = newMapper();

  /** The parsed front matter (empty when there is none) and the body. */
  record FrontMatter(LinkedHashMap<String, Object> data, String body) {}

  private CardYaml() {}

  private static ObjectMapper newMapper() {
    YAMLFactory f =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    f.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return new ObjectMapper(f);
  }

  /**
   * Splits README.md text. Text that does not start with a {@code ---} line followed later by
   * another {@code ---} line has no front matter: it is all body (kept as given, a byte order mark
   * included).
   *
   * @throws DatasetCardException if the front matter is not a YAML mapping or has duplicate keys
   */
  static FrontMatter parse(String readme) {
    String text = readme.startsWith("\uFEFF") ? readme.substring(1) : readme;
    int firstEnd = lineEnd(text, 0);
    if (!stripCr(text.substring(0, firstEnd)).equals("---")) {
      return new FrontMatter(new LinkedHashMap<>(), readme);
    }
    int pos = nextLine(text, firstEnd);
    int yamlStart = pos;
    while (pos < text.length()) {
      int end = lineEnd(text, pos);
      if (stripCr(text.substring(pos, end)).equals("---")) {
        return new FrontMatter(
            parseYaml(text.substring(yamlStart, pos)), text.substring(nextLine(text, end)));
      }
      pos = nextLine(text, end);
    }
    return new FrontMatter(new LinkedHashMap<>(), readme);
  }

  /**
   * {@code ---}, the YAML, {@code ---}, then the body; the body alone when there is no metadata.
   */
  static String render(Map<String, Object> data, String body) {
    if (data.isEmpty()) {
      return body;
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
    return "---\n" + yaml + "---\n" + body;
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
            "README.md front matter must be a YAML mapping, got "
                + parsed.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      LinkedHashMap<String, Object> m = (LinkedHashMap<String, Object>) YamlTree.copy(parsed);
      return m;
    } catch (JsonProcessingException e) {
      throw new DatasetCardException(
          "README.md front matter is not valid YAML (or has duplicate keys): "
              + e.getOriginalMessage(),
          e);
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
}
