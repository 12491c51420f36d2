package dev.hfio;

import dev.hfio.dataset.MixedFormatsException;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.dataset.FileFormat;
import dev.hfio.internal.dataset.RepoFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data file formats {@code HfIO.read()} decodes, and the one-format rule: Parquet natively,
 * JSON Lines/JSON, CSV, TSV and text through {@link ReadTextFn}, each text format also gzip, zstd
 * or bzip2 compressed. A file's format is what {@code datasets} would infer for it alone, so {@code
 * train.jsonl.gz} is JSON and {@code data.tsv} is TSV.
 */
final class Formats {
  static final FileFormat[] READABLE = {
    FileFormat.PARQUET, FileFormat.JSON, FileFormat.CSV, FileFormat.TSV, FileFormat.TEXT
  };

  private Formats() {}

  /** The format of {@code path} if HfIO reads it. */
  static Optional<FileFormat> of(String path) {
    return FileFormat.infer(List.of(path)).filter(f -> List.of(READABLE).contains(f));
  }

  /**
   * The one format of {@code files}.
   *
   * @throws MixedFormatsException naming each format with an example file, when there are several
   */
  static FileFormat single(List<RepoFile> files, RepoRef repo, String revision, String what) {
    Map<String, String> examples = new LinkedHashMap<>();
    FileFormat first = null;
    for (RepoFile f : files) {
      Optional<FileFormat> fmt = FileFormat.infer(List.of(f.path()));
      String name = fmt.map(FileFormat::name).orElse("unknown");
      examples.putIfAbsent(name, f.path());
      if (first == null && fmt.isPresent()) {
        first = fmt.get();
      }
    }
    if (examples.size() > 1) {
      throw new MixedFormatsException(
          repo.id(), revision, what.contains("'") ? what : "path '" + what + "'", examples);
    }
    return first == null ? FileFormat.PARQUET : first;
  }
}
