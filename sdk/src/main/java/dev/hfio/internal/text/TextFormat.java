package dev.hfio.internal.text;

import dev.hfio.internal.dataset.FileFormat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How the files of one read are decoded: JSON (JSON Lines, or a document holding an array, at the
 * top or under {@code field}), CSV with a separator and quote character ({@code .tsv} is CSV with a
 * tab), or text (one {@code text} row per line). Built from the split's {@link FileFormat} and the
 * config's builder parameters, the ones {@code datasets} honours: {@code sep}/{@code delimiter} and
 * {@code quotechar} for csv, {@code field} for json. Other parameters are reported by {@link
 * #ignoredParams} so the planner can log them.
 */
public record TextFormat(Kind kind, char separator, char quote, @Nullable String field)
    implements Serializable {

  /** The decoder family. */
  public enum Kind {
    JSON,
    CSV,
    TEXT
  }

  /** Card keys that are not parser options (features is handled by the planner). */
  private static final Set<String> NOT_PARSER_OPTIONS =
      Set.of("features", "description", "pretty_name", "license", "citation", "homepage");

  /**
   * The readers of {@code f} with {@code params}, or empty when {@code f} is not line/text data.
   */
  public static Optional<TextFormat> of(FileFormat f, Map<String, Object> params) {
    return switch (f) {
      case JSON -> Optional.of(new TextFormat(Kind.JSON, ',', '"', string(params.get("field"))));
      case CSV, TSV -> {
        char sep = f == FileFormat.TSV ? '\t' : ',';
        Object s = params.containsKey("delimiter") ? params.get("delimiter") : params.get("sep");
        if (s != null) {
          String str = String.valueOf(s);
          if (str.length() != 1) {
            throw new IllegalArgumentException(
                "the card's csv separator must be one character, got '" + str + "'");
          }
          sep = str.charAt(0);
        }
        char quote = '"';
        Object q = params.get("quotechar");
        if (q != null) {
          String str = String.valueOf(q);
          if (str.length() != 1) {
            throw new IllegalArgumentException(
                "the card's csv quotechar must be one character, got '" + str + "'");
          }
          quote = str.charAt(0);
        }
        yield Optional.of(new TextFormat(Kind.CSV, sep, quote, null));
      }
      case TEXT -> Optional.of(new TextFormat(Kind.TEXT, '\n', '"', null));
      default -> Optional.empty();
    };
  }

  /** The card parameters this reader does not apply (logged at planning). */
  public List<String> ignoredParams(Map<String, Object> params) {
    List<String> out = new ArrayList<>();
    for (String k : params.keySet()) {
      boolean used =
          NOT_PARSER_OPTIONS.contains(k)
              || (kind == Kind.CSV && Set.of("sep", "delimiter", "quotechar").contains(k))
              || (kind == Kind.JSON && k.equals("field"));
      if (!used) {
        out.add(k);
      }
    }
    return out;
  }

  private static @Nullable String string(@Nullable Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
