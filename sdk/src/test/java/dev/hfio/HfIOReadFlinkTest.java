package dev.hfio;

import static dev.hfio.testing.TestRows.SCHEMA;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.parquet.RowFilter;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same reads on the FlinkRunner ([local], parallelism 2), which never splits dynamically. */
class HfIOReadFlinkTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @Test
  void wholeDatasetManyFilesAndSplitLargeFileOnFlink() throws Exception {
    RepoRef repo = HUB.newDataset("flink");
    List<Row> expected = new ArrayList<>();
    Map<String, Object> fs = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 80; i++) {
      List<Row> part = rows(i * 10L, 10);
      expected.addAll(part);
      fs.put(String.format("data/train-%05d-of-00080.parquet", i), TestRows.parquet(part));
    }
    List<Row> test = rows(100_000, 100_000);
    java.nio.file.Path big = TestRows.parquet(SCHEMA, test, 48 * 1024);
    // files up to PACKABLE_FILE_BYTES are packed and read whole, never split
    assertThat(java.nio.file.Files.size(big)).isGreaterThan(HubParquetRead.PACKABLE_FILE_BYTES);
    fs.put("data/test-00000-of-00001.parquet", big);
    HUB.commit(repo, "main", fs);
    FooterCache.clear();
    List<Row> all = new ArrayList<>(expected);
    all.addAll(test);
    HfIO.Read whole = HUB.read(repo.id());
    System.setProperty(HubParquetRead.SPLIT_BYTES_PROPERTY, "120000");
    try {
      var r = HfIOReadTest.runAndAssert(HubFixture.flink(), whole, all);
      // the 80 small files are 16 packs (one restriction each); the large file is split in several
      assertThat(HfIOReadTest.counter(r, "initialSplits")).isGreaterThan(HubParquetRead.PACKS + 1);
      assertThat(HfIOReadTest.counter(r, "rows")).isEqualTo(all.size());
    } finally {
      System.clearProperty(HubParquetRead.SPLIT_BYTES_PROPERTY);
    }
    HfIO.Read filtered =
        HUB.read(repo.id())
            .withSplit("test")
            .withColumns("id")
            .withFilter(RowFilter.lt("id", 100_100L));
    HfIOReadTest.runAndAssert(
        HubFixture.flink(),
        filtered,
        test.stream().filter(x -> x.getInt64("id") < 100_100).collect(Collectors.toList()));
  }
}
