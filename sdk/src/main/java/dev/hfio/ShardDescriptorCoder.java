package dev.hfio;

import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RepoType;
import dev.hfio.internal.parquet.ParquetFooter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.util.VarInt;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Beam coder of {@link ShardDescriptor}, the element shuffled between planning and reading. The
 * repo, commit, path and size are encoded field by field; the optional footer is Java-serialized
 * but decoded through the thread context class loader ({@link
 * ContextClassLoaderObjectInputStream}), so decoding works on executors that see HfIO only as
 * staged jars (Beam's {@code SerializableCoder} does not). A pack is its own fields, then its
 * files' encodings. Not deterministic (never used as a key).
 */
final class ShardDescriptorCoder extends CustomCoder<ShardDescriptor> {
  private static final long serialVersionUID = 1L;
  private static final ShardDescriptorCoder INSTANCE = new ShardDescriptorCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  /** Flag (in the footer flag's place) of a pack: a count, then each file's encoding. */
  private static final int PACK = 2;

  /** A pack never holds more files than this (see {@link HubParquetRead#packSmallFiles}). */
  private static final int MAX_PACK = 1 << 16;

  private ShardDescriptorCoder() {}

  static ShardDescriptorCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ShardDescriptor d, OutputStream out) throws IOException {
    if (d == null) {
      throw new CoderException("Cannot encode a null ShardDescriptor");
    }
    STRING.encode(d.repo().type().name(), out);
    STRING.encode(d.repo().id(), out);
    STRING.encode(d.sha(), out);
    STRING.encode(d.path(), out);
    LONG.encode(d.size(), out);
    ParquetFooter footer = d.footer();
    if (d.isPack()) {
      out.write(PACK);
      VarInt.encode(d.pack().size(), out);
      for (ShardDescriptor f : d.pack()) {
        encode(f, out);
      }
      return;
    }
    out.write(footer == null ? 0 : 1);
    if (footer != null) {
      BYTES.encode(serialize(footer), out);
    }
  }

  @Override
  public ShardDescriptor decode(InputStream in) throws IOException {
    RepoType type = RepoType.valueOf(STRING.decode(in));
    String id = STRING.decode(in);
    String sha = STRING.decode(in);
    String path = STRING.decode(in);
    long size = LONG.decode(in);
    int hasFooter = in.read();
    ParquetFooter footer;
    if (hasFooter == 0) {
      footer = null;
    } else if (hasFooter == 1) {
      footer = deserialize(BYTES.decode(in), path);
    } else if (hasFooter == PACK) {
      int n = VarInt.decodeInt(in);
      if (n <= 0 || n > MAX_PACK) {
        throw new CoderException("Corrupt ShardDescriptor encoding of " + path + ": pack of " + n);
      }
      List<ShardDescriptor> files = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        files.add(decode(in));
      }
      return new ShardDescriptor(new RepoRef(type, id), sha, path, size, null, files);
    } else {
      throw new CoderException(
          "Corrupt ShardDescriptor encoding of " + path + ": footer flag " + hasFooter);
    }
    return new ShardDescriptor(new RepoRef(type, id), sha, path, size, footer);
  }

  /** Stateless: all instances (including deserialized copies) are equal. */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ShardDescriptorCoder;
  }

  @Override
  public int hashCode() {
    return ShardDescriptorCoder.class.hashCode();
  }

  private static byte[] serialize(ParquetFooter footer) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ObjectOutputStream oos = new ObjectOutputStream(buf)) {
      oos.writeObject(footer);
    }
    return buf.toByteArray();
  }

  private static @Nullable ParquetFooter deserialize(byte[] bytes, String path) throws IOException {
    try (ContextClassLoaderObjectInputStream ois =
        new ContextClassLoaderObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (ParquetFooter) ois.readObject();
    } catch (ClassNotFoundException e) {
      throw new CoderException(
          "Cannot decode the Parquet footer carried for "
              + path
              + ": class "
              + e.getMessage()
              + " is not visible to the worker's class loader; stage the HfIO jar with the job",
          e);
    }
  }
}
