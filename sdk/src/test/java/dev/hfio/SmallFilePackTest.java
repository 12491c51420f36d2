package dev.hfio;

import static dev.hfio.testing.TestRows.SCHEMA;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.RowGroupSplits;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many small files are read as a few packs (one element each, one restriction unit per group of
 * files), not one element per file: each file is still fetched exactly once, and a pack's
 * restriction splits between groups with no row lost or read twice.
 */
class SmallFilePackTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  record Committed(RepoRef repo, String sha) {}

  /** {@code n} small files of 4 rows each under data/, their rows added to {@code expected}. */
  static Committed smallFiles(String prefix, int n, List<Row> expected) throws Exception {
    return smallFiles(prefix, n, expected, 4);
  }

  /** {@code n} small files of {@code rows} rows each under data/. */
  static Committed smallFiles(String prefix, int n, List<Row> expected, int rowsPerFile)
      throws Exception {
    RepoRef repo = HUB.newDataset(prefix);
    Map<String, Object> fs = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      List<Row> part = rows((long) i * rowsPerFile, rowsPerFile);
      expected.addAll(part);
      fs.put(String.format("data/train-%05d-of-%05d.parquet", i, n), TestRows.parquet(part));
    }
    return new Committed(repo, HUB.commit(repo, "main", fs));
  }

  @Test
  void threeHundredSmallFilesAreSixteenElementsAndEachFileIsFetchedOnce() throws Exception {
    List<Row> expected = new ArrayList<>();
    RepoRef repo = smallFiles("packs", 300, expected).repo();
    FooterCache.clear();
    Pipeline p = Pipeline.create(HubFixture.direct());
    PAssert.that(p.apply(HUB.read(HubFixture.root(repo)))).containsInAnyOrder(expected);
    HUB.resetCounters(); // planning happened at construction: count only the run
    PipelineResult r = p.run();
    r.waitUntilFinish();
    // one restriction per element: was 300 (one element per file)
    assertThat(HfIOReadTest.counter(r, "initialSplits")).isEqualTo(HubParquetRead.PACKS);
    assertThat(HUB.counter("cdn")).as("file GETs while running").isEqualTo(300);
    assertThat(HUB.counter("resolve"))
        .as("resolves while running (planning resolved its footer sample)")
        .isEqualTo(300 - ReadPlanner.FOOTER_SAMPLE);
  }

  /** A pack of {@code n} small files of {@code c}, in file order. */
  private static ShardDescriptor packOf(Committed c, int n) throws Exception {
    List<ShardDescriptor> fs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String path = String.format("data/train-%05d-of-%05d.parquet", i, n);
      fs.add(new ShardDescriptor(c.repo(), c.sha(), path, size(c.repo(), path), null));
    }
    return ShardDescriptor.pack(fs);
  }

  @Test
  void aPackSplitBetweenGroupsReadsEveryRowOnceAcrossBothHalves() throws Exception {
    List<Row> expected = new ArrayList<>();
    Committed c = smallFiles("pack-split", 100, expected);
    ShardDescriptor pack = packOf(c, 100);
    assertThat(pack.isPack()).isTrue();
    CoderProperties.coderDecodeEncodeEqual(ShardDescriptorCoder.of(), pack);

    ReadShardFn fn = readFn();
    OffsetRange all = fn.initialRestriction(pack);
    // tiny files: groups of PackGroups.GROUP_FILES (32) files, the last one short
    assertThat(all).isEqualTo(new OffsetRange(0, 4));
    ReadShardFnTest.Collect<OffsetRange> splits = new ReadShardFnTest.Collect<>();
    fn.splitRestriction(pack, all, splits.receiver);
    assertThat(splits.out).containsExactly(all);
    assertThat(fn.size(pack, new OffsetRange(0, 1)))
        .isEqualTo(pack.pack().subList(0, 32).stream().mapToLong(ShardDescriptor::size).sum());
    assertThat(fn.size(pack, new OffsetRange(3, 4)))
        .isEqualTo(pack.pack().subList(96, 100).stream().mapToLong(ShardDescriptor::size).sum());

    // the runner splits the restriction after the first group: primary [0, 1), residual [1, 4),
    // each processed by its own worker
    HUB.resetCounters();
    FooterCache.clear();
    ReadShardFnTest.Collect<Row> out = new ReadShardFnTest.Collect<>();
    fn.process(pack, new OffsetRangeTracker(new OffsetRange(0, 1)), out.receiver);
    fn.process(pack, new OffsetRangeTracker(new OffsetRange(1, 4)), out.receiver);
    assertThat(out.out).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(HUB.counter("cdn")).as("each file fetched once").isEqualTo(100);
  }

  @Test
  void filesFetchedAheadOfACheckpointAreNotFetchedAgainByTheResidual() throws Exception {
    List<Row> expected = new ArrayList<>();
    Committed c = smallFiles("pack-checkpoint", 100, expected);
    ShardDescriptor pack = packOf(c, 100);
    ReadShardFn fn = readFn();
    HUB.resetCounters();
    FooterCache.clear();
    // the DirectRunner checkpoints an SDF after 100 rows or a second: here after the 2nd group,
    // while the files after it are already being fetched ahead
    CheckpointingTracker tracker = new CheckpointingTracker(new OffsetRange(0, 4), 2);
    ReadShardFnTest.Collect<Row> out = new ReadShardFnTest.Collect<>();
    fn.process(pack, tracker, out.receiver);
    assertThat(tracker.residual).isEqualTo(new OffsetRange(2, 4));
    fn.process(pack, new OffsetRangeTracker(tracker.residual), out.receiver);
    assertThat(out.out).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(HUB.counter("cdn"))
        .as("each file fetched once across the checkpoint")
        .isEqualTo(100);
    assertThat(SmallFilePrefetcher.parked()).isZero();
  }

  /**
   * The DirectRunner checkpoints a splittable DoFn at the first claim after 100 rows output: files
   * of 150 rows, claimed one by one, were one resumption (a new bundle) per file, 64 for 64 files.
   * Claimed by group, each of the 16 packs (4 files, one group) is processed about once.
   */
  @Test
  void packsOfFilesOfMoreThanAHundredRowsAreNotResumedPerFile() throws Exception {
    List<Row> expected = new ArrayList<>();
    RepoRef repo = smallFiles("pack-resume", 64, expected, 150).repo();
    FooterCache.clear();
    Pipeline p = Pipeline.create(HubFixture.direct());
    PAssert.that(p.apply(HUB.read(HubFixture.root(repo)))).containsInAnyOrder(expected);
    PipelineResult r = p.run();
    r.waitUntilFinish();
    long processed = HfIOReadTest.counter(r, "packRestrictions");
    System.out.printf(
        "[packs] 64 files of 150 rows in 16 packs: %d pack restrictions%n", processed);
    assertThat(processed).isBetween((long) HubParquetRead.PACKS, 40L);
  }

  /** Checkpoints (splits at the current position) once {@code after} units were claimed. */
  static final class CheckpointingTracker extends OffsetRangeTracker {
    private final long after;
    private long claimed;
    OffsetRange residual;

    CheckpointingTracker(OffsetRange range, long after) {
      super(range);
      this.after = after;
    }

    @Override
    public boolean tryClaim(Long i) {
      if (claimed == after && residual == null) {
        residual = trySplit(0).getResidual();
      }
      boolean ok = super.tryClaim(i);
      if (ok) {
        claimed++;
      }
      return ok;
    }
  }

  @Test
  void groupsCloseAtTheirByteOrFileBound() {
    RepoRef repo = RepoRef.dataset("dev/groups");
    List<ShardDescriptor> fs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      fs.add(new ShardDescriptor(repo, "0".repeat(40), "f" + i, 1_000, null)); // 32 per group
    }
    assertThat(PackGroups.bounds(fs)).containsExactly(0, 32, 40);
    fs.set(3, new ShardDescriptor(repo, "0".repeat(40), "big", PackGroups.GROUP_BYTES, null));
    assertThat(PackGroups.bounds(fs)).containsExactly(0, 4, 36, 40); // the 8 MiB file closes one
    assertThat(PackGroups.bounds(fs.subList(0, 1))).containsExactly(0, 1);
  }

  /** The bench's small files are 92 KB: packed now, 2,000 elements under the old 64 KiB bound. */
  @Test
  void filesUpToOneMebibyteArePacked() {
    RepoRef repo = RepoRef.dataset("u/d");
    List<ShardDescriptor> planned = new ArrayList<>();
    planned.add(new ShardDescriptor(repo, "s", "c.parquet", (1L << 20) + 1, null));
    planned.add(new ShardDescriptor(repo, "s", "b.parquet", 1L << 20, null));
    for (int i = 0; i < 40; i++) {
      planned.add(new ShardDescriptor(repo, "s", "a" + i + ".parquet", 92_514, null));
    }
    List<ShardDescriptor> elements = HubParquetRead.packSmallFiles(planned);
    assertThat(elements.get(0).path()).isEqualTo("c.parquet");
    assertThat(elements.get(0).isPack()).isFalse();
    assertThat(elements.subList(1, elements.size())).allMatch(ShardDescriptor::isPack);
    assertThat(elements.get(1).pack().get(0).path()).isEqualTo("b.parquet");
    assertThat(elements).hasSize(1 + 14); // 41 files, 3 per pack
  }

  @Test
  void packsKeepLargeFilesApartAndBoundTheirSize() {
    RepoRef repo = RepoRef.dataset("u/d");
    List<ShardDescriptor> planned = new ArrayList<>();
    planned.add(new ShardDescriptor(repo, "s", "big.parquet", 10L << 20, null));
    for (int i = 0; i < 5000; i++) {
      planned.add(new ShardDescriptor(repo, "s", "small-" + i + ".parquet", 1000, null));
    }
    List<ShardDescriptor> elements = HubParquetRead.packSmallFiles(planned);
    assertThat(elements.get(0).path()).isEqualTo("big.parquet");
    assertThat(elements.get(0).isPack()).isFalse();
    List<ShardDescriptor> packs = elements.subList(1, elements.size());
    assertThat(packs).allMatch(ShardDescriptor::isPack);
    assertThat(packs).allMatch(d -> d.pack().size() <= HubParquetRead.MAX_PACK_FILES);
    assertThat(packs.stream().mapToInt(d -> d.pack().size()).sum()).isEqualTo(5000);
    assertThat(packs).hasSize((5000 + 255) / 256);
    // one small file alone is not packed
    assertThat(HubParquetRead.packSmallFiles(planned.subList(0, 2)))
        .noneMatch(ShardDescriptor::isPack);
  }

  private static long size(RepoRef repo, String path) throws Exception {
    return HUB.client().pathsInfo(repo, "main", List.of(path)).get(0).size();
  }

  private static ReadShardFn readFn() {
    HubClientConfig cfg =
        new HubClientConfig(
            HUB.url(),
            HUB.readToken(),
            dev.hfio.hub.RetryPolicy.DEFAULT,
            java.time.Duration.ofSeconds(5),
            java.time.Duration.ofSeconds(30));
    return new ReadShardFn(
        ReadSettings.builder(cfg, SCHEMA)
            .checkFilesAgainst(SCHEMA, "ref")
            .splitBytes(RowGroupSplits.DEFAULT_SPLIT_BYTES)
            .build());
  }
}
