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
}
