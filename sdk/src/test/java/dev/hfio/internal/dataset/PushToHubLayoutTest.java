package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushToHubLayoutTest {
  @Test
  void shardNames() {
    assertThat(PushToHubLayout.dataDir("default")).isEqualTo("data");
    assertThat(PushToHubLayout.dataDir("en")).isEqualTo("en");
    assertThat(PushToHubLayout.shardPath("data", "train", 0, 3))
        .isEqualTo("data/train-00000-of-00003.parquet");
    assertThat(PushToHubLayout.shardPaths("en", "test", 2))
        .containsExactly("en/test-00000-of-00002.parquet", "en/test-00001-of-00002.parquet");
    assertThatThrownBy(() -> PushToHubLayout.shardPath("data", "train", 3, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PushToHubLayout.splitPattern("data", "train")).isEqualTo("data/train-*");
  }

  @Test
  void writtenShardsAreDetectedBackAsTheirSplits() {
    List<String> paths = new java.util.ArrayList<>(PushToHubLayout.shardPaths("data", "train", 3));
    paths.addAll(PushToHubLayout.shardPaths("data", "test", 1));
    ResolvedConfig c =
        DataFilesResolver.resolve("u/d", "main", paths.stream().map(RepoFile::of).toList(), null)
            .config(null);
    assertThat(c.splitNames()).containsExactly("train", "test");
    assertThat(c.split("train").paths()).containsExactlyElementsOf(paths.subList(0, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "validation", "test", "train.clean", "split_2", "été"})
  void validSplitNames(String s) {
    assertThat(PushToHubLayout.isValidSplitName(s)).isTrue();
    PushToHubLayout.validateSplitName(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"my-split", "", "a..b", ".a", "a.", "a b", "a/b", "train*"})
  void invalidSplitNames(String s) {
    assertThat(PushToHubLayout.isValidSplitName(s)).isFalse();
    assertThatThrownBy(() -> PushToHubLayout.validateSplitName(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid split name '" + s + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"data", "", " ", ".hidden", "__x", "a/b", "a*", "x ", "a[b]"})
  void invalidConfigNames(String c) {
    assertThatThrownBy(() -> PushToHubLayout.validateConfigName(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid config name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "en", "wiki-2023", "v1.0", "My Config"})
  void validConfigNames(String c) {
    PushToHubLayout.validateConfigName(c);
  }

  @Test
  void filesToDeleteForASplit() {
    List<String> existing =
        List.of(
            "data/train-00000-of-00003.parquet",
            "data/train-00001-of-00003.parquet",
            "data/train-00002-of-00003.parquet",
            "data/train_extra-00000-of-00001.parquet",
            "data/test-00000-of-00001.parquet",
            "data/train-sub/x.parquet",
            "en/train-00000-of-00001.parquet",
            "README.md");
    List<String> fresh = PushToHubLayout.shardPaths("data", "train", 2);
    assertThat(PushToHubLayout.filesToDelete(existing, "data", "train", fresh))
        .containsExactly(
            "data/train-00000-of-00003.parquet",
            "data/train-00001-of-00003.parquet",
            "data/train-00002-of-00003.parquet")
        .doesNotContain("data/train_extra-00000-of-00001.parquet");
    // same count: the new shards overwrite, nothing to delete
    assertThat(
            PushToHubLayout.filesToDelete(
                existing, "data", "test", List.of("data/test-00000-of-00001.parquet")))
        .isEmpty();
  }

  @Test
  void filesToDeleteForAConfig() {
    List<String> existing =
        List.of(
            "en/train-00000-of-00001.parquet",
            "en/test-00000-of-00001.parquet",
            "en/sub/keep.txt",
            "fr/a.parquet");
    assertThat(
            PushToHubLayout.filesToDeleteForConfig(
                existing, "en", List.of("en/train-00000-of-00001.parquet")))
        .containsExactly("en/test-00000-of-00001.parquet");
  }

  @Test
  void shardCountAndRowRanges() {
    assertThat(PushToHubLayout.numShards(0, PushToHubLayout.DEFAULT_MAX_SHARD_BYTES, 1))
        .isEqualTo(1);
    assertThat(PushToHubLayout.numShards(499_999_999, PushToHubLayout.DEFAULT_MAX_SHARD_BYTES, 1))
        .isEqualTo(1);
    assertThat(PushToHubLayout.numShards(500_000_000, PushToHubLayout.DEFAULT_MAX_SHARD_BYTES, 1))
        .isEqualTo(2);
    assertThat(PushToHubLayout.numShards(10, 100, 4)).isEqualTo(4);
    // 10 rows in 3 shards: 4, 3, 3
    assertThat(PushToHubLayout.shardStart(10, 3, 0)).isZero();
    assertThat(PushToHubLayout.shardStart(10, 3, 1)).isEqualTo(4);
    assertThat(PushToHubLayout.shardStart(10, 3, 2)).isEqualTo(7);
    assertThat(PushToHubLayout.shardStart(10, 3, 3)).isEqualTo(10);
  }

  @Test
  void configEntry() {
    ConfigEntry e = PushToHubLayout.configEntry("en", "en", List.of("train", "test"), true);
    assertThat(e.name()).isEqualTo("en");
    assertThat(e.isDefaultFlag()).isTrue();
    assertThat(e.dataFiles().orElseThrow())
        .isEqualTo(Map.of("train", List.of("en/train-*"), "test", List.of("en/test-*")));
    assertThat(e.toYaml().toString())
        .isEqualTo(
            "{config_name=en, data_files=[{split=train, path=en/train-*}, {split=test, path=en/test-*}], default=true}");
    // the config named default never carries the flag
    assertThat(
            PushToHubLayout.configEntry("default", "data", List.of("train"), true).isDefaultFlag())
        .isFalse();
  }
}
