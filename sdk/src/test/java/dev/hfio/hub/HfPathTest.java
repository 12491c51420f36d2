package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.errors.HfException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HfPathTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      textBlock =
          """
      hf://datasets/ns/name                                   | DATASET | ns/name | NULL                 | ''
      hf://datasets/ns/name/data/train.parquet                | DATASET | ns/name | NULL                 | data/train.parquet
      hf://datasets/ns/name@main                              | DATASET | ns/name | main                 | ''
      hf://datasets/ns/name@v1.0/a/b.csv                      | DATASET | ns/name | v1.0                 | a/b.csv
      hf://datasets/ns/name@refs/pr/1                         | DATASET | ns/name | refs/pr/1            | ''
      hf://datasets/ns/name@refs/pr/12/x.json                 | DATASET | ns/name | refs/pr/12           | x.json
      hf://datasets/o/d@refs/convert/parquet/default/train/0000.parquet | DATASET | o/d | refs/convert/parquet | default/train/0000.parquet
      hf://datasets/ns/name@~parquet/default/train/0.parquet  | DATASET | ns/name | ~parquet             | default/train/0.parquet
      hf://datasets/ns/name@feature%2Ffoo/a                   | DATASET | ns/name | feature/foo          | a
      hf://datasets/ns/name@0123456789abcdef0123456789abcdef01234567/a | DATASET | ns/name | 0123456789abcdef0123456789abcdef01234567 | a
      hf://datasets/ns/name/dir/with@sign.txt                 | DATASET | ns/name | NULL                 | dir/with@sign.txt
      hf://datasets/ns/name/a b/c d.csv                       | DATASET | ns/name | NULL                 | a b/c d.csv
      hf://datasets/ns/name/dir/                              | DATASET | ns/name | NULL                 | dir/
      hf://ns/model                                           | MODEL   | ns/model | NULL                | ''
      hf://ns/model@main/config.json                          | MODEL   | ns/model | main                | config.json
      hf://spaces/ns/app/app.py                               | SPACE   | ns/app  | NULL                 | app.py
      hf://datasets/Org-1/my_data.v2                          | DATASET | Org-1/my_data.v2 | NULL        | ''
      """)
  void parsesAndRoundTrips(String input, RepoType type, String id, String revision, String path) {
    HfPath p = HfPath.parse(input);
    assertThat(p.repo()).isEqualTo(new RepoRef(type, id));
    assertThat(p.revision()).isEqualTo(revision);
    assertThat(p.path()).isEqualTo(path);
    assertThat(p.toString()).isEqualTo(input);
    assertThat(HfPath.parse(p.toString())).isEqualTo(p);
  }

  @Test
  void encodedSpecialRefIsDecodedAndRenderedCanonically() {
    HfPath p = HfPath.parse("hf://datasets/ns/name@refs%2Fconvert%2Fparquet/default/x.parquet");
    assertThat(p.revision()).isEqualTo("refs/convert/parquet");
    assertThat(p.path()).isEqualTo("default/x.parquet");
    assertThat(p.toString())
        .isEqualTo("hf://datasets/ns/name@refs/convert/parquet/default/x.parquet");
    assertThat(HfPath.parse(p.toString())).isEqualTo(p);
  }

  @Test
  void modelsPrefixIsAcceptedAndDroppedWhenFormatting() {
    HfPath p = HfPath.parse("hf://models/ns/m/w.bin");
    assertThat(p.repo()).isEqualTo(RepoRef.model("ns/m"));
    assertThat(p.toString()).isEqualTo("hf://ns/m/w.bin");
  }

  @Test
  void revisionWithSlashOrPercentIsEscapedWhenFormatting() {
    HfPath p = HfPath.of(RepoRef.dataset("ns/name"), "feat/a%b", "x");
    assertThat(p.toString()).isEqualTo("hf://datasets/ns/name@feat%2Fa%25b/x");
    assertThat(HfPath.parse(p.toString())).isEqualTo(p);
  }

  @Test
  void bareDatasetIdFactory() {
    assertThat(HfPath.ofDataset("ns/name")).isEqualTo(HfPath.parse("hf://datasets/ns/name"));
    assertThat(HfPath.ofDataset("ns/name@v1/a"))
        .isEqualTo(HfPath.parse("hf://datasets/ns/name@v1/a"));
    assertThat(HfPath.ofDataset("hf://datasets/ns/name/x").path()).isEqualTo("x");
    assertThatThrownBy(() -> HfPath.ofDataset("hf://ns/model"))
        .isInstanceOf(InvalidHfPathException.class);
    assertThatThrownBy(() -> HfPath.ofDataset("squad"))
        .isInstanceOf(InvalidHfPathException.class)
        .hasMessageContaining("squad");
  }

  @Test
  void navigation() {
    HfPath root = HfPath.parse("hf://datasets/ns/name@v1");
    HfPath f = root.resolve("data/train/0.parquet");
    assertThat(f.toString()).isEqualTo("hf://datasets/ns/name@v1/data/train/0.parquet");
    assertThat(f.fileName()).isEqualTo("0.parquet");
    assertThat(f.parent().toString()).isEqualTo("hf://datasets/ns/name@v1/data/train/");
    assertThat(f.parent().parent().parent().isRoot()).isTrue();
    assertThat(root.parent()).isNull();
    assertThat(f.withRevision(null).toString())
        .isEqualTo("hf://datasets/ns/name/data/train/0.parquet");
    assertThat(f.revisionOrDefault()).isEqualTo("v1");
    assertThat(f.withRevision(null).revisionOrDefault()).isEqualTo("main");
  }

  @Test
  void valueSemanticsAndSerializable() throws Exception {
    HfPath a = HfPath.parse("hf://datasets/ns/name@refs/pr/3/a.txt");
    HfPath b = HfPath.of(RepoRef.dataset("ns/name"), "refs/pr/3", "/a.txt");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(a.withRevision("main"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(a);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(a);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "datasets/ns/name", // no scheme
        "hf://", // nothing
        "hf://datasets", // no id
        "hf://datasets/squad", // one-segment id
        "hf://dataset/ns/name", // singular type
        "hf://datasets/ns/name@", // empty revision
        "hf://datasets/ns/name@/a", // empty revision
        "hf://datasets/ns/-bad", // invalid name
        "hf://datasets/ns/na--me", // '--'
        "hf://datasets/ns/name/a//b", // empty segment
        "hf://datasets/ns/name/../x", // dot-dot
        "hf://datasets/ns/name@bad%zz/x", // bad escape
        "hf://buckets/ns/b/x", // unsupported type
      })
  void rejectsInvalidPathsWithAHelpfulMessage(String input) {
    assertThatThrownBy(() -> HfPath.parse(input))
        .isInstanceOf(InvalidHfPathException.class)
        .isInstanceOf(HfException.class)
        .hasMessageContaining("'" + input + "'")
        .hasMessageContaining("hf://[datasets/|spaces/|models/]namespace/name[@revision][/path]");
  }

  @Test
  void singularTypeGetsAHint() {
    assertThatThrownBy(() -> HfPath.parse("hf://dataset/ns/name"))
        .hasMessageContaining("use 'datasets/'");
  }

  @Test
  void repoRefValidation() {
    assertThat(RepoRef.dataset("a/b").namespace()).isEqualTo("a");
    assertThat(RepoRef.dataset("a/b").name()).isEqualTo("b");
    assertThatThrownBy(() -> RepoRef.dataset("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> RepoRef.dataset("a/b/c")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RepoRef.dataset("a/b.")).isInstanceOf(IllegalArgumentException.class);
    assertThat(RepoType.fromName("datasets")).isEqualTo(RepoType.DATASET);
    assertThat(RepoType.fromName("Model")).isEqualTo(RepoType.MODEL);
  }
}
