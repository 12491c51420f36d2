package dev.hfio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Deterministic Beam coder of {@link ShardResult}, field by field. It avoids Java serialization,
 * whose decoder on Spark resolves classes in a loader that cannot see HfIO when HfIO reaches
 * executors only as staged jars.
 */
final class ShardResultCoder extends AtomicCoder<ShardResult> {
  private static final long serialVersionUID = 1L;
  private static final ShardResultCoder INSTANCE = new ShardResultCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final NullableCoder<String> SPLIT = NullableCoder.of(StringUtf8Coder.of());

  private ShardResultCoder() {}

  static ShardResultCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ShardResult r, OutputStream out) throws IOException {
    if (r == null) {
      throw new CoderException("Cannot encode a null ShardResult");
    }
    STRING.encode(r.tempId(), out);
    STRING.encode(r.sha256(), out);
    LONG.encode(r.size(), out);
    LONG.encode(r.rows(), out);
    INT.encode(r.rowGroups(), out);
    SPLIT.encode(r.split(), out);
    LONG.encode(r.uncompressedBytes(), out);
  }

  @Override
  public ShardResult decode(InputStream in) throws IOException {
    return new ShardResult(
        STRING.decode(in),
        STRING.decode(in),
        LONG.decode(in),
        LONG.decode(in),
        INT.decode(in),
        SPLIT.decode(in),
        LONG.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
