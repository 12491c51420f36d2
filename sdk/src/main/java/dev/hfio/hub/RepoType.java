package dev.hfio.hub;

import java.util.Locale;

/**
 * The kind of a Hub repository. It decides the URL segments: {@code /api/<plural>/...} for API
 * routes and a prefix ({@code datasets/}, {@code spaces/}, nothing for models) for resolve, raw and
 * LFS routes.
 */
public enum RepoType {
  MODEL("model", "models", ""),
  DATASET("dataset", "datasets", "datasets/"),
  SPACE("space", "spaces", "spaces/");

  private final String singular;
  private final String plural;
  private final String urlPrefix;

  RepoType(String singular, String plural, String urlPrefix) {
    this.singular = singular;
    this.plural = plural;
    this.urlPrefix = urlPrefix;
  }

  /** {@code "dataset"}: the {@code type} value of create/delete repo bodies. */
  public String singular() {
    return singular;
  }

  /** {@code "datasets"}: the segment after {@code /api/} and in hf:// paths. */
  public String plural() {
    return plural;
  }

  /**
   * {@code "datasets/"}, {@code "spaces/"} or {@code ""} for models: the prefix of non-API URLs.
   */
  public String urlPrefix() {
    return urlPrefix;
  }

  /** Parses {@code dataset}, {@code datasets}, {@code model}, ... (case-insensitive). */
  public static RepoType fromName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (RepoType t : values()) {
      if (t.singular.equals(n) || t.plural.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "Unknown repo type '" + name + "': expected one of dataset, model, space");
  }
}
