package dev.hfio.dataset;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A split's data files are in a format the caller cannot read (HfIO reads Parquet natively). The
 * message names the format and points to the viewer's Parquet export ({@code @~parquet}).
 */
public final class UnsupportedFormatException extends DatasetLayoutException {
  private static final long serialVersionUID = 1L;

  private final FileFormat format;

  public UnsupportedFormatException(
      String repoId,
      String revision,
      String config,
      String split,
      FileFormat format,
      List<FileFormat> accepted) {
    super(
        "dataset "
            + where(repoId, revision)
            + " split '"
            + split
            + "' of config '"
            + config
            + "' is "
            + format.name()
            + " ("
            + format.module()
            + " files), but only "
            + accepted.stream().map(FileFormat::name).collect(Collectors.joining(", "))
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

  public FileFormat format() {
    return format;
  }
}
