package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.DatasetCardException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetCardTest {
  static final List<Map<String, Object>> FEATURES =
      List.of(Map.of("name", "id", "dtype", "int64"), Map.of("name", "text", "dtype", "string"));

  static final String EXAMPLE =
      "---\n"
          + "license: cc-by-4.0\n"
          + "language:\n"
          + "- en\n"
          + "pretty_name: Example Reviews\n"
          + "dataset_info:\n"
          + "  features:\n"
          + "  - name: id\n"
          + "    dtype: int64\n"
          + "  - name: label\n"
          + "    dtype:\n"
          + "      class_label:\n"
          + "        names:\n"
          + "          '0': negative\n"
          + "          '1': positive\n"
          + "  splits:\n"
          + "  - name: train\n"
          + "    num_bytes: 812345678\n"
          + "    num_examples: 800000\n"
          + "  - name: test\n"
          + "    num_bytes: 1015\n"
          + "    num_examples: 100\n"
          + "  download_size: 498765432\n"
          + "  dataset_size: 812346693\n"
          + "configs:\n"
          + "- config_name: default\n"
          + "  data_files:\n"
          + "  - split: train\n"
          + "    path: data/train-*\n"
          + "  - split: test\n"
          + "    path: data/test-*\n"
          + "---\n"
          + "# Example Reviews\n"
          + "\n"
          + "Some *markdown* body.\n";

  @Test
  void parsesConfigsInfoUnknownKeysAndBody() {
    DatasetCard card = DatasetCard.parse(EXAMPLE);
    assertThat(card.body()).isEqualTo("# Example Reviews\n\nSome *markdown* body.\n");
    assertThat(card.metadata())
        .containsKeys("license", "language", "pretty_name", "dataset_info", "configs");
    assertThat(card.metadata().get("language")).isEqualTo(List.of("en"));
    assertThat(card.configs()).hasSize(1);
    ConfigEntry c = card.configs().get(0);
    assertThat(c.name()).isEqualTo("default");
    assertThat(c.dataFiles().orElseThrow())
        .isEqualTo(Map.of("train", List.of("data/train-*"), "test", List.of("data/test-*")));
    assertThat(card.defaultConfigName()).contains("default");
    DatasetInfo info = card.datasetInfo("default").orElseThrow();
    assertThat(info.splits())
        .containsExactly(
            new SplitInfo("train", 812345678, 800000), new SplitInfo("test", 1015, 100));
    assertThat(info.downloadSize()).contains(498765432L);
    assertThat(info.split("test").orElseThrow().numExamples()).isEqualTo(100);
  }

  @Test
  void renderRoundTripIsStableAndSemanticallyEqual() {
    DatasetCard card = DatasetCard.parse(EXAMPLE);
    String once = card.render();
    DatasetCard again = DatasetCard.parse(once);
    assertThat(again).isEqualTo(card);
    assertThat(again.render()).isEqualTo(once);
    assertThat(once).startsWith("---\nlicense: cc-by-4.0\n");
    assertThat(once).endsWith("---\n# Example Reviews\n\nSome *markdown* body.\n");
    // the class label keys stay strings
    assertThat(once).contains("\"0\": negative").doesNotContain("\n          0: negative");
  }

  @Test
  void noFrontMatterIsAllBody() {
    DatasetCard card = DatasetCard.parse("# Just a title\n---\nnot yaml\n");
    assertThat(card.metadata()).isEmpty();
    assertThat(card.body()).isEqualTo("# Just a title\n---\nnot yaml\n");
    assertThat(card.configs()).isEmpty();
    assertThat(card.render()).isEqualTo("# Just a title\n---\nnot yaml\n");
  }

  @Test
  void crlfFrontMatter() {
    DatasetCard card = DatasetCard.parse("---\r\nlicense: mit\r\n---\r\nBody\r\n");
    assertThat(card.metadata()).isEqualTo(Map.of("license", "mit"));
    assertThat(card.body()).isEqualTo("Body\r\n");
  }

  @Test
  void duplicateKeysAndNonMappingAreRejected() {
    assertThatThrownBy(() -> DatasetCard.parse("---\nlicense: mit\nlicense: apache-2.0\n---\n"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> DatasetCard.parse("---\n- a\n- b\n---\n"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("mapping");
    assertThatThrownBy(() -> DatasetCard.parse("---\nconfigs: abc\n---\n"))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("'configs' must be a list");
  }

  @Test
  void newCardHasInfoThenConfigsAndAMinimalBody() {
    DatasetCard card =
        DatasetCard.empty()
            .withPushedSplit(
                PushedSplit.of("default", "train")
                    .withStats(new SplitStats(FEATURES, 10, 200, 1234, 0)));
    String text = card.render();
    assertThat(text)
        .isEqualTo(
            "---\n"
                + "dataset_info:\n"
                + "  features:\n"
                + "  - name: id\n"
                + "    dtype: int64\n"
                + "  - name: text\n"
                + "    dtype: string\n"
                + "  splits:\n"
                + "  - name: train\n"
                + "    num_bytes: 200\n"
                + "    num_examples: 10\n"
                + "  download_size: 1234\n"
                + "  dataset_size: 200\n"
                + "configs:\n"
                + "- config_name: default\n"
                + "  data_files:\n"
                + "  - split: train\n"
                + "    path: data/train-*\n"
                + "---\n"
                + DatasetCard.defaultBody(null));
    assertThat(card.withDefaultBody("user/ds").render())
        .endsWith(
            "---\n# user/ds\n\n"
                + DatasetCard.defaultBody("user/ds").substring("# user/ds\n\n".length()));
  }

  @Test
  void twoWritersOfDifferentSplitsBothListed() {
    DatasetCard base =
        DatasetCard.parse("---\nlicense: mit\nextra:\n  keep: [1, 2]\n---\n# Mine\n");
    DatasetCard afterA =
        base.withPushedSplit(
            PushedSplit.of("default", "train").withStats(new SplitStats(FEATURES, 10, 100, 50, 0)));
    // writer B re-reads the card written by A (412 retry) and adds its split
    DatasetCard afterB =
        DatasetCard.parse(afterA.render())
            .withPushedSplit(
                PushedSplit.of("default", "test")
                    .withStats(new SplitStats(FEATURES, 3, 30, 20, 0)));
    assertThat(afterB.body()).isEqualTo("# Mine\n");
    assertThat(afterB.metadata().get("license")).isEqualTo("mit");
    assertThat(afterB.metadata().get("extra")).isEqualTo(Map.of("keep", List.of(1, 2)));
    assertThat(afterB.configs().get(0).dataFiles().orElseThrow())
        .isEqualTo(Map.of("train", List.of("data/train-*"), "test", List.of("data/test-*")));
    DatasetInfo info = afterB.datasetInfo("default").orElseThrow();
    assertThat(info.splits())
        .containsExactly(new SplitInfo("train", 100, 10), new SplitInfo("test", 30, 3));
    assertThat(info.downloadSize()).contains(70L);
    assertThat(info.datasetSize()).contains(130L);
    assertThat(List.copyOf(afterB.metadata().keySet()))
        .containsExactly("license", "extra", "dataset_info", "configs");
    // rewriting train with fewer rows replaces its entry and subtracts the deleted bytes
    DatasetCard rewrite =
        afterB.withPushedSplit(
            PushedSplit.of("default", "train").withStats(new SplitStats(FEATURES, 4, 40, 25, 50)));
    DatasetInfo info2 = rewrite.datasetInfo("default").orElseThrow();
    assertThat(info2.splits())
        .containsExactly(new SplitInfo("test", 30, 3), new SplitInfo("train", 40, 4));
    assertThat(info2.downloadSize()).contains(45L);
    assertThat(info2.datasetSize()).contains(70L);
  }

  @Test
  void inexactCountsDropStaleInfoOfThatConfigOnly() {
    DatasetCard card =
        DatasetCard.empty()
            .withPushedSplit(
                PushedSplit.of("en", "train").withStats(new SplitStats(FEATURES, 1, 1, 1, 0)))
            .withPushedSplit(
                PushedSplit.of("fr", "train").withStats(new SplitStats(FEATURES, 2, 2, 2, 0)));
    assertThat(card.metadata().get("dataset_info")).isInstanceOf(List.class);
    DatasetCard after = card.withPushedSplit(PushedSplit.of("en", "test"));
    assertThat(after.datasetInfo("en")).isEmpty();
    assertThat(after.datasetInfo("fr").orElseThrow().splits())
        .containsExactly(new SplitInfo("train", 2, 2));
    // a single remaining non-default info is a map that names its config first
    @SuppressWarnings("unchecked")
    Map<String, Object> single = (Map<String, Object>) after.metadata().get("dataset_info");
    assertThat(List.copyOf(single.keySet())).first().isEqualTo("config_name");
    assertThat(after.withoutDatasetInfo("fr").metadata()).doesNotContainKey("dataset_info");
  }

  @Test
  void infoIsDroppedWhenItWouldNotCoverAllSplits() {
    // card lists train and test but has no info: writing test with exact stats must not produce
    // an info listing only test (load_dataset would fail split verification)
    DatasetCard card =
        DatasetCard.empty()
            .withPushedSplit(PushedSplit.of("default", "train"))
            .withPushedSplit(
                PushedSplit.of("default", "test").withStats(new SplitStats(FEATURES, 1, 1, 1, 0)));
    assertThat(card.datasetInfo("default")).isEmpty();
    assertThat(card.configs().get(0).dataFiles().orElseThrow()).containsOnlyKeys("train", "test");
  }

  @Test
  void featuresMismatchIsRefused() {
    DatasetCard card =
        DatasetCard.empty()
            .withPushedSplit(
                PushedSplit.of("default", "train").withStats(new SplitStats(FEATURES, 1, 1, 1, 0)));
    List<Map<String, Object>> other = List.of(Map.of("name", "id", "dtype", "string"));
    assertThatThrownBy(
            () ->
                card.withPushedSplit(
                    PushedSplit.of("default", "test").withStats(new SplitStats(other, 1, 1, 1, 0))))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("don't match the features");
    // same features parsed back from YAML (different Java map/number types) are equal
    DatasetCard reparsed = DatasetCard.parse(card.render());
    assertThat(
            reparsed
                .withPushedSplit(
                    PushedSplit.of("default", "test")
                        .withStats(new SplitStats(FEATURES, 1, 1, 1, 0)))
                .datasetInfo("default")
                .orElseThrow()
                .splits())
        .hasSize(2);
  }

  @Test
  void configsSortedAndSetDefaultMovesTheFlag() {
    DatasetCard card =
        DatasetCard.empty()
            .withPushedSplit(PushedSplit.of("zh", "train").withSetDefault(true))
            .withPushedSplit(PushedSplit.of("ar", "train"));
    assertThat(card.configs()).extracting(ConfigEntry::name).containsExactly("ar", "zh");
    assertThat(card.defaultConfigName()).contains("zh");
    assertThat(card.configs().get(1).dataFiles().orElseThrow())
        .isEqualTo(Map.of("train", List.of("zh/train-*")));
    DatasetCard moved = card.withPushedSplit(PushedSplit.of("ar", "test").withSetDefault(true));
    assertThat(moved.defaultConfigName()).contains("ar");
    assertThat(moved.config("zh").orElseThrow().isDefaultFlag()).isFalse();
    // pushing to the default config again without setDefault keeps its flag
    assertThat(moved.withPushedSplit(PushedSplit.of("ar", "validation")).defaultConfigName())
        .contains("ar");
    // the config named 'default' cannot be overridden
    DatasetCard withDefault =
        DatasetCard.empty().withPushedSplit(PushedSplit.of("default", "train"));
    assertThatThrownBy(
            () -> withDefault.withPushedSplit(PushedSplit.of("x", "train").withSetDefault(true)))
        .isInstanceOf(DatasetCardException.class)
        .hasMessageContaining("named 'default'");
  }

  @Test
  void existingEntryKeepsOtherSplitsIncludingNonPushToHubShapes() {
    DatasetCard card =
        DatasetCard.parse(
            "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: [a/*.parquet, b/*.parquet]\n"
                + "- config_name: other\n  data_files: o.csv\n  sep: ';'\n---\n");
    DatasetCard after = card.withPushedSplit(PushedSplit.of("default", "test"));
    assertThat(after.config("default").orElseThrow().dataFiles().orElseThrow())
        .isEqualTo(
            Map.of("train", List.of("a/*.parquet", "b/*.parquet"), "test", List.of("data/test-*")));
    // the untouched config is kept verbatim (its string data_files and its sep)
    assertThat(after.render()).contains("- config_name: other\n  data_files: o.csv\n  sep: ;\n");
    assertThat(after.config("other").orElseThrow().params()).isEqualTo(Map.of("sep", ";"));
  }

  @Test
  void legacyShardsBecomeADefaultConfig() {
    List<String> legacy =
        PushToHubLayout.legacySplits(
            List.of(
                "data/train-00000-of-00001-abc.parquet",
                "data/test-00000-of-00001.parquet",
                "README.md"));
    assertThat(legacy).containsExactly("train", "test");
    DatasetCard card =
        DatasetCard.empty().withPushedSplit(PushedSplit.of("fr", "train").withLegacySplits(legacy));
    assertThat(card.configs()).extracting(ConfigEntry::name).containsExactly("default", "fr");
    assertThat(card.config("default").orElseThrow().dataFiles().orElseThrow())
        .isEqualTo(Map.of("train", List.of("data/train-*"), "test", List.of("data/test-*")));
  }

  @Test
  void renderIsDeterministicAndQuotesAmbiguousStrings() {
    DatasetCard card =
        DatasetCard.empty()
            .withMetadata("pretty_name", "yes")
            .withMetadata("tags", List.of("*star", "a: b", "123", "null"))
            .withPushedSplit(PushedSplit.of("default", "train"));
    String a = card.render();
    assertThat(card.render()).isEqualTo(a);
    DatasetCard back = DatasetCard.parse(a);
    assertThat(back.metadata().get("pretty_name")).isEqualTo("yes");
    assertThat(back.metadata().get("tags")).isEqualTo(List.of("*star", "a: b", "123", "null"));
    assertThat(back.metadata()).isEqualTo(card.metadata());
    // a blank body was generated on render and is kept verbatim from then on
    assertThat(back.body()).isEqualTo(DatasetCard.defaultBody(null));
    assertThat(back.render()).isEqualTo(a);
  }

  @Test
  void rewritingAnExistingSplitKeepsItsPositionInDataFiles() {
    DatasetCard card =
        DatasetCard.empty()
            .withPushedSplit(PushedSplit.of("default", "train"))
            .withPushedSplit(PushedSplit.of("default", "test"))
            .withPushedSplit(PushedSplit.of("default", "train"));
    assertThat(card.configs().get(0).dataFiles().orElseThrow().keySet())
        .containsExactly("train", "test");
  }

  @Test
  void defaultFlagUsesPythonTruthiness() {
    String yaml =
        "---\nconfigs:\n- config_name: a\n  data_files: a.csv\n  default: %s\n- config_name: b\n  data_files: b.csv\n---\n";
    assertThat(DatasetCard.parse(String.format(yaml, "true")).defaultConfigName()).contains("a");
    assertThat(DatasetCard.parse(String.format(yaml, "false")).defaultConfigName()).isEmpty();
    assertThat(DatasetCard.parse(String.format(yaml, "0")).defaultConfigName()).isEmpty();
    assertThat(DatasetCard.parse(String.format(yaml, "'no'")).defaultConfigName()).contains("a");
  }

  @Test
  void oddValuesSurviveARoundTrip() {
    String readme =
        "---\n"
            + "pretty_name: \"Caf\u00e9 \u2014 \u65e5\u672c\u8a9e\"\n"
            + "description: |\n  line one\n  line two: with colon\n"
            + "created: 2023-01-01\n"
            + "version: '1.0'\n"
            + "extra_gated_fields:\n  Company: text\n  I agree: checkbox\n"
            + "viewer: false\n"
            + "size_categories:\n- 1K<n<10K\n"
            + "empty:\n"
            + "quoted: ''\n"
            + "nested:\n- - a\n  - b\n- []\n"
            + "---\n"
            + "Body with --- inside\n---\n";
    DatasetCard card = DatasetCard.parse(readme);
    assertThat(card.body()).isEqualTo("Body with --- inside\n---\n");
    DatasetCard back = DatasetCard.parse(card.render());
    assertThat(back.metadata()).isEqualTo(card.metadata());
    assertThat(back.metadata().get("description")).isEqualTo("line one\nline two: with colon\n");
    assertThat(back.metadata().get("version")).isEqualTo("1.0");
    assertThat(back.metadata().get("viewer")).isEqualTo(false);
    assertThat(back.metadata()).containsEntry("empty", null).containsEntry("quoted", "");
    assertThat(back.body()).isEqualTo(card.body());
    assertThat(back.render()).isEqualTo(card.render());
  }
}
