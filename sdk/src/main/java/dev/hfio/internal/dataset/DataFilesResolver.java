package dev.hfio.internal.dataset;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.DatasetCardException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps a dataset repository's file list (and its README card) to configs, splits and files exactly
 * as {@code datasets.load_dataset} does: the card's {@code configs} first (literal {@code
 * data_files}, or default detection under the entry's {@code data_dir}); otherwise the default
 * split patterns with their precedence (push_to_hub shards, {@code *.eval} logs, split keyword in a
 * folder name, in a file name, then everything as {@code train}). On the {@code
 * refs/convert/parquet} revision the viewer's {@code {config}/{split}/NNNN.parquet} layout is used
 * instead. Pure logic: no HTTP.
 */
public final class DataFilesResolver {
  private DataFilesResolver() {}

  /** Same as {@link #resolve(String, String, List, DatasetCard, String)} at the repo root. */
  public static ResolvedDataset resolve(
      String repoId, String revision, List<RepoFile> files, DatasetCard card) {
    return resolve(repoId, revision, files, card, "");
  }

  /**
   * Resolves configs and splits.
   *
   * @param repoId used in error messages only
   * @param revision used in error messages, and to detect the Parquet export ({@link
   *     #isParquetExportRevision})
   * @param files every file of the repo at that revision (recursive listing, paths from the root)
   * @param card the parsed README.md, or null when the repo has none
   * @param baseDir a folder acting as the dataset root (like {@code data_dir} of load_dataset, or
   *     the path part of {@code hf://datasets/u/ds/sub}); "" or null for the root. Card patterns
   *     are then relative to it too.
   */
  public static ResolvedDataset resolve(
      String repoId, String revision, List<RepoFile> files, DatasetCard card, String baseDir) {
    if (isParquetExportRevision(revision)) {
      String hint = null;
      if (card != null) {
        try {
          hint = card.defaultConfigName().orElse(null);
        } catch (DatasetCardException e) {
          hint = null; // only a hint for ordering/defaulting on the export branch
        }
      }
      return ParquetExportLayout.resolve(repoId, revision, files, hint);
    }
    PatternResolver root = new PatternResolver(PatternResolver.sorted(files), baseDir);
    String where = RepoNames.where(repoId, revision);
    List<ConfigEntry> entries = card == null ? List.of() : card.configs();
    LinkedHashMap<String, Supplier<ResolvedConfig>> configs = new LinkedHashMap<>();
    if (entries.isEmpty()) {
      configs.put(
          PushToHubLayout.DEFAULT_CONFIG,
          () ->
              detectConfig(
                  repoId, revision, PushToHubLayout.DEFAULT_CONFIG, root, where, true, Map.of()));
      return new ResolvedDataset(repoId, revision, PushToHubLayout.DEFAULT_CONFIG, configs);
    }
    for (ConfigEntry e : entries) {
      configs.put(e.name(), () -> fromEntry(repoId, revision, e, root, where));
    }
    String def = card.defaultConfigName().orElse(null);
    return new ResolvedDataset(repoId, revision, def, configs);
  }

  /** True for {@code refs/convert/parquet}, its encoded form and the {@code ~parquet} alias. */
  public static boolean isParquetExportRevision(String revision) {
    return revision != null
        && (revision.equals("refs/convert/parquet")
            || revision.equalsIgnoreCase("refs%2Fconvert%2Fparquet")
            || revision.equals("~parquet"));
  }

  private static ResolvedConfig fromEntry(
      String repoId, String revision, ConfigEntry e, PatternResolver root, String where) {
    PatternResolver base = e.dataDir().map(root::under).orElse(root);
    if (e.dataFiles().isEmpty()) {
      return detectConfig(repoId, revision, e.name(), base, where, false, e.params());
    }
    List<ResolvedSplit> splits = new ArrayList<>();
    for (Map.Entry<String, List<String>> s : e.dataFiles().get().entrySet()) {
      List<RepoFile> files = new ArrayList<>();
      for (String pattern : s.getValue()) {
        List<RepoFile> matched = base.resolveWithAllowedExtensions(pattern);
        if (matched.isEmpty() && !Glob.hasMagic(pattern)) {
          throw new DataFilesNotFoundException(
              "dataset "
                  + where
                  + " config '"
                  + e.name()
                  + "' split '"
                  + s.getKey()
                  + "': data file '"
                  + base.fullPattern(pattern)
                  + "' listed in README.md does not exist (or has no supported extension);"
                  + " fix the card's data_files");
        }
        files.addAll(matched);
      }
      splits.add(
          new ResolvedSplit(
              repoId,
              revision,
              e.name(),
              s.getKey(),
              s.getValue(),
              files,
              FileFormat.infer(paths(files)),
              base.root()));
    }
    return new ResolvedConfig(repoId, revision, e.name(), true, e.params(), splits);
  }

  /**
   * Default split detection under {@code base}; {@code filterByFormat} only without card configs.
   */
  private static ResolvedConfig detectConfig(
      String repoId,
      String revision,
      String name,
      PatternResolver base,
      String where,
      boolean filterByFormat,
      Map<String, Object> params) {
    String at = base.root().isEmpty() ? where : where + " (folder '" + base.root() + "')";
    Map<String, List<String>> patterns = SplitPatterns.detect(p -> paths(base.resolve(p)), at);
    List<ResolvedSplit> splits = new ArrayList<>();
    for (Map.Entry<String, List<String>> s : patterns.entrySet()) {
      List<RepoFile> files = new ArrayList<>();
      for (String p : s.getValue()) {
        files.addAll(base.resolveWithAllowedExtensions(p));
      }
      Optional<FileFormat> format = FileFormat.infer(paths(files));
      if (filterByFormat && format.isPresent()) {
        List<String> keep = format.get().filter(paths(files));
        List<RepoFile> kept = new ArrayList<>();
        int k = 0;
        for (RepoFile f : files) {
          if (k < keep.size() && keep.get(k).equals(f.path())) {
            kept.add(f);
            k++;
          }
        }
        files = kept;
      }
      splits.add(
          new ResolvedSplit(
              repoId, revision, name, s.getKey(), s.getValue(), files, format, base.root()));
    }
    return new ResolvedConfig(repoId, revision, name, false, params, splits);
  }

  private static List<String> paths(List<RepoFile> files) {
    List<String> out = new ArrayList<>(files.size());
    for (RepoFile f : files) {
      out.add(f.path());
    }
    return out;
  }
}
