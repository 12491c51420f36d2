package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileFormatTest {
  @Test
  void suffixesAndAllowedExtensions() {
    assertThat(FileFormat.suffixes("a.csv.gz")).containsExactly(".csv", ".gz");
    assertThat(FileFormat.hasAllowedExtension("d/a.csv.gz")).isTrue();
    assertThat(FileFormat.hasAllowedExtension("d/a.CSV")).isFalse(); // case-sensitive
    assertThat(FileFormat.hasAllowedExtension("d/a.JPG")).isTrue(); // media also upper-case
    assertThat(FileFormat.hasAllowedExtension("train.py")).isFalse();
    assertThat(FileFormat.hasAllowedExtension("noext")).isFalse();
  }

  @Test
  void inferenceRanking() {
    assertThat(FileFormat.infer(List.of("a.csv", "b.csv", "c.parquet"))).contains(FileFormat.CSV);
    assertThat(FileFormat.infer(List.of("a.csv", "c.parquet"))).contains(FileFormat.PARQUET);
    assertThat(FileFormat.infer(List.of("a.arrow", "c.jsonl"))).contains(FileFormat.ARROW);
    assertThat(FileFormat.infer(List.of("a.txt", "c.xml")))
        .contains(FileFormat.XML); // reverse lexical
    assertThat(FileFormat.infer(List.of("metadata.csv", "metadata.jsonl", "x.png")))
        .contains(FileFormat.IMAGEFOLDER);
    assertThat(FileFormat.infer(List.of("clip.mp4"))).contains(FileFormat.VIDEOFOLDER);
    assertThat(FileFormat.infer(List.of("clip.mpg"))).contains(FileFormat.AUDIOFOLDER);
    assertThat(FileFormat.infer(List.of("brain.nii.gz"))).contains(FileFormat.NIFTIFOLDER);
    assertThat(FileFormat.infer(List.of("A.PARQUET")))
        .contains(FileFormat.PARQUET); // lower-cased for inference
    assertThat(FileFormat.infer(List.of("x.py", "y.md"))).isEmpty();
  }

  @Test
  void builderFilterKeepsModuleExtensionsZipAndMetadata() {
    assertThat(FileFormat.CSV.filter(List.of("a.csv", "b.tsv", "c.csv.gz", "d.zip", "e.json")))
        .containsExactly("a.csv", "b.tsv", "c.csv.gz", "d.zip");
    assertThat(
            FileFormat.IMAGEFOLDER.filter(List.of("x/a.png", "x/metadata.jsonl", "x/readme.txt")))
        .containsExactly("x/a.png", "x/metadata.jsonl");
  }
}
