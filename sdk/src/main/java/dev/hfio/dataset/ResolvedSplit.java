package dev.hfio.dataset;

import java.util.List;
import java.util.Optional;

/**
 * One split of a resolved config: the patterns that define it, the files they select (in datasets'
 * order: per pattern, sorted by path, concatenated; duplicates kept, as datasets reads them) and the
 * inferred format (empty when no file has a supported extension).
 */
public record ResolvedSplit(
    String name, List<String> patterns, List<RepoFile> files, Optional<FileFormat> format) {
  public ResolvedSplit {
    patterns = List.copyOf(patterns);
    files = List.copyOf(files);
  }

  public List<String> paths() {
    return files.stream().map(RepoFile::path).toList();
  }

  /** Sum of known file sizes (unknown sizes count as 0). */
  public long totalSize() {
    return files.stream().mapToLong(f -> Math.max(0, f.size())).sum();
  }

  /** True if the split is readable as Parquet (HfIO's native format). */
  public boolean isParquet() {
    return format.filter(f -> f == FileFormat.PARQUET).isPresent();
  }
}
