package dev.hfio.dataset;

import java.util.List;

/** A requested split does not exist in the chosen config; the message lists the splits that do. */
public final class SplitNotFoundException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  private final String split;
  private final List<String> validSplits;

  public SplitNotFoundException(
      String repoId, String revision, String config, String split, List<String> validSplits) {
    super(
        "dataset "
            + where(repoId, revision)
            + " has no split '"
            + split
            + "'"
            + (config == null || "default".equals(config) ? "" : " in config '" + config + "'")
            + "; splits are "
            + (validSplits.isEmpty() ? "(none)" : String.join(", ", validSplits)));
    this.split = split;
    this.validSplits = List.copyOf(validSplits);
  }

  public String split() {
    return split;
  }

  public List<String> validSplits() {
    return validSplits;
  }
}
