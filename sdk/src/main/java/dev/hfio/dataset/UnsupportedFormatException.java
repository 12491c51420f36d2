package dev.hfio.dataset;

import java.util.List;

/**
 * A split's data files are in a format the caller cannot read (HfIO reads Parquet natively). The
 * message names the format and points to the viewer's Parquet export ({@code @~parquet}).
 */
public final class UnsupportedFormatException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  private final String format;

  /**
   * @param format the name of the split's file format ({@code CSV}, {@code JSON}, …)
   * @param module the {@code datasets} builder module that reads it ({@code csv}, {@code json}, …)
   * @param accepted the names of the formats the caller reads
   */
  public UnsupportedFormatException(
      String repoId,
      String revision,
      String config,
      String split,
      String format,
      String module,
      List<String> accepted) {
    super(
        "dataset "
            + where(repoId, revision)
            + " split '"
            + split
            + "' of config '"
            + config
            + "' is "
            + format
            + " ("
            + module
            + " files), but only "
            + String.join(", ", accepted)
            + " can be read here; read the Parquet export instead (revision '~parquet', i.e."
            + " refs/convert/parquet: hf://datasets/"
            + repoId
            + "@~parquet/"
            + config
            + "/"
            + split
            + "/*.parquet)");
    this.format = format;
  }

  /** The name of the split's file format, e.g. {@code CSV}. */
  public String format() {
    return format;
  }
}
