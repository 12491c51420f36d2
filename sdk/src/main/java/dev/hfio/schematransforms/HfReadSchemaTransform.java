package dev.hfio.schematransforms;

import dev.hfio.HfIO;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.DropFields;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The read built from a checked {@link HfReadConfiguration}. */
final class HfReadSchemaTransform extends SchemaTransform {
  private static final long serialVersionUID = 1L;

  private final HfReadConfiguration config;
  private final HfIO.Read read;
  private final FilterExpression.@Nullable Parsed filter;

  private HfReadSchemaTransform(
      HfReadConfiguration config, HfIO.Read read, FilterExpression.@Nullable Parsed filter) {
    this.config = config;
    this.read = read;
    this.filter = filter;
  }

  /** Checks every key and builds the read; an {@link HfConfigurationException} names the key. */
  static HfReadSchemaTransform of(HfReadConfiguration c) {
    String from =
        ConfigChecks.pathOrRepo(
            "hf_read", c.getPath(), c.getRepo(), "hf://datasets/namespace/name[@revision][/path]");
    ConfigChecks.check(
        c.getKeep() == null || c.getDrop() == null,
        "keep and drop exclude each other: give the columns to read (keep) or to leave out (drop)");
    HfIO.Read read = ConfigChecks.call("path/repo", () -> HfIO.read().from(from));
    if (c.getSplit() != null) {
      read = ConfigChecks.call("split", read::withSplit, c.getSplit());
    }
    if (c.getConfig() != null) {
      read = ConfigChecks.call("config", read::withConfig, c.getConfig());
    }
    if (c.getRevision() != null) {
      read = ConfigChecks.call("revision", read::withRevision, c.getRevision());
    }
    if (c.getKeep() != null) {
      ConfigChecks.check(!c.getKeep().isEmpty(), "keep: give at least one column");
      List<String> keep = c.getKeep();
      HfIO.Read r = read;
      read = ConfigChecks.call("keep", () -> r.withColumns(keep.toArray(new String[0])));
    }
    if (c.getDrop() != null) {
      ConfigChecks.check(!c.getDrop().isEmpty(), "drop: give at least one column");
      Set<String> seen = new HashSet<>();
      for (String d : c.getDrop()) {
        ConfigChecks.check(d != null && !d.isBlank(), "drop: column names must be non-empty");
        ConfigChecks.check(seen.add(d), "drop: column '%s' given twice", d);
      }
    }
    FilterExpression.Parsed filter = null;
    if (c.getFilter() != null) {
      filter = FilterExpression.parse(c.getFilter());
      read = read.withFilter(filter.filter());
    }
    if (c.getEndpoint() != null) {
      read = ConfigChecks.call("endpoint", read::withEndpoint, c.getEndpoint());
    }
    if (c.getToken() != null) {
      ConfigChecks.check(!c.getToken().isBlank(), "token: must not be blank");
      read = read.withToken(c.getToken());
    }
    return new HfReadSchemaTransform(c, read, filter);
  }

  @Override
  public PCollectionRowTuple expand(PCollectionRowTuple input) {
    PCollection<Row> rows = input.getPipeline().apply("HfIO.read", read);
    Schema schema = rows.getSchema();
    if (filter != null) {
      for (String[] colAndLiteral : filter.fractionalLiterals()) {
        checkNotInteger(schema, colAndLiteral[0], colAndLiteral[1]);
      }
    }
    if (config.getDrop() != null) {
      for (String d : config.getDrop()) {
        ConfigChecks.check(
            schema.hasField(d),
            "drop: column '%s' is not in the data; its columns are %s",
            d,
            schema.getFieldNames());
      }
      ConfigChecks.check(
          config.getDrop().size() < schema.getFieldCount(),
          "drop: %s would leave no column",
          config.getDrop());
      rows = rows.apply("Drop columns", DropFields.fields(config.getDrop().toArray(new String[0])));
    }
    return PCollectionRowTuple.of(HfReadSchemaTransformProvider.OUTPUT, rows);
  }

  /** A fractional literal compared with an integer column would be truncated by the reader. */
  private static void checkNotInteger(Schema schema, String column, String literal) {
    if (!schema.hasField(column)) {
      return;
    }
    Schema.TypeName t = schema.getField(column).getType().getTypeName();
    ConfigChecks.check(
        !(t == Schema.TypeName.BYTE
            || t == Schema.TypeName.INT16
            || t == Schema.TypeName.INT32
            || t == Schema.TypeName.INT64),
        "filter: column '%s' holds integers (%s) and cannot be compared with %s; compare with an"
            + " integer (e.g. '%s >= %s')",
        column,
        t,
        literal,
        column,
        (long) Math.ceil(Double.parseDouble(literal)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("urn", HfReadSchemaTransformProvider.IDENTIFIER));
    builder.include("read", read);
    if (config.getDrop() != null) {
      builder.add(DisplayData.item("drop", String.join(",", config.getDrop())));
    }
  }
}
