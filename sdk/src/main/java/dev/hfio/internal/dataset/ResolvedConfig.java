package dev.hfio.internal.dataset;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.DatasetLayoutException;
import dev.hfio.dataset.SplitNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One config of a dataset with its splits and files, as {@code load_dataset(repo, name)} would see
 * them. {@link #split(String)} throws {@link SplitNotFoundException} listing the valid splits.
 */
public final class ResolvedConfig {
  private final String repoId;
  private final String revision;
  private final String name;
  private final boolean fromCard;
  private final Map<String, Object> params;
  private final LinkedHashMap<String, ResolvedSplit> splits;

  ResolvedConfig(
      String repoId,
      String revision,
      String name,
      boolean fromCard,
      Map<String, Object> params,
      List<ResolvedSplit> splits) {
    this.repoId = repoId;
    this.revision = revision;
    this.name = name;
    this.fromCard = fromCard;
    this.params = Map.copyOf(params);
    this.splits = new LinkedHashMap<>();
    for (ResolvedSplit s : splits) {
      this.splits.put(s.name(), s);
    }
  }

  public String name() {
    return name;
  }

  /**
   * True if the config comes from the card's {@code configs} (else from default split detection).
   */
  public boolean fromCard() {
    return fromCard;
  }

  /** Builder parameters of the card entry ({@code sep}, {@code features}, {@code columns}, ...). */
  public Map<String, Object> params() {
    return params;
  }

  public List<String> splitNames() {
    return List.copyOf(splits.keySet());
  }

  public List<ResolvedSplit> splits() {
    return List.copyOf(splits.values());
  }

  /**
   * @throws SplitNotFoundException naming repo, revision and the valid splits
   */
  public ResolvedSplit split(String split) {
    ResolvedSplit s = splits.get(split);
    if (s == null) {
      throw new SplitNotFoundException(repoId, revision, name, split, splitNames());
    }
    return s;
  }

  /**
   * The one format of all splits, as {@code datasets} requires.
   *
   * @throws DatasetLayoutException if splits have different formats, or no split has a supported
   *     data file
   */
  public FileFormat format() {
    Set<Optional<FileFormat>> formats = new LinkedHashSet<>();
    for (ResolvedSplit s : splits.values()) {
      formats.add(s.format());
    }
    if (formats.size() == 1 && formats.iterator().next().isPresent()) {
      return formats.iterator().next().get();
    }
    if (formats.stream().allMatch(Optional::isEmpty)) {
      throw new DataFilesNotFoundException(
          "dataset "
              + RepoNames.where(repoId, revision)
              + " config '"
              + name
              + "' has no (supported) data files");
    }
    List<String> desc = new ArrayList<>();
    splits
        .values()
        .forEach(s -> desc.add(s.name() + "=" + s.format().map(FileFormat::module).orElse("none")));
    throw new DatasetLayoutException(
        "dataset "
            + RepoNames.where(repoId, revision)
            + " config '"
            + name
            + "': couldn't infer the same data file format for all splits ("
            + String.join(", ", desc)
            + ")");
  }

  @Override
  public String toString() {
    return "ResolvedConfig{" + name + ", " + splits.values() + "}";
  }
}
