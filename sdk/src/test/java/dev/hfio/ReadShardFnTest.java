package dev.hfio;

import static dev.hfio.testing.HubFixture.files;
import static dev.hfio.testing.TestRows.SCHEMA;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ByteRange;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowGroupSplits;
import dev.hfio.parquet.ParquetSchemaMismatchException;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The splittable DoFn's restriction methods, worker-side schema checks and the Hub range source,
 * without a runner.
 */
class ReadShardFnTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  static HubClientConfig cfg;

  @BeforeAll
  static void start() throws Exception {
    cfg =
        new HubClientConfig(
            HUB.url(),
            HUB.readToken(),
            dev.hfio.hub.RetryPolicy.DEFAULT,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(30));
  }

  /**
   * Collects what a DoFn method outputs. The receiver is a proxy so that this compiles against
   * every supported Beam version (2.70 added abstract methods to {@code OutputReceiver}).
   */
  static final class Collect<T> {
    final List<T> out = new ArrayList<>();

    @SuppressWarnings("unchecked")
    final DoFn.OutputReceiver<T> receiver =
        (DoFn.OutputReceiver<T>)
            Proxy.newProxyInstance(
                DoFn.OutputReceiver.class.getClassLoader(),
                new Class<?>[] {DoFn.OutputReceiver.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "output":
                    case "outputWithTimestamp":
                      out.add((T) args[0]);
                      return null;
                    case "toString":
                      return "Collect" + out;
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    case "equals":
                      return proxy == args[0];
                    default:
                      throw new UnsupportedOperationException(method.toString());
                  }
                });
  }

  @Test
  void initialSplitsCoverEveryRowGroupOnceAndSizeIsUncompressedBytes() throws Exception {
    RepoRef repo = HUB.newDataset("sdf");
    Path f = TestRows.parquet(SCHEMA, rows(0, 20_000), 8 * 1024);
    // files up to SMALL_FILE_BYTES are one whole-file unit (SmallFileFetchTest); this one is split
    // by row groups
    assertThat(Files.size(f)).isGreaterThan(FooterCache.SMALL_FILE_BYTES);
    String sha = HUB.commit(repo, "main", files("x.parquet", f));
    FooterCache.clear();
    ShardDescriptor d = new ShardDescriptor(repo, sha, "x.parquet", Files.size(f), null);
    ReadShardFn fn =
        new ReadShardFn(
            ReadSettings.builder(cfg, SCHEMA)
                .checkFilesAgainst(SCHEMA, "ref")
                .splitBytes(30_000)
                .build());
    OffsetRange all = fn.initialRestriction(d);
    ParquetFooter footer = fn.footer(d);
    assertThat(all).isEqualTo(new OffsetRange(0, footer.rowGroupCount()));
    Collect<OffsetRange> splits = new Collect<>();
    fn.splitRestriction(d, all, splits.receiver);
    assertThat(splits.out).hasSizeGreaterThan(1);
    long next = 0;
    double size = 0;
    for (OffsetRange r : splits.out) {
      assertThat(r.getFrom()).isEqualTo(next);
      next = r.getTo();
      size += fn.size(d, r);
    }
    assertThat(next).isEqualTo(footer.rowGroupCount());
    assertThat(size)
        .isEqualTo(fn.size(d, all))
        .isEqualTo(RowGroupSplits.byteSize(footer.rowGroups(), all));
    // the footer was fetched once and is cached per JVM
    assertThat(FooterCache.get(d.cacheKey())).isSameAs(footer);
  }

  @Test
  void fileNotSeenAtConstructionIsCheckedAgainstThePlannedSchema() throws Exception {
    RepoRef repo = HUB.newDataset("verify");
    Schema other = Schema.builder().addInt64Field("id").addDoubleField("text").build();
    Path f =
        TestRows.parquet(other, List.of(Row.withSchema(other).addValues(1L, 2.0).build()), 1 << 20);
    String sha = HUB.commit(repo, "main", files("late.parquet", f));
    FooterCache.clear();
    ShardDescriptor d = new ShardDescriptor(repo, sha, "late.parquet", Files.size(f), null);
    ReadShardFn fn =
        new ReadShardFn(
            ReadSettings.builder(cfg, SCHEMA)
                .checkFilesAgainst(SCHEMA, "hf://datasets/x/first.parquet")
                .splitBytes(RowGroupSplits.DEFAULT_SPLIT_BYTES)
                .build());
    // a small file's footer is first read when it is processed (fetched whole, once)
    assertThatThrownBy(
            () ->
                fn.process(
                    d,
                    new org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker(
                        fn.initialRestriction(d)),
                    new Collect<Row>().receiver))
        .isInstanceOf(ParquetSchemaMismatchException.class)
        .hasMessageContaining("late.parquet")
        .hasMessageContaining("first.parquet");
  }

  @Test
  void explicitSchemaMatchesFieldsByNameAndRejectsMissingRequiredOnes() {
    Schema file = Schema.builder().addStringField("text").addInt64Field("id").build();
    Schema wanted =
        Schema.builder()
            .addInt64Field("id")
            .addNullableField("extra", Schema.FieldType.INT32)
            .addStringField("text")
            .build();
    ReadShardFn.RowAdapter adapt =
        new ReadShardFn.RowAdapter(file, wanted, "hf://datasets/x/f.parquet");
    Row out = adapt.apply(Row.withSchema(file).addValues("a", 7L).build());
    assertThat(out).isEqualTo(Row.withSchema(wanted).addValues(7L, null, "a").build());
    Schema strict = Schema.builder().addInt64Field("id").addInt32Field("extra").build();
    assertThatThrownBy(() -> new ReadShardFn.RowAdapter(file, strict, "hf://datasets/x/f.parquet"))
        .isInstanceOf(ParquetSchemaMismatchException.class)
        .hasMessageContaining("f.parquet")
        .hasMessageContaining("extra");
  }

  @Test
  void rangeSourceReadsSeveralRangesConcurrentlyAndCountsThem() throws Exception {
    RepoRef repo = HUB.newDataset("ranges");
    byte[] content = new byte[300_000];
    new java.util.Random(1).nextBytes(content);
    String sha = HUB.commit(repo, "main", files("blob.parquet", content));
    HubRangeSource src = new HubRangeSource(cfg.client(), repo, sha, "blob.parquet", -1);
    assertThat(src.size()).isEqualTo(content.length);
    List<ByteRange> ranges =
        List.of(
            new ByteRange(10, 1000), new ByteRange(50_000, 70_000), new ByteRange(299_000, 1000));
    List<ByteBuffer> dsts = new ArrayList<>();
    for (ByteRange r : ranges) {
      dsts.add(ByteBuffer.allocate((int) r.length()));
    }
    src.readRanges(ranges, dsts);
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange r = ranges.get(i);
      assertThat(dsts.get(i).array())
          .isEqualTo(Arrays.copyOfRange(content, (int) r.offset(), (int) r.end()));
    }
    assertThat(src.requests()).isEqualTo(4); // one HEAD for the size + one GET per range
    assertThat(src.bytesRead()).isEqualTo(72_000);
    assertThatThrownBy(() -> src.readFully(299_500, ByteBuffer.allocate(1000)))
        .hasMessageContaining("blob.parquet")
        .hasMessageContaining("299500");
  }

  /**
   * A worker compares a file's footer schema with the planned one by structure (names in order,
   * equivalent types, nullability included), not by Schema.equals, which refused two schemas that
   * print identically on the Spark cluster (SparkClusterHfTest) once footers were read there.
   */
  @Test
  void schemasAreComparedByStructure() {
    org.apache.beam.sdk.schemas.Schema a =
        org.apache.beam.sdk.schemas.Schema.builder().addInt64Field("id").build();
    org.apache.beam.sdk.schemas.Schema b =
        org.apache.beam.sdk.schemas.Schema.builder().addInt64Field("id").build();
    a.setUUID(java.util.UUID.randomUUID());
    b.setUUID(java.util.UUID.randomUUID());
    org.assertj.core.api.Assertions.assertThat(ReadShardFn.sameStructure(a, b)).isTrue();
    org.apache.beam.sdk.schemas.Schema c =
        org.apache.beam.sdk.schemas.Schema.builder()
            .addNullableField("id", org.apache.beam.sdk.schemas.Schema.FieldType.INT64)
            .build();
    org.assertj.core.api.Assertions.assertThat(ReadShardFn.sameStructure(a, c)).isFalse();
  }
}
