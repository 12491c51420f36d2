package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** Round trips of the write's shuffle coders (explicit encodings, no Java serialization). */
class WriteCodersTest {
  @Test
  void shardResultRoundTripsDeterministically() throws Exception {
    ShardResultCoder coder = ShardResultCoder.of();
    ShardResult r = new ShardResult("tmp-0001-ü", "ab".repeat(32), 1L << 40, 123_456_789L, 7);
    CoderProperties.coderDecodeEncodeEqual(coder, r);
    CoderProperties.coderDeterministic(
        coder, r, new ShardResult("tmp-0001-ü", "ab".repeat(32), 1L << 40, 123_456_789L, 7));
    CoderProperties.coderConsistentWithEquals(coder, r, new ShardResult("x", "y", 0, 0, 0));
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
  }

  @Test
  void gatheredListRoundTrips() throws Exception {
    List<ShardResult> shards =
        List.of(new ShardResult("a", "00", 1, 2, 1), new ShardResult("b", "ff", 3, 4, 2));
    assertThat(CoderUtils.clone(GatherShardsFn.coder(), shards)).isEqualTo(shards);
    CoderProperties.coderDecodeEncodeEqual(GatherShardsFn.coder(), List.of());
  }

  @Test
  void writeResultRoundTripsWithAndWithoutCommit() throws Exception {
    WriteResultCoder coder = WriteResultCoder.of();
    WriteResult full =
        WriteResult.of(
            "user/data",
            "main",
            "w-1",
            "c".repeat(40),
            "http://hub/commit/c",
            "http://hub/pr/1",
            List.of("data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"),
            10,
            2048);
    WriteResult empty =
        WriteResult.of("user/data", "dev", "w-2", null, null, null, List.of(), 0, 0);
    CoderProperties.coderDecodeEncodeEqual(coder, full);
    CoderProperties.coderDecodeEncodeEqual(coder, empty);
    CoderProperties.coderDeterministic(
        coder, empty, WriteResult.of("user/data", "dev", "w-2", null, null, null, List.of(), 0, 0));
    CoderProperties.coderSerializable(coder);
    assertThat(CoderUtils.clone(coder, full).commitUrl()).isEqualTo("http://hub/commit/c");
    assertThat(CoderUtils.clone(coder, empty).commitSha()).isNull();
  }

  @Test
  void streamingWriteResultKeepsItsPaneIds() throws Exception {
    WriteResultCoder coder = WriteResultCoder.of();
    WriteResult r =
        WriteResult.of(
            "user/data",
            "main",
            "w-3",
            "d".repeat(40),
            "http://hub/commit/d",
            null,
            List.of("data/train-00000-of-00001-0123456789abcdef.parquet"),
            5,
            512,
            List.of("0123456789abcdef", "fedcba9876543210"));
    CoderProperties.coderDecodeEncodeEqual(coder, r);
    assertThat(CoderUtils.clone(coder, r).paneIds())
        .containsExactly("0123456789abcdef", "fedcba9876543210");
    assertThat(
            WriteResult.of("user/data", "dev", "w-2", null, null, null, List.of(), 0, 0).paneIds())
        .isEmpty();
  }

  @Test
  void paneShardsRoundTripDeterministically() throws Exception {
    PaneShardsCoder coder = PaneShardsCoder.of();
    PaneShards p =
        new PaneShards(
            "0123456789abcdef",
            "[1970-01-01T00:00:00.000Z..1970-01-01T00:00:10.000Z)",
            3,
            List.of(new ShardResult("a", "00", 1, 2, 1), new ShardResult("b", "ff", 3, 4, 2)));
    CoderProperties.coderDecodeEncodeEqual(coder, p);
    CoderProperties.coderDeterministic(
        coder, p, new PaneShards(p.paneId(), p.window(), p.paneIndex(), List.copyOf(p.shards())));
    CoderProperties.coderSerializable(coder);
    assertThat(CoderUtils.clone(coder, p).rows()).isEqualTo(6);
  }

  @Test
  void paneIdsAreStableAndDifferPerWindowAndPane() {
    byte[] w1 = {0, 1, 2};
    byte[] w2 = {0, 1, 3};
    String a = PaneIdFn.paneId("write", w1, 0);
    assertThat(a).matches("[0-9a-f]{16}").isEqualTo(PaneIdFn.paneId("write", w1, 0));
    assertThat(
            List.of(
                PaneIdFn.paneId("write", w2, 0),
                PaneIdFn.paneId("write", w1, 1),
                PaneIdFn.paneId("other", w1, 0)))
        .doesNotContain(a)
        .doesNotHaveDuplicates();
  }
}
