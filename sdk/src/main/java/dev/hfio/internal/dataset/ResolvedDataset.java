package dev.hfio.internal.dataset;

import dev.hfio.dataset.ConfigNotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The configs of a dataset repository at one revision, each resolved to splits and files on first
 * use (so a broken config does not prevent reading another). {@link #config(String)} throws {@link
 * ConfigNotFoundException} listing the valid configs.
 */
public final class ResolvedDataset {
  private final String repoId;
  private final String revision;
  private final String defaultConfig; // may be null
  private final LinkedHashMap<String, Supplier<ResolvedConfig>> configs;
  private final Map<String, ResolvedConfig> memo = new LinkedHashMap<>();

  ResolvedDataset(
      String repoId,
      String revision,
      String defaultConfig,
      LinkedHashMap<String, Supplier<ResolvedConfig>> configs) {
    this.repoId = repoId;
    this.revision = revision;
    this.defaultConfig = defaultConfig;
    this.configs = configs;
  }

  public String repoId() {
    return repoId;
  }

  public String revision() {
    return revision;
  }

  /** Config names in card order ({@code ["default"]} without card configs). */
  public List<String> configNames() {
    return List.copyOf(configs.keySet());
  }

  /** The config {@code load_dataset(repo)} uses without a name, if any. */
  public Optional<String> defaultConfigName() {
    return Optional.ofNullable(defaultConfig);
  }

  /**
   * The named config, or the default one when {@code name} is null.
   *
   * @throws ConfigNotFoundException if there is no such config, or name is null and there is no
   *     default
   * @throws DataFilesNotFoundException if the config has no data files or a literal path is missing
   */
  public synchronized ResolvedConfig config(String name) {
    String n = name == null ? defaultConfig : name;
    if (n == null || !configs.containsKey(n)) {
      throw new ConfigNotFoundException(repoId, revision, name, configNames());
    }
    ResolvedConfig c = memo.get(n);
    if (c == null) {
      c = configs.get(n).get();
      memo.put(n, c);
    }
    return c;
  }

  /** Shortcut for {@code config(config).split(split)}. */
  public ResolvedSplit split(String config, String split) {
    return config(config).split(split);
  }

  @Override
  public String toString() {
    return "ResolvedDataset{"
        + RepoNames.where(repoId, revision)
        + ", configs="
        + configs.keySet()
        + "}";
  }
}
