package dev.hfio.internal.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The data file format of a split, i.e. the {@code datasets} packaged builder that would read it
 * ({@code _EXTENSION_TO_MODULE}). Readers use it to decide whether they can read a split natively
 * (only {@link #PARQUET} for HfIO) or should point the user to {@code @~parquet}.
 */
public enum FileFormat {
  PARQUET("parquet", ".parquet", ".geoparquet", ".gpq"),
  CSV("csv", ".csv"),
  /** CSV builder with {@code sep="\t"}. */
  TSV("csv", ".tsv"),
  JSON("json", ".json", ".jsonl", ".ndjson"),
  ARROW("arrow", ".arrow"),
  TEXT("text", ".txt"),
  CONLL("conll", ".conll"),
  /** CoNLL builder with {@code comment_prefix="#"}. */
  CONLLU("conll", ".conllu"),
  WEBDATASET("webdataset", ".tar"),
  XML("xml", ".xml"),
  HDF5("hdf5", ".hdf5", ".h5"),
  EVAL("eval", ".eval"),
  LANCE("lance", ".lance"),
  TSFILE("tsfile", ".tsfile"),
  IMAGEFOLDER(
      "imagefolder",
      ".png",
      ".jpg",
      ".jpeg",
      ".jpe",
      ".jfif",
      ".gif",
      ".webp",
      ".bmp",
      ".dib",
      ".tif",
      ".tiff",
      ".ico",
      ".icns",
      ".ppm",
      ".pgm",
      ".pbm",
      ".pnm",
      ".tga",
      ".psd",
      ".sgi",
      ".rgb",
      ".rgba",
      ".bw",
      ".eps",
      ".ps",
      ".pcx",
      ".dds",
      ".jp2",
      ".j2k",
      ".jpc",
      ".jpf",
      ".jpx",
      ".j2c",
      ".apng",
      ".fits",
      ".fit",
      ".fli",
      ".flc",
      ".ftc",
      ".ftu",
      ".gbr",
      ".grib",
      ".bufr",
      ".blp",
      ".cur",
      ".dcx",
      ".im",
      ".iim",
      ".msp",
      ".pcd",
      ".pxr",
      ".ras",
      ".icb",
      ".vda",
      ".vst",
      ".wmf",
      ".emf",
      ".xbm",
      ".xpm"),
  AUDIOFOLDER(
      "audiofolder",
      ".wav",
      ".flac",
      ".mp3",
      ".ogg",
      ".opus",
      ".aiff",
      ".au",
      ".caf",
      ".w64",
      ".rf64",
      ".wma",
      ".3gp",
      ".3g2",
      ".asf",
      ".flv",
      ".m4v",
      ".webm",
      ".f4v",
      ".wmv",
      ".ogm",
      ".mxf",
      ".nut",
      ".mpg",
      ".avr",
      ".htk",
      ".svx",
      ".mat4",
      ".mat5",
      ".mpc2k",
      ".paf",
      ".pvf",
      ".raw",
      ".sd2",
      ".sds",
      ".ircam",
      ".voc",
      ".nist",
      ".wavex",
      ".wve",
      ".xi"),
  VIDEOFOLDER("videofolder", ".mp4", ".mov", ".avi", ".mkv", ".mpeg"),
  MESHFOLDER("meshfolder", ".glb", ".ply", ".stl"),
  PDFFOLDER("pdffolder", ".pdf"),
  NIFTIFOLDER("niftifolder", ".nii"),
  /**
   * ZIP archives: {@code datasets} looks inside up to 10 archives to pick the builder; without I/O
   * the format of the content is unknown.
   */
  ZIP("zip", ".zip");

  /** Metadata files joined by the *folder builders; they rank last when inferring the format. */
  static final Set<String> FOLDER_METADATA_FILENAMES =
      Set.of("metadata.csv", "metadata.jsonl", "metadata.parquet");

  /** {@code datasets} reads only the first 200 files of a split to infer its module. */
  static final int MAX_FILES_FOR_INFERENCE = 200;

  private static final Map<String, FileFormat> BY_EXTENSION = new HashMap<>();
  private static final Set<String> ALLOWED_EXTENSIONS;

  static {
    for (FileFormat f : values()) {
      for (String e : f.extensions) {
        BY_EXTENSION.putIfAbsent(e, f);
      }
    }
    java.util.HashSet<String> allowed = new java.util.HashSet<>(BY_EXTENSION.keySet());
    for (FileFormat f :
        List.of(IMAGEFOLDER, AUDIOFOLDER, VIDEOFOLDER, MESHFOLDER, PDFFOLDER, NIFTIFOLDER)) {
      for (String e : f.extensions) {
        allowed.add(e.toUpperCase(Locale.ROOT));
      }
    }
    ALLOWED_EXTENSIONS = Collections.unmodifiableSet(allowed);
  }

  private final String module;
  private final List<String> extensions;

  FileFormat(String module, String... extensions) {
    this.module = module;
    this.extensions = List.of(extensions);
  }

  /** The {@code datasets} packaged module name ("parquet", "csv", "imagefolder", ...). */
  public String module() {
    return module;
  }

  /** The file extensions (with the leading dot) that select this format. */
  public List<String> extensions() {
    return extensions;
  }

  /** The format whose extension list contains {@code ext} (with dot, case-insensitive). */
  public static Optional<FileFormat> forExtension(String ext) {
    return Optional.ofNullable(BY_EXTENSION.get(ext.toLowerCase(Locale.ROOT)));
  }

  /**
   * The dot-suffixes of a basename: everything after the first dot, split on dots, each with a
   * leading dot ({@code "a.csv.gz"} gives {@code .csv, .gz}).
   */
  static List<String> suffixes(String basename) {
    String[] parts = basename.split("\\.", -1);
    List<String> out = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      out.add("." + parts[i]);
    }
    return out;
  }

  /**
   * Whether a file passes datasets' "any supported extension" filter: any dot-suffix is a known
   * extension (case-sensitive; only media extensions also exist upper-case).
   */
  static boolean hasAllowedExtension(String path) {
    for (String s : suffixes(basename(path))) {
      if (ALLOWED_EXTENSIONS.contains(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Infers the format of one split's files exactly as {@code infer_module_for_data_files_list}:
   * count every lower-cased dot-suffix of the first 200 files; metadata files rank last; then
   * higher count; ties go to parquet, lance, arrow, jsonl, json, csv, then reverse lexical order;
   * the first suffix with a builder wins.
   */
  public static Optional<FileFormat> infer(List<String> paths) {
    Map<List<Object>, Integer> counts = new LinkedHashMap<>();
    for (String p : paths.subList(0, Math.min(paths.size(), MAX_FILES_FOR_INFERENCE))) {
      String base = basename(p);
      boolean meta = FOLDER_METADATA_FILENAMES.contains(base);
      for (String s : suffixes(base)) {
        counts.merge(List.of(s.toLowerCase(Locale.ROOT), meta), 1, Integer::sum);
      }
    }
    List<Map.Entry<List<Object>, Integer>> entries = new ArrayList<>(counts.entrySet());
    Comparator<Map.Entry<List<Object>, Integer>> key =
        Comparator.<Map.Entry<List<Object>, Integer>, Boolean>comparing(
                e -> !(Boolean) e.getKey().get(1))
            .thenComparing(Map.Entry::getValue)
            .thenComparing(e -> e.getKey().get(0).equals(".parquet"))
            .thenComparing(e -> e.getKey().get(0).equals(".lance"))
            .thenComparing(e -> e.getKey().get(0).equals(".arrow"))
            .thenComparing(e -> e.getKey().get(0).equals(".jsonl"))
            .thenComparing(e -> e.getKey().get(0).equals(".json"))
            .thenComparing(e -> e.getKey().get(0).equals(".csv"))
            .thenComparing(e -> (String) e.getKey().get(0));
    entries.sort(key.reversed());
    for (Map.Entry<List<Object>, Integer> e : entries) {
      FileFormat f = BY_EXTENSION.get((String) e.getKey().get(0));
      if (f != null) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Keeps the files a builder of this format would read: datasets' {@code DataFilesList.filter}
   * with the module's extensions plus {@code .zip} (each optionally followed by one more suffix)
   * and, for *folder modules, the metadata file names.
   */
  List<String> filter(List<String> paths) {
    Set<String> exts =
        java.util.Arrays.stream(values())
            .filter(f -> f.module.equals(module))
            .flatMap(f -> f.extensions.stream())
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    exts.add(".zip");
    String extAlt = exts.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    Pattern extPattern = Pattern.compile(".*(" + extAlt + ")(\\..+)?", Pattern.DOTALL);
    Pattern metaPattern =
        module.endsWith("folder")
            ? Pattern.compile(
                ".*[/]?("
                    + FOLDER_METADATA_FILENAMES.stream()
                        .sorted()
                        .map(Pattern::quote)
                        .collect(Collectors.joining("|"))
                    + ")",
                Pattern.DOTALL)
            : null;
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      if (extPattern.matcher(p).matches()
          || (metaPattern != null && metaPattern.matcher(p).matches())) {
        out.add(p);
      }
    }
    return out;
  }

  static String basename(String path) {
    int i = path.lastIndexOf('/');
    return i < 0 ? path : path.substring(i + 1);
  }
}
