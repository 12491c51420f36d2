package dev.hfio.dataset;

import java.util.List;

/**
 * A requested config does not exist, or no config was named while the dataset has several and none
 * is the default. The message lists the valid config names.
 */
public final class ConfigNotFoundException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  private final String config;
  private final List<String> validConfigs;

  public ConfigNotFoundException(
      String repoId, String revision, String config, List<String> validConfigs) {
    super(
        config == null
            ? "dataset "
                + where(repoId, revision)
                + " has several configs and none is the default; pick one with withConfig(...): "
                + String.join(", ", validConfigs)
            : "dataset "
                + where(repoId, revision)
                + " has no config '"
                + config
                + "'; configs are "
                + (validConfigs.isEmpty() ? "(none)" : String.join(", ", validConfigs)));
    this.config = config;
    this.validConfigs = List.copyOf(validConfigs);
  }

  /** The requested name, or null when none was given and there is no default. */
  public String config() {
    return config;
  }

  public List<String> validConfigs() {
    return validConfigs;
  }
}
