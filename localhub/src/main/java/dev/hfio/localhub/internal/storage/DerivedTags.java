package dev.hfio.localhub.internal.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code tags} of repo info, derived as the Hub derives them from the card and the files (the
 * Hub also uses its dataset viewer's row counts and features, which localhub does not have). In
 * order, without duplicates:
 *
 * <ol>
 *   <li>the card's own {@code tags};
 *   <li>models: the card's {@code library_name} and {@code pipeline_tag}, and {@code safetensors}
 *       when a {@code .safetensors} file exists;
 *   <li>datasets: {@code task_categories:}, {@code task_ids:}, {@code language:} for each such card
 *       value;
 *   <li>{@code license:<id>} for each card {@code license};
 *   <li>datasets: {@code size_categories:} for each card value;
 *   <li>datasets: {@code format:} from the data files ({@code parquet}, {@code json} for
 *       .json/.jsonl, {@code csv} for .csv/.tsv, {@code text} for .txt, {@code arrow}, {@code
 *       webdataset} for .tar, {@code imagefolder}, {@code audiofolder}, {@code videofolder} for
 *       media files), then {@code modality:} ({@code tabular} for parquet/csv/arrow, {@code text}
 *       for json/text, {@code image}, {@code audio}, {@code video}), then {@code library:datasets}
 *       plus {@code library:pandas}, {@code library:polars} and {@code library:mlcroissant} when a
 *       tabular or json format was found;
 *   <li>{@code region:us}.
 * </ol>
 */
public final class DerivedTags {
  private DerivedTags() {}

  /** At most this many card values of one field are turned into tags. */
  static final int MAX_VALUES = 1000;

  private static final Set<String> IMAGE =
      Set.of("png", "jpg", "jpeg", "webp", "gif", "bmp", "tiff");
  private static final Set<String> AUDIO = Set.of("wav", "mp3", "flac", "ogg", "aac", "pcm");
  private static final Set<String> VIDEO = Set.of("mp4", "webm", "mkv", "avi", "mov");

  /**
   * The tags of a repo of this type whose card is {@code card} (may be null) and whose files are
   * {@code paths}.
   */
  public static List<String> derive(RepoType type, JsonNode card, List<String> paths) {
    Set<String> out = new LinkedHashSet<>();
    values(card, "tags", "", out);
    if (type == RepoType.MODEL) {
      values(card, "library_name", "", out);
      values(card, "pipeline_tag", "", out);
      if (paths.stream().anyMatch(p -> p.endsWith(".safetensors"))) {
        out.add("safetensors");
      }
    }
    if (type == RepoType.DATASET) {
      values(card, "task_categories", "task_categories:", out);
      values(card, "task_ids", "task_ids:", out);
      values(card, "language", "language:", out);
    }
    values(card, "license", "license:", out);
    if (type == RepoType.DATASET) {
      values(card, "size_categories", "size_categories:", out);
      formats(paths, out);
    }
    out.add("region:us");
    return new ArrayList<>(out);
  }

  private static void formats(List<String> paths, Set<String> out) {
    Set<String> formats = new LinkedHashSet<>();
    Set<String> modalities = new LinkedHashSet<>();
    for (String p : paths) {
      String name = p.substring(p.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if (name.startsWith(".") || name.equals("readme.md")) {
        continue;
      }
      String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1);
      switch (ext) {
        case "parquet", "arrow" -> {
          formats.add(ext);
          modalities.add("tabular");
        }
        case "csv", "tsv" -> {
          formats.add("csv");
          modalities.add("tabular");
        }
        case "json", "jsonl" -> {
          formats.add("json");
          modalities.add("text");
        }
        case "txt" -> {
          formats.add("text");
          modalities.add("text");
        }
        case "tar" -> formats.add("webdataset");
        default -> {
          if (IMAGE.contains(ext)) {
            formats.add("imagefolder");
            modalities.add("image");
          } else if (AUDIO.contains(ext)) {
            formats.add("audiofolder");
            modalities.add("audio");
          } else if (VIDEO.contains(ext)) {
            formats.add("videofolder");
            modalities.add("video");
          }
        }
      }
    }
    formats.stream().sorted().forEach(f -> out.add("format:" + f));
    modalities.stream().sorted().forEach(m -> out.add("modality:" + m));
    if (!formats.isEmpty()) {
      out.add("library:datasets");
    }
    if (formats.contains("parquet")
        || formats.contains("csv")
        || formats.contains("json")
        || formats.contains("arrow")) {
      out.add("library:pandas");
      out.add("library:mlcroissant");
      out.add("library:polars");
    }
  }

  /**
   * Adds {@code prefix + value} for a card field that is a string or a list of strings (others are
   * ignored).
   */
  private static void values(JsonNode card, String field, String prefix, Set<String> out) {
    if (card == null) {
      return;
    }
    JsonNode v = card.path(field);
    if (v.isTextual() && !v.asText().isBlank()) {
      out.add(prefix + v.asText());
    } else if (v.isArray()) {
      int n = 0;
      for (JsonNode e : v) {
        if (n++ >= MAX_VALUES) {
          break;
        }
        if (e.isTextual() && !e.asText().isBlank()) {
          out.add(prefix + e.asText());
        } else if (e.isNumber() || e.isBoolean()) {
          out.add(prefix + e.asText());
        }
      }
    }
  }
}
