package dev.hfio.sql;

import com.google.auto.service.AutoService;
import org.apache.beam.sdk.extensions.sql.meta.BeamSqlTable;
import org.apache.beam.sdk.extensions.sql.meta.Table;
import org.apache.beam.sdk.extensions.sql.meta.provider.InMemoryMetaTableProvider;
import org.apache.beam.sdk.extensions.sql.meta.provider.TableProvider;

/**
 * The Beam SQL table type {@value #TYPE}: a Hub dataset as a table. {@code LOCATION} is an hf://
 * path ({@code hf://datasets/ns/name[@revision][/dir]}) or a repo id; {@code TBLPROPERTIES} (JSON)
 * may set {@code split}, {@code config}, {@code revision} (both ways), {@code mode}, {@code
 * num_shards}, {@code compression}, {@code commit_message} (writes) and {@code endpoint}; the token
 * comes from the pipeline options or the environment, never from SQL text. Registered with the
 * ServiceLoader, so {@code SqlTransform} finds it.
 */
@AutoService(TableProvider.class)
public class HfTableProvider extends InMemoryMetaTableProvider {
  /** The table type of {@code CREATE EXTERNAL TABLE ... TYPE huggingface}. */
  public static final String TYPE = "huggingface";

  /** Used by the ServiceLoader. */
  public HfTableProvider() {}

  @Override
  public String getTableType() {
    return TYPE;
  }

  @Override
  public BeamSqlTable buildBeamSqlTable(Table table) {
    return HfTable.of(table);
  }
}
