package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.ConfigNotFoundException;
import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.DatasetCardException;
import dev.hfio.dataset.SplitNotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resolution driven by the README {@code configs} block (conventions.md §1.6) and the Parquet
 * export.
 */
class CardConfigsResolverTest {
  static final String REPO = "user/ds";
  static final String REV = "abc123";

  static ResolvedDataset resolve(String yaml, String... paths) {
    DatasetCard card = DatasetCard.parse("---\n" + yaml + "---\n# Title\n");
    return DataFilesResolver.resolve(REPO, REV, DataFilesResolverTest.files(paths), card);
  }

  @Test
  void dataFilesAsString() {
    ResolvedDataset d =
        resolve(
            "configs:\n- config_name: default\n  data_files: \"csv/*.csv\"\n",
            "csv/a.csv",
            "csv/b.csv",
            "test.csv");
    ResolvedConfig c = d.config(null);
    assertThat(c.fromCard()).isTrue();
    assertThat(DataFilesResolverTest.splits(c))
        .isEqualTo(Map.of("train", List.of("csv/a.csv", "csv/b.csv")));
  }

  @Test
  void dataFilesAsListOfStrings() {
    ResolvedConfig c =
        resolve(
                "configs:\n- config_name: main\n  data_files:\n  - b/*.json\n  - a/*.json\n",
                "a/1.json",
                "b/2.json",
                "b/1.json")
            .config(null);
    assertThat(c.name()).isEqualTo("main");
    assertThat(c.split("train").paths()).containsExactly("b/1.json", "b/2.json", "a/1.json");
    assertThat(c.split("train").patterns()).containsExactly("b/*.json", "a/*.json");
  }

  @Test
  void dataFilesAsSplitPathItemsWithListsAndDictForm() {
    ResolvedConfig c =
        resolve(
                "configs:\n"
                    + "- config_name: default\n"
                    + "  data_files:\n"
                    + "  - split: train\n"
                    + "    path:\n"
                    + "    - part1/*.parquet\n"
                    + "    - part2/*.parquet\n"
                    + "  - split: dev.v1\n"
                    + "    path: holdout.parquet\n",
                "part1/x.parquet",
                "part2/y.parquet",
                "holdout.parquet",
                "test.parquet")
            .config("default");
    assertThat(c.splitNames()).containsExactly("train", "dev.v1");
    assertThat(c.split("train").paths()).containsExactly("part1/x.parquet", "part2/y.parquet");
    assertThat(c.split("dev.v1").paths()).containsExactly("holdout.parquet");
    assertThat(c.format()).isEqualTo(FileFormat.PARQUET);

    ResolvedConfig dict =
        resolve(
                "configs:\n- config_name: default\n  data_files:\n    train: a.csv\n    test: [b.csv]\n",
                "a.csv",
                "b.csv")
            .config(null);
    assertThat(DataFilesResolverTest.splits(dict))
        .isEqualTo(Map.of("train", List.of("a.csv"), "test", List.of("b.csv")));
  }

  @Test
  void multipleConfigsWithDefaultFlag() {
    String yaml =
        "configs:\n"
            + "- config_name: en\n  data_files:\n  - split: train\n    path: en/train-*\n"
            + "- config_name: fr\n  default: true\n  data_files:\n  - split: train\n    path: fr/train-*\n"
            + "  - split: test\n    path: fr/test-*\n";
    ResolvedDataset d =
        resolve(
            yaml,
            "en/train-00000-of-00001.parquet",
            "fr/train-00000-of-00001.parquet",
            "fr/test-00000-of-00001.parquet");
    assertThat(d.configNames()).containsExactly("en", "fr");
    assertThat(d.defaultConfigName()).contains("fr");
    assertThat(d.config(null).name()).isEqualTo("fr");
    assertThat(d.config(null).splitNames()).containsExactly("train", "test");
    assertThat(d.split("en", "train").paths()).containsExactly("en/train-00000-of-00001.parquet");
    assertThatThrownBy(() -> d.config("de"))
        .isInstanceOf(ConfigNotFoundException.class)
        .hasMessage("dataset user/ds@abc123 has no config 'de'; configs are en, fr");
    assertThatThrownBy(() -> d.split("en", "test"))
        .isInstanceOf(SplitNotFoundException.class)
        .hasMessage("dataset user/ds@abc123 has no split 'test' in config 'en'; splits are train");
  }

  @Test
  void configNamedDefaultIsTheDefault() {
    ResolvedDataset d =
        resolve(
            "configs:\n- config_name: a\n  data_files: a.csv\n- config_name: default\n  data_files: b.csv\n",
            "a.csv",
            "b.csv");
    assertThat(d.config(null).name()).isEqualTo("default");
  }

  @Test
  void severalConfigsWithoutDefaultNeedAName() {
    ResolvedDataset d =
        resolve(
            "configs:\n- config_name: a\n  data_files: a.csv\n- config_name: b\n  data_files: b.csv\n",
            "a.csv",
            "b.csv");
    assertThat(d.defaultConfigName()).isEmpty();
    assertThatThrownBy(() -> d.config(null))
        .isInstanceOf(ConfigNotFoundException.class)
        .hasMessageContaining("user/ds@abc123 has several configs and none is the default")
        .hasMessageContaining("a, b");
    assertThat(d.config("b").split("train").paths()).containsExactly("b.csv");
  }

