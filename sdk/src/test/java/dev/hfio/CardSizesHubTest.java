package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.hub.TreeEntry;
import dev.hfio.internal.dataset.DatasetCard;
import dev.hfio.internal.dataset.DatasetInfo;
import dev.hfio.internal.parquet.LocalFileRangeSource;
import dev.hfio.internal.parquet.ParquetFooter;
import dev.hfio.internal.parquet.RowGroupInfo;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card's sizes have {@code datasets}' meanings: a split's {@code num_bytes} is its data before
 * compression (the sum of its files' row-group {@code total_byte_size} from the footers), {@code
 * download_size} the Parquet files' bytes and {@code dataset_size} the sum of the splits' {@code
 * num_bytes}, for a timestamp column too (its {@code dataset_info} used to be dropped).
 */
class CardSizesHubTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema S =
      Schema.builder()
          .addFields(TestRows.SCHEMA.getFields())
          .addNullableField(
              "at",
              Schema.FieldType.logicalType(
                  org.apache.beam.sdk.schemas.logicaltypes.SqlTypes.TIMESTAMP))
          .build();

  static List<Row> rows(long from, long n) {
    return TestRows.rows(from, n).stream()
        .map(
            r ->
                Row.withSchema(S)
                    .addValues(r.getValues())
                    .addValue(java.time.Instant.ofEpochSecond(1_700_000_000L + r.getInt64("id")))
                    .build())
        .toList();
  }

  @Test
  void sizesAreTheFootersUncompressedBytesAndTheFilesBytes(@TempDir Path tmp) throws IOException {
    RepoRef repo = HUB.newDataset("sizes");
    write(repo, "train", rows(0, 3000), 3);
    write(repo, "test", rows(5000, 700), 1);

    DatasetInfo info = info(repo);
    long datasetSize = 0;
    long downloadSize = 0;
    for (String split : List.of("train", "test")) {
      long uncompressed = 0;
      long files = 0;
      for (TreeEntry e : HUB.client().listTree(repo).revision("main").path("data").call()) {
        if (!e.path().startsWith("data/" + split + "-")) {
          continue;
        }
        files += e.size();
        for (RowGroupInfo g : footer(repo, e.path(), tmp).rowGroups()) {
          uncompressed += g.totalByteSize();
        }
      }
      assertThat(info.split(split).orElseThrow().numBytes()).as(split).isEqualTo(uncompressed);
      // snappy makes the files smaller than their data: the old card put the file bytes here
      assertThat(uncompressed).as(split).isGreaterThan(files);
      datasetSize += uncompressed;
      downloadSize += files;
    }
    assertThat(info.split("train").orElseThrow().numExamples()).isEqualTo(3000);
    assertThat(info.split("test").orElseThrow().numExamples()).isEqualTo(700);
    assertThat(info.datasetSize()).contains(datasetSize);
    assertThat(info.downloadSize()).contains(downloadSize);

    // overwriting one split recomputes its sizes and keeps the other's
    write(repo, "test", rows(9000, 10), 1);
    DatasetInfo after = info(repo);
    assertThat(after.split("train").orElseThrow().numBytes())
        .isEqualTo(info.split("train").orElseThrow().numBytes());
    assertThat(after.split("test").orElseThrow().numExamples()).isEqualTo(10);
    assertThat(after.datasetSize().orElseThrow())
        .isEqualTo(
            after.split("train").orElseThrow().numBytes()
                + after.split("test").orElseThrow().numBytes());
  }

  private static void write(RepoRef repo, String split, List<Row> rows, int shards) {
    Pipeline w = Pipeline.create(HubFixture.direct());
    w.apply(Create.of(rows).withRowSchema(S))
        .apply(
            HfIO.write()
                .to(repo.id())
                .withSplit(split)
                .withNumShards(shards)
                .withHubConfig(HUB.config(HUB.writeToken())));
    w.run().waitUntilFinish();
  }

  private static DatasetInfo info(RepoRef repo) {
    String readme =
        new String(HUB.client().readAllBytes(repo, "main", "README.md"), StandardCharsets.UTF_8);
    return DatasetCard.parse(readme).datasetInfo("default").orElseThrow();
  }

  private static ParquetFooter footer(RepoRef repo, String path, Path tmp) throws IOException {
    Path local = Files.createTempFile(tmp, "f", ".parquet");
    Files.write(local, HUB.client().readAllBytes(repo, "main", path));
    try (LocalFileRangeSource src = new LocalFileRangeSource(local)) {
      return ParquetFooter.read(src);
    }
  }
}
