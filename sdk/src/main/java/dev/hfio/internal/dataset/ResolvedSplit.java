package dev.hfio.internal.dataset;

import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.UnsupportedFormatException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One split of a resolved config: the patterns that define it, the files they select (in datasets'
 * order: per pattern, sorted by path, concatenated; duplicates kept, as datasets reads them) and
 * the inferred format (empty when no file has a supported extension). Serializable so it can travel
 * in a Beam transform.
 */
public final class ResolvedSplit implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String repoId;
  private final String revision;
  private final String config;
  private final String name;
  private final List<String> patterns;
  private final List<RepoFile> files;
  private final FileFormat format; // nullable
  private final String root; // the folder the patterns are relative to ("" for the repo root)

  ResolvedSplit(
      String repoId,
      String revision,
      String config,
      String name,
      List<String> patterns,
      List<RepoFile> files,
      Optional<FileFormat> format) {
    this(repoId, revision, config, name, patterns, files, format, "");
  }

  ResolvedSplit(
      String repoId,
      String revision,
      String config,
      String name,
      List<String> patterns,
      List<RepoFile> files,
      Optional<FileFormat> format,
      String root) {
    this.root = PatternResolver.normalizeDir(root);
    this.repoId = repoId;
    this.revision = revision;
    this.config = config;
    this.name = Objects.requireNonNull(name);
    this.patterns = List.copyOf(patterns);
    this.files = List.copyOf(files);
    this.format = format.orElse(null);
  }

  public String name() {
    return name;
  }

  /** The config this split belongs to. */
  public String config() {
    return config;
  }

  public List<String> patterns() {
    return patterns;
  }

  /** The folder {@link #patterns()} are relative to: "" for the repo root. */
  public String root() {
    return root;
  }

  public List<RepoFile> files() {
    return files;
  }

  public Optional<FileFormat> format() {
    return Optional.ofNullable(format);
  }

  public List<String> paths() {
    List<String> out = new ArrayList<>(files.size());
    for (RepoFile f : files) {
      out.add(f.path());
    }
    return out;
  }

  /** Sum of known file sizes (unknown sizes count as 0). */
  public long totalSize() {
    return files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
  }

  /** True if the split is readable as Parquet (HfIO's native format). */
  public boolean isParquet() {
    return format == FileFormat.PARQUET;
  }

  /**
   * Returns this split if its format is one of {@code accepted}.
   *
   * @throws DataFilesNotFoundException if the split has no (supported) data files
   * @throws UnsupportedFormatException naming the format and pointing to the Parquet export
   */
  public ResolvedSplit requireFormat(FileFormat... accepted) {
    if (format == null || files.isEmpty()) {
      throw new DataFilesNotFoundException(
          "dataset "
              + RepoNames.where(repoId, revision)
              + " split '"
              + name
              + "' of config '"
              + config
              + "' has no (supported) data files (patterns "
              + patterns
              + ")");
    }
    if (Arrays.asList(accepted).contains(format)) {
      return this;
    }
    throw new UnsupportedFormatException(
        repoId,
        revision,
        config,
        name,
        format.name(),
        format.module(),
        Arrays.stream(accepted).map(FileFormat::name).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResolvedSplit s
        && s.name.equals(name)
        && Objects.equals(s.config, config)
        && s.patterns.equals(patterns)
        && s.files.equals(files)
        && s.format == format;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, config, patterns, files, format);
  }

  @Override
  public String toString() {
    return "ResolvedSplit{"
        + name
        + ", "
        + (format == null ? "none" : format.module())
        + ", "
        + paths()
        + "}";
  }
}
