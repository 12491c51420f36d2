package dev.hfio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Deterministic Beam coder of {@link PaneShards}, field by field (no Java serialization, for the
 * same class-loader reason as {@link ShardResultCoder}); also the coder of the pending panes kept
 * in state by {@link PacePanesFn}.
 */
final class PaneShardsCoder extends AtomicCoder<PaneShards> {
  private static final long serialVersionUID = 1L;
  private static final PaneShardsCoder INSTANCE = new PaneShardsCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final ListCoder<ShardResult> SHARDS = ListCoder.of(ShardResultCoder.of());

  private PaneShardsCoder() {}

  static PaneShardsCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(PaneShards p, OutputStream out) throws IOException {
    if (p == null) {
      throw new CoderException("Cannot encode a null PaneShards");
    }
    STRING.encode(p.paneId(), out);
    STRING.encode(p.window(), out);
    LONG.encode(p.paneIndex(), out);
    SHARDS.encode(p.shards(), out);
  }

  @Override
  public PaneShards decode(InputStream in) throws IOException {
    return new PaneShards(STRING.decode(in), STRING.decode(in), LONG.decode(in), SHARDS.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
