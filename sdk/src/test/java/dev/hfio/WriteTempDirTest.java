package dev.hfio;

import static dev.hfio.testing.TestRows.SCHEMA;
import static dev.hfio.testing.TestRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write leaves nothing of its local shard directories behind in the temp directory, whether it
 * succeeds or fails.
 */
class WriteTempDirTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  private static List<String> leftovers(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("hfio-write-"))
          .collect(Collectors.toList());
    }
  }

  private static WriteSettings settings(RepoRef repo, String token) {
    HfIO.Write spec =
        HfIO.write()
            .to("hf://datasets/" + repo.id() + "/data")
            .withRevision("main")
            .withMode(WriteMode.APPEND)
            .withCommitMessage("msg")
            .withCreateRepo(Visibility.PUBLIC)
            .withMaxShardBytes(1 << 20)
            .withRowGroupBytes(1 << 20);
    return WriteSettings.of(spec, SCHEMA, HUB.config(token));
  }

  @Test
  void successfulPipelineWriteRemovesItsTempDirectory(@TempDir Path tmp) throws Exception {
    RepoRef repo = HUB.newDataset("tmpdir-ok");
    String old = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    try {
      WritePipelines.run(
          HfIO.write()
              .to("hf://datasets/" + repo.id())
              .withSplit("train")
              .withHubConfig(HUB.config(HUB.writeToken())),
          rows(0, 50));
    } finally {
      System.setProperty("java.io.tmpdir", old);
    }
    assertThat(HUB.listFiles(repo, "main")).anyMatch(f -> f.endsWith(".parquet"));
    assertThat(leftovers(tmp)).isEmpty();
  }

  @Test
  void shardWriterRemovesItsDirectoryAfterSuccessAndAfterFailure(@TempDir Path tmp)
      throws Exception {
    RepoRef repo = HUB.newDataset("tmpdir-shard");
    try (ShardWriter w = new ShardWriter(settings(repo, HUB.writeToken()), HUB.client(), tmp)) {
      for (Row r : rows(0, 10)) {
        w.write(r);
      }
      assertThat(w.finish()).hasSize(1);
    }
    assertThat(leftovers(tmp)).as("after success").isEmpty();

    WriteSettings readOnly = settings(repo, HUB.readToken());
    ShardWriter w = new ShardWriter(readOnly, readOnly.client(), tmp);
    for (Row r : rows(0, 10)) {
      w.write(r);
    }
    assertThatThrownBy(w::finish).isInstanceOf(RuntimeException.class);
    w.close();
    assertThat(leftovers(tmp)).as("after a failed upload").isEmpty();

    try (ShardWriter open = new ShardWriter(settings(repo, HUB.writeToken()), HUB.client(), tmp)) {
      open.write(rows(0, 1).get(0));
    }
    assertThat(leftovers(tmp)).as("after a bundle abandoned mid-shard").isEmpty();
  }
}
