package dev.hfio.internal.dataset;

import dev.hfio.dataset.DataFilesNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of the dataset viewer's Parquet export on the {@code refs/convert/parquet} branch:
 * {@code {config}/{split}/NNNN.parquet}, {@code {config}/partial-{split}/NNNN.parquet} for partial
 * conversions and {@code {config}/{split}-part{k}/NNNN.parquet} beyond 10 000 shards. Every split
 * there is Parquet, whatever the format of the main branch.
 */
final class ParquetExportLayout {
  private ParquetExportLayout() {}

  private static final Pattern FILE =
      Pattern.compile("([^/]+)/(partial-)?([^/]+?)(?:-part([0-9]+))?/([0-9]+)\\.parquet");

  /**
   * Resolves the export's configs and splits. Config order: the default first, then by name. The
   * default is {@code defaultConfigHint} (the main branch's default) if present, else {@code
   * default}, else the only config.
   *
   * @throws DataFilesNotFoundException if no file has the export layout
   */
  public static ResolvedDataset resolve(
      String repoId, String revision, List<RepoFile> files, String defaultConfigHint) {
    record Shard(String split, long part, String file, RepoFile rf) {}
    TreeMap<String, Map<String, List<Shard>>> byConfig = new TreeMap<>();
    for (RepoFile f : files) {
      Matcher m = FILE.matcher(f.path());
      if (!m.matches() || m.group(1).startsWith(".")) {
        continue;
      }
      String split = m.group(3);
      long part = m.group(4) == null ? 0 : Long.parseLong(m.group(4));
      byConfig
          .computeIfAbsent(m.group(1), k -> new TreeMap<>())
          .computeIfAbsent(split, k -> new ArrayList<>())
          .add(new Shard(split, part, m.group(5), f));
    }
    if (byConfig.isEmpty()) {
      throw new DataFilesNotFoundException(
          "dataset "
              + RepoNames.where(repoId, revision)
              + " has no Parquet export files ({config}/{split}/NNNN.parquet); the viewer may not"
              + " have converted it yet, or the dataset is private");
    }
    String def = null;
    if (defaultConfigHint != null && byConfig.containsKey(defaultConfigHint)) {
      def = defaultConfigHint;
    } else if (byConfig.containsKey(PushToHubLayout.DEFAULT_CONFIG)) {
      def = PushToHubLayout.DEFAULT_CONFIG;
    } else if (byConfig.size() == 1) {
      def = byConfig.firstKey();
    }
    List<String> order = new ArrayList<>();
    if (def != null) {
      order.add(def);
    }
    for (String c : byConfig.keySet()) {
      if (!c.equals(def)) {
        order.add(c);
      }
    }
    LinkedHashMap<String, Supplier<ResolvedConfig>> configs = new LinkedHashMap<>();
    for (String c : order) {
      Map<String, List<Shard>> splits = byConfig.get(c);
      List<String> splitOrder = new ArrayList<>();
      for (String d : SplitPatterns.DEFAULT_SPLITS) {
        if (splits.containsKey(d)) {
          splitOrder.add(d);
        }
      }
      for (String s : splits.keySet()) {
        if (!SplitPatterns.DEFAULT_SPLITS.contains(s)) {
          splitOrder.add(s);
        }
      }
      List<ResolvedSplit> resolved = new ArrayList<>();
      for (String s : splitOrder) {
        List<Shard> shards = new ArrayList<>(splits.get(s));
        shards.sort(
            Comparator.comparingLong(Shard::part)
                .thenComparing(sh -> Long.parseLong(sh.file()))
                .thenComparing(sh -> sh.rf().path()));
        List<RepoFile> rfs = shards.stream().map(Shard::rf).toList();
        resolved.add(
            new ResolvedSplit(
                repoId,
                revision,
                c,
                s,
                List.of(c + "/" + s + "/*.parquet"),
                rfs,
                Optional.of(FileFormat.PARQUET)));
      }
      ResolvedConfig rc = new ResolvedConfig(repoId, revision, c, false, Map.of(), resolved);
      configs.put(c, () -> rc);
    }
    return new ResolvedDataset(repoId, revision, def, configs);
  }
}
