package dev.hfio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Deterministic Beam coder of {@link WriteResult}, field by field, so the write's output decodes on
 * executors that see HfIO only as staged jars (Java serialization would resolve classes in the
 * wrong loader there).
 */
final class WriteResultCoder extends AtomicCoder<WriteResult> {
  private static final long serialVersionUID = 1L;
  private static final WriteResultCoder INSTANCE = new WriteResultCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final NullableCoder<String> NULLABLE_STRING =
      NullableCoder.of(StringUtf8Coder.of());
  private static final ListCoder<String> STRINGS = ListCoder.of(StringUtf8Coder.of());
  private static final VarLongCoder LONG = VarLongCoder.of();

  private WriteResultCoder() {}

  static WriteResultCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WriteResult r, OutputStream out) throws IOException {
    if (r == null) {
      throw new CoderException("Cannot encode a null WriteResult");
    }
    STRING.encode(r.repoId(), out);
    STRING.encode(r.revision(), out);
    STRING.encode(r.writeId(), out);
    NULLABLE_STRING.encode(r.commitSha(), out);
    NULLABLE_STRING.encode(r.commitUrl(), out);
    NULLABLE_STRING.encode(r.pullRequestUrl(), out);
    STRINGS.encode(r.files(), out);
    LONG.encode(r.rows(), out);
    LONG.encode(r.bytes(), out);
    STRINGS.encode(r.paneIds(), out);
  }

  @Override
  public WriteResult decode(InputStream in) throws IOException {
    return WriteResult.of(
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        NULLABLE_STRING.decode(in),
        NULLABLE_STRING.decode(in),
        NULLABLE_STRING.decode(in),
        STRINGS.decode(in),
        LONG.decode(in),
        LONG.decode(in),
        STRINGS.decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
