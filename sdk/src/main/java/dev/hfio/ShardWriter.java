package dev.hfio;

import dev.hfio.errors.HfIOException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.LfsUpload;
import dev.hfio.hub.UploadLfsCommand;
import dev.hfio.internal.parquet.RowParquetWriter;
import dev.hfio.internal.parquet.WrittenFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.values.Row;

/**
 * Writes rows into local Parquet shards (memory bounded by one row group of at most
 * min(rowGroupBytes, maxShardBytes)), rolls to a new shard once a shard's flushed plus buffered
 * bytes reach {@code maxShardBytes}, and uploads each finished shard as an LFS object straight from
 * the worker. Uploads are content-addressed, so a retried bundle re-uploading the same bytes is a
 * no-op on the Hub.
 */
final class ShardWriter implements Closeable {
  private final WriteSettings settings;
  private final HubClient client;
  private final Path tempDir;
  private final List<ShardResult> done = new ArrayList<>();
  private RowParquetWriter writer;
  private Path current;

  ShardWriter(WriteSettings settings, HubClient client, String writeId) {
    this(settings, client, writeId, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * A writer whose shards live in a fresh directory {@code hfio-write-<writeId>-<random>} under
   * {@code baseDir}, its own (writers of one write share a JVM), removed by {@link #close}.
   */
  ShardWriter(WriteSettings settings, HubClient client, String writeId, Path baseDir) {
    this.settings = settings;
    this.client = client;
    try {
      Files.createDirectories(baseDir);
      this.tempDir = Files.createTempDirectory(baseDir, "hfio-write-" + writeId + "-");
    } catch (IOException e) {
      throw new HfIOException(
          "Cannot create a local temp directory for Parquet shards of "
              + settings.target.describe(),
          e);
    }
  }

  void write(Row row) throws IOException {
    if (writer == null) {
      current = tempDir.resolve(UUID.randomUUID() + ".parquet");
      writer =
          RowParquetWriter.builder(current, settings.schema)
              .rowGroupBytes(Math.min(settings.rowGroupBytes, settings.maxShardBytes))
              .compression(settings.compression)
              .build();
    }
    writer.write(row);
    // Flushed plus buffered bytes: flushed bytes alone stay 0 until the first row group is full.
    if (writer.dataSize() >= settings.maxShardBytes) {
      roll();
    }
  }

  /** Finishes and uploads the open shard, then returns every shard this writer produced. */
  List<ShardResult> finish() throws IOException {
    if (writer != null) {
      roll();
    }
    return List.copyOf(done);
  }

  private void roll() throws IOException {
    WrittenFile f = writer.finish();
    writer.close();
    writer = null;
    Path file = current;
    current = null;
    try {
      UploadLfsCommand upload =
          client
              .uploadLfs(settings.target.repo())
              .revision(settings.target.branch())
              .add(LfsUpload.prehashed(file, f.sha256(), f.size()));
      (settings.createPr ? upload.createPr() : upload).call();
    } finally {
      Files.deleteIfExists(file);
    }
    done.add(
        new ShardResult(
            file.getFileName().toString(), f.sha256(), f.size(), f.rowCount(), f.rowGroups()));
  }

  /**
   * Drops an unfinished shard (after a failure; finished shards are already uploaded) and removes
   * this writer's temp directory. Safe to call more than once.
   */
  @Override
  public void close() throws IOException {
    try {
      if (writer != null) {
        try {
          writer.close();
        } finally {
          writer = null;
          Files.deleteIfExists(current);
        }
      }
    } finally {
      deleteTempDir();
    }
  }

  private void deleteTempDir() throws IOException {
    if (!Files.exists(tempDir)) {
      return;
    }
    try (Stream<Path> left = Files.list(tempDir)) {
      for (Path p : (Iterable<Path>) left::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(tempDir);
  }
}
