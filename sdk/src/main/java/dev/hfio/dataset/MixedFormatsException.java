package dev.hfio.dataset;

import java.util.List;
import java.util.Map;

/**
 * The files of one read (a split, a config's splits, or the files under a path or glob) are in more
 * than one format, e.g. JSON Lines and CSV, or CSV and TSV: one reader cannot decode them all. The
 * message names the formats with an example file of each and says how to select one.
 */
public final class MixedFormatsException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  private final List<String> formats;

  /**
   * @param what the read, e.g. {@code "split 'train' of config 'default'"} or {@code "path
   *     'data/*'"}
   * @param examples format name &rarr; one file of that format
   */
  public MixedFormatsException(
      String repoId, String revision, String what, Map<String, String> examples) {
    super(
        "dataset "
            + where(repoId, revision)
            + " "
            + what
            + " mixes data file formats "
            + examples
            + " (format=example file); one read decodes one format: select the files of one"
            + " format with a data_files pattern in the card's configs or a glob in the hf://"
            + " path, or convert the others");
    this.formats = List.copyOf(examples.keySet());
  }

  /** The formats found ({@code JSON}, {@code CSV}, {@code TSV}, {@code TEXT}, {@code PARQUET}). */
  public List<String> formats() {
    return formats;
  }
}