  @Test
  void twoDefaultsIsAnError() {
    assertThatThrownBy(
            () ->
                resolve(
                    "configs:\n- config_name: default\n  data_files: a.csv\n"
                        + "- config_name: b\n  default: true\n  data_files: b.csv\n",
                    "a.csv",
                    "b.csv"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("several default configs");
  }

  @Test
  void dataDirOnlyRunsDetectionInside() {
    ResolvedConfig c =
        resolve(
                "configs:\n- config_name: v2\n  data_dir: v2\n  sep: ';'\n",
                "v2/train.csv",
                "v2/test.csv",
                "train.csv",
                "v1/test.csv")
            .config(null);
    assertThat(DataFilesResolverTest.splits(c))
        .isEqualTo(Map.of("train", List.of("v2/train.csv"), "test", List.of("v2/test.csv")));
    assertThat(c.params()).isEqualTo(Map.of("sep", ";"));
  }

  @Test
  void dataDirWithDataFilesIsRelative() {
    ResolvedConfig c =
        resolve(
                "configs:\n- config_name: x\n  data_dir: sub\n  data_files:\n  - split: test\n    path: '*.csv'\n",
                "sub/a.csv",
                "a.csv")
            .config(null);
    assertThat(c.split("test").paths()).containsExactly("sub/a.csv");
  }

  @Test
  void literalMissingFileFailsOnlyItsConfig() {
    ResolvedDataset d =
        resolve(
            "configs:\n- config_name: ok\n  data_files: a.csv\n  default: true\n"
                + "- config_name: broken\n  data_files: missing.csv\n",
            "a.csv");
    assertThat(d.config(null).split("train").paths()).containsExactly("a.csv");
    assertThatThrownBy(() -> d.config("broken"))
        .isInstanceOf(DataFilesNotFoundException.class)
        .hasMessageContaining("user/ds@abc123")
        .hasMessageContaining("missing.csv");
  }

  @Test
  void yamlGlobIsNotFilteredByFormatButKeepsSupportedExtensions() {
    ResolvedConfig c =
        resolve(
                "configs:\n- config_name: default\n  data_files: 'd/*'\n",
                "d/a.parquet",
                "d/b.csv",
                "d/c.py")
            .config(null);
    assertThat(c.split("train").paths()).containsExactly("d/a.parquet", "d/b.csv");
    assertThat(c.split("train").format()).contains(FileFormat.PARQUET);
  }

  @Test
  void hiddenPathsNamedExplicitlyAreKept() {
    ResolvedConfig c =
        resolve(
                "configs:\n- config_name: default\n  data_files: .data/*.csv\n",
                ".data/a.csv",
                "b.csv")
            .config(null);
    assertThat(c.split("train").paths()).containsExactly(".data/a.csv");
  }

  @Test
  void invalidDataFilesShapesAreRejected() {
    assertThatThrownBy(
            () ->
                resolve(
                    "configs:\n- config_name: d\n  data_files:\n  - split: train\n    path: a\n    x: 1\n",
                    "a"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("exactly those two keys");
    assertThatThrownBy(
            () ->
                resolve(
                    "configs:\n- config_name: d\n  data_files:\n  - split: train\n    path: a\n  - split: train\n    path: b\n",
                    "a"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> resolve("configs:\n- data_files: a.csv\n", "a.csv"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("config_name");
    assertThatThrownBy(
            () ->
                resolve(
                    "configs:\n- config_name: d\n  data_files:\n  - split: my-split\n    path: a\n",
                    "a"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("my-split");
  }

  @Test
  void parquetExportLayout() {
    List<RepoFile> files =
        DataFilesResolverTest.files(
            ".gitattributes",
            "default/train/0001.parquet",
            "default/train/0000.parquet",
            "default/test/0000.parquet",
            "en/partial-train/0000.parquet",
            "big/train-part1/0000.parquet",
            "big/train-part10/0000.parquet",
            "big/train-part0/0001.parquet",
            "big/train-part0/0000.parquet",
            "big/train-part2/0000.parquet");
    ResolvedDataset d = DataFilesResolver.resolve(REPO, "refs/convert/parquet", files, null);
    assertThat(d.configNames()).containsExactly("default", "big", "en");
    ResolvedConfig def = d.config(null);
    assertThat(def.splitNames()).containsExactly("train", "test");
    assertThat(def.split("train").paths())
        .containsExactly("default/train/0000.parquet", "default/train/0001.parquet");
    assertThat(def.format()).isEqualTo(FileFormat.PARQUET);
    assertThat(d.split("en", "train").paths()).containsExactly("en/partial-train/0000.parquet");
    assertThat(d.split("big", "train").paths())
        .containsExactly(
            "big/train-part0/0000.parquet",
            "big/train-part0/0001.parquet",
            "big/train-part1/0000.parquet",
            "big/train-part2/0000.parquet",
            "big/train-part10/0000.parquet");
    assertThatThrownBy(() -> d.split("default", "validation"))
        .hasMessage(
            "dataset user/ds@refs/convert/parquet has no split 'validation'; splits are train, test");
    assertThat(DataFilesResolver.isParquetExportRevision("~parquet")).isTrue();
    assertThat(DataFilesResolver.isParquetExportRevision("refs%2Fconvert%2Fparquet")).isTrue();
    assertThat(DataFilesResolver.isParquetExportRevision("main")).isFalse();
  }

  @Test
  void parquetExportDefaultFromMainCardHint() {
    List<RepoFile> files =
        DataFilesResolverTest.files("en/train/0000.parquet", "fr/train/0000.parquet");
    assertThat(ParquetExportLayout.resolve(REPO, "~parquet", files, null).defaultConfigName())
        .isEmpty();
    ResolvedDataset d = ParquetExportLayout.resolve(REPO, "~parquet", files, "fr");
    assertThat(d.configNames()).containsExactly("fr", "en");
    assertThat(d.config(null).name()).isEqualTo("fr");
    assertThatThrownBy(
            () ->
                ParquetExportLayout.resolve(
                    REPO, "~parquet", DataFilesResolverTest.files(".gitattributes"), null))
        .isInstanceOf(DataFilesNotFoundException.class);
  }
}
