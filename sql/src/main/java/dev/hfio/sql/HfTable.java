package dev.hfio.sql;

import dev.hfio.Compression;
import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.WriteMode;
import dev.hfio.parquet.RowFilter;
import dev.hfio.schematransforms.HfConfigurationException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.extensions.sql.impl.BeamTableStatistics;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTableFilter;
import org.apache.beam.sdk.extensions.sql.meta.ProjectSupport;
import org.apache.beam.sdk.extensions.sql.meta.SchemaBaseBeamTable;
import org.apache.beam.sdk.extensions.sql.meta.Table;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.calcite.v1_28_0.org.apache.calcite.rex.RexNode;

/** A huggingface table: reads with projection and filter pushdown, writes one commit. */
final class HfTable extends SchemaBaseBeamTable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String location;
  private final TableProperties properties;

  private HfTable(String name, Schema schema, String location, TableProperties properties) {
    super(schema);
    this.name = name;
    this.location = location;
    this.properties = properties;
  }

  static HfTable of(Table table) {
    String location = table.getLocation();
    if (location == null || location.isBlank()) {
      throw new HfConfigurationException(
          "table "
              + table.getName()
              + ": TYPE huggingface needs LOCATION 'hf://datasets/namespace/name' (or a repo id)");
    }
    TableProperties props = TableProperties.of(table.getName(), table.getProperties());
    HfTable t = new HfTable(table.getName(), table.getSchema(), location, props);
    t.read(); // checks location and properties now, not when the query runs
    return t;
  }

  /** The read of every column, no filter. */
  private HfIO.Read read() {
    HfIO.Read r = call("LOCATION", () -> HfIO.read().from(location)).withSchema(schema);
    if (properties.get("split") != null) {
      HfIO.Read rr = r;
      r = call("split", () -> rr.withSplit(properties.get("split")));
    }
    if (properties.get("config") != null) {
      HfIO.Read rr = r;
      r = call("config", () -> rr.withConfig(properties.get("config")));
    }
    if (properties.get("revision") != null) {
      HfIO.Read rr = r;
      r = call("revision", () -> rr.withRevision(properties.get("revision")));
    }
    if (properties.get("endpoint") != null) {
      HfIO.Read rr = r;
      r = call("endpoint", () -> rr.withEndpoint(properties.get("endpoint")));
    }
    return r;
  }

  @Override
  public PCollection<Row> buildIOReader(PBegin begin) {
    return begin.apply("HfIO.read " + name, read());
  }

  @Override
  public PCollection<Row> buildIOReader(
      PBegin begin, BeamSqlTableFilter filters, List<String> fieldNames) {
    HfIO.Read r = read();
    if (!fieldNames.isEmpty()) {
      r = r.withColumns(fieldNames.toArray(new String[0]));
    }
    if (filters instanceof HfTableFilter f && f.rowFilter() != null) {
      RowFilter rowFilter = f.rowFilter();
      r = r.withFilter(rowFilter);
    }
    return begin.apply("HfIO.read " + name, r);
  }

  @Override
  public BeamSqlTableFilter constructFilter(List<RexNode> filter) {
    return new HfTableFilter(filter, schema);
  }

  @Override
  public ProjectSupport supportsProjects() {
    return ProjectSupport.WITH_FIELD_REORDERING;
  }

  @Override
  public POutput buildIOWriter(PCollection<Row> input) {
    HfIO.Write w = call("LOCATION", () -> HfIO.write().to(location));
    if (properties.get("split") != null) {
      HfIO.Write ww = w;
      w = call("split", () -> ww.withSplit(properties.get("split")));
    }
    if (properties.get("config") != null) {
      HfIO.Write ww = w;
      w = call("config", () -> ww.withConfig(properties.get("config")));
    }
    if (properties.get("revision") != null) {
      HfIO.Write ww = w;
      w = call("revision", () -> ww.withRevision(properties.get("revision")));
    }
    if (properties.get("mode") != null) {
      w = w.withMode(enumValue("mode", WriteMode.class, properties.get("mode")));
    }
    if (properties.get("num_shards") != null) {
      HfIO.Write ww = w;
      w =
          call(
              "num_shards",
              () -> ww.withNumShards(Integer.parseInt(properties.get("num_shards").trim())));
    }
    if (properties.get("compression") != null) {
      w =
          w.withCompression(
              enumValue("compression", Compression.class, properties.get("compression")));
    }
    if (properties.get("commit_message") != null) {
      HfIO.Write ww = w;
      w = call("commit_message", () -> ww.withCommitMessage(properties.get("commit_message")));
    }
    if (properties.get("create_repo") != null) {
      w =
          w.withCreateRepo(
              enumValue("create_repo", Visibility.class, properties.get("create_repo")));
    }
    if (properties.get("endpoint") != null) {
      HfIO.Write ww = w;
      w = call("endpoint", () -> ww.withEndpoint(properties.get("endpoint")));
    }
    return input.apply("HfIO.write " + name, w).getWriteResults();
  }

  @Override
  public PCollection.IsBounded isBounded() {
    return PCollection.IsBounded.BOUNDED;
  }

  @Override
  public BeamTableStatistics getTableStatistics(PipelineOptions options) {
    return BeamTableStatistics.BOUNDED_UNKNOWN;
  }

  private <T> T call(String key, java.util.function.Supplier<T> withX) {
    try {
      return withX.get();
    } catch (IllegalArgumentException e) {
      throw new HfConfigurationException("table " + name + ": " + key + ": " + e.getMessage(), e);
    }
  }

  private <E extends Enum<E>> E enumValue(String key, Class<E> type, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new HfConfigurationException(
        String.format(
            "table %s: TBLPROPERTIES %s: '%s' is not one of %s",
            name,
            key,
            value,
            Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList()));
  }
}
