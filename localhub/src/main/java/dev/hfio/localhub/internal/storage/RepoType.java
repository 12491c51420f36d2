package dev.hfio.localhub.internal.storage;

import java.util.Locale;

/**
 * Hub repository kinds with their URL spellings ({@code /api/datasets/...} vs {@code
 * /datasets/...}).
 */
public enum RepoType {
  MODEL("models", "", "model"),
  DATASET("datasets", "datasets/", "dataset"),
  SPACE("spaces", "spaces/", "space");

  private final String plural;
  private final String urlPrefix;
  private final String singular;

  RepoType(String plural, String urlPrefix, String singular) {
    this.plural = plural;
    this.urlPrefix = urlPrefix;
    this.singular = singular;
  }

  public String plural() {
    return plural;
  }

  /** Prefix of non-API URLs: {@code "datasets/"}, {@code "spaces/"} or empty for models. */
  public String urlPrefix() {
    return urlPrefix;
  }

  public String singular() {
    return singular;
  }

  public static RepoType fromPlural(String s) {
    for (RepoType t : values()) {
      if (t.plural.equals(s)) {
        return t;
      }
    }
    return null;
  }

  /** Parses the {@code type} field of create/delete bodies; null or missing means model. */
  public static RepoType fromSingular(String s) {
    if (s == null || s.isEmpty()) {
      return MODEL;
    }
    for (RepoType t : values()) {
      if (t.singular.equals(s.toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    return null;
  }
}
