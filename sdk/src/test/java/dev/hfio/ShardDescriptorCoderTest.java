package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowParquetWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardDescriptorCoderTest {
  @TempDir Path tmp;

  private final ShardDescriptorCoder coder = ShardDescriptorCoder.of();

  @Test
  void roundTripsDescriptorWithoutFooter() throws Exception {
    ShardDescriptor d =
        new ShardDescriptor(
            RepoRef.dataset("user/data"),
            "a".repeat(40),
            "data/train-00000-of-00001.parquet",
            1234,
            null);
    CoderProperties.coderDecodeEncodeEqual(coder, d);
    CoderProperties.coderDecodeEncodeEqual(
        coder,
        new ShardDescriptor(
            RepoRef.model("m/model_1.v2"), "b".repeat(40), "dir/ü.parquet", -1, null));
    CoderProperties.coderSerializable(coder);
  }

  @Test
  void roundTripsFooterInsideAShuffledKv() throws Exception {
    ParquetFooter footer = writeFooter();
    ShardDescriptor d =
        new ShardDescriptor(
            RepoRef.space("u/s"), "c".repeat(40), "f.parquet", footer.fileLength(), footer);
    KvCoder<Integer, ShardDescriptor> kv = KvCoder.of(VarIntCoder.of(), coder);
    KV<Integer, ShardDescriptor> back = CoderUtils.clone(kv, KV.of(7, d));
    ShardDescriptor out = back.getValue();
    assertThat(back.getKey()).isEqualTo(7);
    assertThat(out.repo()).isEqualTo(d.repo());
    assertThat(out.sha()).isEqualTo(d.sha());
    assertThat(out.path()).isEqualTo(d.path());
    assertThat(out.size()).isEqualTo(d.size());
    assertThat(out.footer()).isNotNull();
    assertThat(out.footer().fileName()).isEqualTo(footer.fileName());
    assertThat(out.footer().fileLength()).isEqualTo(footer.fileLength());
    assertThat(out.footer().rowCount()).isEqualTo(3);
    assertThat(out.footer().rowGroups()).isEqualTo(footer.rowGroups());
    assertThat(out.footer().beamSchema()).isEqualTo(footer.beamSchema());
    // Same value, same bytes: the structural value is usable for equality checks by runners.
    assertThat(coder.structuralValue(out)).isEqualTo(coder.structuralValue(d));
  }

  /**
   * The footer's classes are resolved through the thread context class loader (staged jars on
   * Spark).
   */
  @Test
  void footerClassesResolveThroughTheContextClassLoader() throws Exception {
    ParquetFooter footer = writeFooter();
    byte[] bytes =
        CoderUtils.encodeToByteArray(
            coder,
            new ShardDescriptor(
                RepoRef.dataset("u/d"), "d".repeat(40), "f.parquet", footer.fileLength(), footer));
    Set<String> asked = new HashSet<>();
    ClassLoader recording =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
          }
        };
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(recording);
    ShardDescriptor out;
    try {
      out = CoderUtils.decodeFromByteArray(coder, bytes);
    } finally {
      t.setContextClassLoader(before);
    }
    assertThat(asked).contains(ParquetFooter.class.getName());
    assertThat(out.footer().rowCount()).isEqualTo(3);
  }

  private ParquetFooter writeFooter() throws Exception {
    Schema schema = Schema.builder().addInt64Field("id").addStringField("text").build();
    Path file = tmp.resolve("f.parquet");
    try (RowParquetWriter w = RowParquetWriter.builder(file, schema).build()) {
      for (long i = 0; i < 3; i++) {
        w.write(Row.withSchema(schema).addValues(i, "row " + i).build());
      }
      w.finish();
    }
    try (LocalFileRangeSource src = new LocalFileRangeSource(file)) {
      return ParquetFooter.read(src);
    }
  }
}
