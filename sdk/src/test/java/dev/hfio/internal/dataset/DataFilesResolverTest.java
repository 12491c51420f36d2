package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.dataset.ConfigNotFoundException;
import dev.hfio.dataset.DataFilesNotFoundException;
import dev.hfio.dataset.DatasetLayoutException;
import dev.hfio.dataset.SplitNotFoundException;
import dev.hfio.dataset.UnsupportedFormatException;
import dev.hfio.errors.HfException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Layouts from conventions.md §1 and datasets' own test cases, without a README configs block. */
class DataFilesResolverTest {
  static final String REPO = "user/ds";
  static final String REV = "abc123";

  static List<RepoFile> files(String... paths) {
    return Arrays.stream(paths).map(RepoFile::of).toList();
  }

  static Map<String, List<String>> splits(ResolvedConfig c) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ResolvedSplit s : c.splits()) {
      out.put(s.name(), s.paths());
    }
    return out;
  }

  static ResolvedConfig detect(String... paths) {
    return DataFilesResolver.resolve(REPO, REV, files(paths), null).config(null);
  }

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of(
            "flat train/test csv",
            List.of("train.csv", "test.csv", "README.md", ".gitattributes"),
            Map.of("train", List.of("train.csv"), "test", List.of("test.csv")),
            List.of("train", "test")),
        Arguments.of(
            "push_to_hub shards",
            List.of(
                "data/train-00001-of-00002.parquet",
                "data/train-00000-of-00002.parquet",
                "data/test-00000-of-00001.parquet",
                "data/validation-00000-of-00001.parquet"),
            Map.of(
                "train",
                    List.of(
                        "data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"),
                "validation", List.of("data/validation-00000-of-00001.parquet"),
                "test", List.of("data/test-00000-of-00001.parquet")),
            List.of("train", "validation", "test")),
        Arguments.of(
            "push_to_hub custom split names: defaults first, then alphabetical",
            List.of(
                "data/zeta-00000-of-00001.parquet",
                "data/alpha.v2-00000-of-00001.parquet",
                "data/test-00000-of-00001.parquet",
                "data/train-00000-of-00001.parquet"),
            Map.of(
                "train", List.of("data/train-00000-of-00001.parquet"),
                "test", List.of("data/test-00000-of-00001.parquet"),
                "alpha.v2", List.of("data/alpha.v2-00000-of-00001.parquet"),
                "zeta", List.of("data/zeta-00000-of-00001.parquet")),
            List.of("train", "test", "alpha.v2", "zeta")),
        Arguments.of(
            "push_to_hub <= 2.14 shards with fingerprint suffix",
            List.of("data/train-00000-of-00001-3f2a9c.parquet", "other.csv"),
            Map.of("train", List.of("data/train-00000-of-00001-3f2a9c.parquet")),
            List.of("train")),
        Arguments.of(
            "data/train-*.parquet glob-like names without shard numbers use the file-name group",
            List.of("data/train-a.parquet", "data/train-b.parquet", "data/test-a.parquet"),
            Map.of(
                "train", List.of("data/train-a.parquet", "data/train-b.parquet"),
                "test", List.of("data/test-a.parquet")),
            List.of("train", "test")),
        Arguments.of(
            "split directories",
            List.of("test/b.csv", "validation/c.csv", "train/a.csv", "train/a2.csv"),
            Map.of(
                "train", List.of("train/a.csv", "train/a2.csv"),
                "validation", List.of("validation/c.csv"),
                "test", List.of("test/b.csv")),
            List.of("train", "validation", "test")),
        Arguments.of(
            "keyword variants valid / dev / eval",
            List.of("dev.jsonl", "eval.jsonl", "training.jsonl"),
            Map.of(
                "train", List.of("training.jsonl"),
                "validation", List.of("dev.jsonl"),
                "test", List.of("eval.jsonl")),
            List.of("train", "validation", "test")),
        Arguments.of(
            "keyword variants val / valid / testing with separators",
            List.of("my-val.csv", "x_valid_1.csv", "testing 2.csv", "train.csv"),
            Map.of(
                "train", List.of("train.csv"),
                "validation", List.of("x_valid_1.csv", "my-val.csv"),
                "test", List.of("testing 2.csv")),
            List.of("train", "validation", "test")),
        Arguments.of(
            "nested split directories at any depth",
            List.of("data/en/train/0.parquet", "data/en/test/0.parquet", "data/fr/train/0.parquet"),
            Map.of(
                "train", List.of("data/en/train/0.parquet", "data/fr/train/0.parquet"),
                "test", List.of("data/en/test/0.parquet")),
            List.of("train", "test")),
        Arguments.of(
            "directory with keyword and separator: train_2020/, my-test/",
            List.of("train_2020/a.json", "my-test/b.json"),
            Map.of("train", List.of("train_2020/a.json"), "test", List.of("my-test/b.json")),
            List.of("train", "test")),
        Arguments.of(
            "groups do not combine: dir group wins and test.csv is dropped",
            List.of("train/a.csv", "test.csv"),
            Map.of("train", List.of("train/a.csv")),
            List.of("train")),
        Arguments.of(
            "directory beats file name",
            List.of("test/train.txt"),
            Map.of("test", List.of("test/train.txt")),
            List.of("test")),
        Arguments.of(
            "keywords need separators: all fall back to train",
            List.of("developers_list.txt", "seqeval_results.txt", "contest.txt"),
            Map.of("train", List.of("contest.txt", "developers_list.txt", "seqeval_results.txt")),
            List.of("train")),
        Arguments.of(
            "digits count as separators",
            List.of("test00001.txt", "other.txt"),
            Map.of("test", List.of("test00001.txt")),
            List.of("test")),
        Arguments.of(
            "no de-duplication: test_test.csv twice, train_test.csv in two splits",
            List.of("test_test.csv", "train_test.csv"),
            Map.of(
                "train", List.of("train_test.csv"),
                "test", List.of("test_test.csv", "test_test.csv", "train_test.csv")),
            List.of("train", "test")),
        Arguments.of(
            "hidden files, hidden dirs, __pycache__ and README ignored",
            List.of(
                ".gitattributes",
                "README.md",
                ".git/train.csv",
                ".hidden.csv",
                "__pycache__/train.csv",
                "sub/.cache/test.csv",
                "dataset_info.json",
                "data.csv"),
            Map.of("train", List.of("data.csv")),
            List.of("train")),
        Arguments.of(
            "** fallback is recursive",
            List.of("a/b/c/1.parquet", "z.parquet", "a/0.parquet"),
            Map.of("train", List.of("a/0.parquet", "a/b/c/1.parquet", "z.parquet")),
            List.of("train")),
        Arguments.of(
            "no extension check during detection: train.py empties train",
            List.of("train.py", "data.csv"),
            Map.of("train", List.of()),
            List.of("train")),
        Arguments.of(
            "mixed formats: majority wins, the rest is filtered out",
            List.of("data/a.parquet", "data/b.parquet", "data/c.csv"),
            Map.of("train", List.of("data/a.parquet", "data/b.parquet")),
            List.of("train")),
        Arguments.of(
            "compressed files count through the inner extension",
            List.of("train.csv.gz", "test.csv.gz"),
            Map.of("train", List.of("train.csv.gz"), "test", List.of("test.csv.gz")),
            List.of("train", "test")),
        Arguments.of(
            "inspect-ai logs win over the split groups",
            List.of("logs/run1.eval", "train.csv"),
            Map.of("logs", List.of("logs/run1.eval")),
            List.of("logs")),
        Arguments.of(
            "image folder keeps metadata.csv",
            List.of("train/b.jpg", "train/a.jpg", "train/metadata.csv", "train/notes.txt"),
            Map.of("train", List.of("train/a.jpg", "train/b.jpg", "train/metadata.csv")),
            List.of("train")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void layout(
      String name, List<String> paths, Map<String, List<String>> expected, List<String> order) {
    ResolvedConfig c = detect(paths.toArray(String[]::new));
    assertThat(c.name()).isEqualTo("default");
    assertThat(c.fromCard()).isFalse();
    assertThat(c.splitNames()).containsExactlyElementsOf(order);
    assertThat(splits(c)).isEqualTo(expected);
  }

  @Test
  void formats() {
    assertThat(detect("train.csv", "test.csv").format()).isEqualTo(FileFormat.CSV);
    assertThat(detect("train.tsv").format()).isEqualTo(FileFormat.TSV);
    assertThat(detect("train.tsv").format().module()).isEqualTo("csv");
    assertThat(detect("data/train-00000-of-00001.parquet").format()).isEqualTo(FileFormat.PARQUET);
    assertThat(detect("a.jsonl", "b.ndjson").format()).isEqualTo(FileFormat.JSON);
    assertThat(detect("train.arrow").format()).isEqualTo(FileFormat.ARROW);
    assertThat(detect("train.txt").format()).isEqualTo(FileFormat.TEXT);
    assertThat(detect("x/a.png").format()).isEqualTo(FileFormat.IMAGEFOLDER);
    assertThat(detect("a.zip").format()).isEqualTo(FileFormat.ZIP);
    // tie: json beats csv, and the csv file is then filtered out
    ResolvedConfig tie = detect("a.csv", "b.json");
    assertThat(tie.format()).isEqualTo(FileFormat.JSON);
    assertThat(tie.split("train").paths()).containsExactly("b.json");
    assertThat(tie.split("train").isParquet()).isFalse();
    assertThat(detect("a.parquet").split("train").isParquet()).isTrue();
  }

  @Test
  void differentFormatsAcrossSplitsIsAnError() {
    ResolvedConfig c = detect("train.csv", "test.parquet");
    assertThat(c.split("train").format()).contains(FileFormat.CSV);
    assertThat(c.split("test").format()).contains(FileFormat.PARQUET);
    assertThatThrownBy(c::format)
        .isInstanceOf(DatasetLayoutException.class)
        .hasMessageContaining("user/ds@abc123")
        .hasMessageContaining("couldn't infer the same data file format")
        .hasMessageContaining("train=csv")
        .hasMessageContaining("test=parquet");
  }

  @Test
  void noSupportedFilesFormatIsEmpty() {
    ResolvedConfig c = detect("train.py", "notes.md");
    assertThat(c.split("train").format()).isEmpty();
    assertThatThrownBy(c::format)
        .isInstanceOf(DataFilesNotFoundException.class)
        .hasMessageContaining("no (supported) data files");
  }

  @Test
  void invalidShardSplitNameFailsTheLoad() {
    assertThatThrownBy(() -> detect("data/my-split-00000-of-00001.parquet"))
        .isInstanceOf(DatasetLayoutException.class)
        .hasMessageContaining("user/ds@abc123")
        .hasMessageContaining("my-split");
  }

  @Test
  void emptyRepo() {
    assertThatThrownBy(() -> detect("README.md", ".gitattributes"))
        .isInstanceOf(DataFilesNotFoundException.class)
        .hasMessageContaining("user/ds@abc123 doesn't contain any data files");
  }

  @Test
  void baseDirectory() {
    ResolvedConfig c =
        DataFilesResolver.resolve(
                REPO,
                REV,
                files("sub/train.csv", "sub/test.csv", "train.parquet", "other/x.csv"),
                null,
                "sub/")
            .config(null);
    assertThat(splits(c))
        .isEqualTo(Map.of("train", List.of("sub/train.csv"), "test", List.of("sub/test.csv")));
    // shards under the base directory
    ResolvedConfig s =
        DataFilesResolver.resolve(
                REPO,
                REV,
                files("v2/data/train-00000-of-00001.parquet", "data/test-00000-of-00001.parquet"),
                null,
                "v2")
            .config(null);
    assertThat(splits(s))
        .isEqualTo(Map.of("train", List.of("v2/data/train-00000-of-00001.parquet")));
  }

  @Test
  void unknownSplitListsValidOnes() {
    ResolvedConfig c = detect("train.csv", "test.csv");
    assertThatThrownBy(() -> c.split("dev"))
        .isInstanceOf(SplitNotFoundException.class)
        .isInstanceOf(HfException.class)
        .hasMessage("dataset user/ds@abc123 has no split 'dev'; splits are train, test");
    SplitNotFoundException e = catchSplit(c);
    assertThat(e.validSplits()).containsExactly("train", "test");
    assertThat(e.split()).isEqualTo("dev");
  }

  private static SplitNotFoundException catchSplit(ResolvedConfig c) {
    try {
      c.split("dev");
    } catch (SplitNotFoundException e) {
      return e;
    }
    throw new AssertionError("expected SplitNotFoundException");
  }

  @Test
  void unknownConfigWithoutCardListsDefault() {
    ResolvedDataset d = DataFilesResolver.resolve(REPO, REV, files("train.csv"), null);
    assertThat(d.configNames()).containsExactly("default");
    assertThat(d.defaultConfigName()).contains("default");
    assertThatThrownBy(() -> d.config("en"))
        .isInstanceOf(ConfigNotFoundException.class)
        .hasMessage("dataset user/ds@abc123 has no config 'en'; configs are default");
  }

  @Test
  void sizesArePassedThrough() {
    ResolvedSplit s =
        DataFilesResolver.resolve(
                REPO,
                REV,
                List.of(new RepoFile("train-0.parquet", 10), new RepoFile("train-1.parquet", 32)),
                null)
            .split(null, "train");
    assertThat(s.totalSize()).isEqualTo(42);
    assertThat(s.files()).extracting(RepoFile::size).containsExactly(10L, 32L);
  }

  @Test
  void requireFormatPointsToTheParquetExport() {
    ResolvedSplit csv = detect("train.csv", "test.csv").split("train");
    assertThatThrownBy(() -> csv.requireFormat(FileFormat.PARQUET))
        .isInstanceOf(UnsupportedFormatException.class)
        .hasMessageContaining("dataset user/ds@abc123 split 'train' of config 'default' is CSV")
        .hasMessageContaining("hf://datasets/user/ds@~parquet/default/train/*.parquet")
        .hasMessageContaining("is CSV (csv files), but only PARQUET can be read here")
        .extracting(e -> ((UnsupportedFormatException) e).format())
        .isEqualTo("CSV");
    ResolvedSplit pq = detect("data/train-00000-of-00001.parquet").split("train");
    assertThat(pq.requireFormat(FileFormat.PARQUET)).isSameAs(pq);
    ResolvedSplit none = detect("train.py").split("train");
    assertThatThrownBy(() -> none.requireFormat(FileFormat.PARQUET))
        .isInstanceOf(DataFilesNotFoundException.class)
        .hasMessageContaining("split 'train' of config 'default' has no (supported) data files");
  }

  @Test
  void resolvedSplitIsSerializable() throws Exception {
    ResolvedSplit s = detect("data/train-00000-of-00001.parquet").split("train");
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(s);
    }
  }

  @Test
  void largeFlatRepoResolvesQuickly() {
    // worst case: every default pattern group is tried before the ** fallback
    List<RepoFile> many = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      many.add(new RepoFile("shards/part_" + i + ".parquet", 1));
    }
    long t0 = System.nanoTime();
    ResolvedConfig c = DataFilesResolver.resolve(REPO, REV, many, null).config(null);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(c.split("train").files()).hasSize(20_000);
    assertThat(ms).as("resolution time in ms").isLessThan(15_000);
  }

  @Test
  void filesAreSortedByCodePointLikePython() {
    // U+FF5E (fullwidth tilde) sorts before U+1F600 (emoji) by code point, after it in UTF-16 units
    String emoji = "train/\uD83D\uDE00.csv";
    String fullwidth = "train/\uFF5E.csv";
    assertThat(emoji.compareTo(fullwidth)).isNegative();
    assertThat(detect(emoji, fullwidth).split("train").paths()).containsExactly(fullwidth, emoji);
  }
}
