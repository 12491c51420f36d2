package dev.hfio;

import dev.hfio.errors.HfIOException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.LfsUpload;
import dev.hfio.hub.UploadLfsCommand;
import dev.hfio.internal.dataset.Features;
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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes rows into local Parquet shards (memory bounded by one row group of at most
 * min(rowGroupBytes, maxShardBytes), shared with the JVM's other open writers through {@link
 * WriterMemory}), rolls to a new shard once a shard's flushed plus buffered bytes reach {@code
 * maxShardBytes} (or when the caller ends a shard), and uploads the finished shards as LFS objects
 * straight from the worker. Uploads are gathered: finished shards wait on local disk until {@link
 * #finish} or until {@value #UPLOAD_BATCH_OBJECTS} shards or {@value #UPLOAD_BATCH_BYTES} bytes are
 * waiting, then go up together behind one LFS batch request (so a bundle of many small shards costs
 * one batch request, not one per shard). Uploads are content-addressed, so a retried bundle
 * re-uploading the same bytes is a no-op on the Hub.
 */
final class ShardWriter implements Closeable {
  /** Finished shards that may wait for one upload round: one LFS batch request's worth. */
  static final int UPLOAD_BATCH_OBJECTS = 256;

  /**
   * Bytes of finished shards that may wait on local disk for one upload round (larger shards go up
   * one by one: their batch request is small next to their bytes).
   */
  static final long UPLOAD_BATCH_BYTES = 256L << 20;

  private final WriteSettings settings;
  private final HubClient client;
  private final Path tempDir;
  private final List<ShardResult> done = new ArrayList<>();
  private final List<Finished> waiting = new ArrayList<>();
  private long waitingBytes;
  private RowParquetWriter writer;
  private WriterMemory.@Nullable Lease lease;
  private Path current;
  private @Nullable String split;
  private @Nullable String footerJson;

  ShardWriter(WriteSettings settings, HubClient client) {
    this(settings, client, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * A writer of the shards of one split of a write that routes rows by split; its results carry
   * {@code split}.
   */
  ShardWriter(WriteSettings settings, HubClient client, @Nullable String split) {
    this(settings, client);
    this.split = split;
  }

  /**
   * A writer whose shards live in a fresh directory {@code hfio-write-<writeKey>-<random>} under
   * {@code baseDir}, its own (writers of one write share a JVM), removed by {@link #close}.
   */
  ShardWriter(WriteSettings settings, HubClient client, Path baseDir) {
    this.settings = settings;
    this.client = client;
    try {
      Files.createDirectories(baseDir);
      this.tempDir = Files.createTempDirectory(baseDir, "hfio-write-" + settings.writeKey + "-");
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
      lease = WriterMemory.open(Math.min(settings.rowGroupBytes, settings.maxShardBytes));
      RowParquetWriter.Builder b =
          RowParquetWriter.builder(current, settings.schema)
              .rowGroupBytes(lease.rowGroupBytes())
              .compression(settings.compression)
              // the features, as datasets stores them, so ClassLabel/Image/Audio and exact dtypes
              // survive for load_dataset, the viewer and HfIO.read()
              .keyValueMetadata(Features.FOOTER_KEY, footerJson());
      // embedded media bytes do not repeat: no dictionary, as datasets writes them
      Features.mediaColumns(settings.schema).forEach(b::disableDictionary);
      writer = b.build();
    }
    try {
      writer.write(row);
    } catch (RuntimeException e) {
      // the writer may hold part of the row: the bundle fails and is retried as a whole
      throw RowFailures.unwritable(settings, split, row, e);
    }
    // Flushed plus buffered bytes: flushed bytes alone stay 0 until the first row group is full.
    if (writer.dataSize() >= settings.maxShardBytes) {
      roll();
    }
  }

  /**
   * Ends the open shard, if any, so the next row starts a new one (fixed sharding: one shard per
   * key).
   */
  void endShard() throws IOException {
    if (writer != null) {
      roll();
    }
  }

  /**
   * Finishes the open shard, uploads every shard still waiting, then returns every shard this
   * writer produced.
   */
  List<ShardResult> finish() throws IOException {
    endShard();
    upload();
    return List.copyOf(done);
  }

  private void roll() throws IOException {
    WrittenFile f = writer.finish();
    writer.close();
    writer = null;
    releaseLease();
    Path file = current;
    current = null;
    waiting.add(new Finished(file, f));
    waitingBytes += f.size();
    if (waiting.size() >= UPLOAD_BATCH_OBJECTS || waitingBytes >= UPLOAD_BATCH_BYTES) {
      upload();
    }
  }

  /** Uploads the waiting shards together (one LFS batch request for all of them). */
  private void upload() throws IOException {
    if (waiting.isEmpty()) {
      return;
    }
    UploadLfsCommand upload =
        client.uploadLfs(settings.target.repo()).revision(settings.target.branch());
    for (Finished w : waiting) {
      upload.add(LfsUpload.prehashed(w.file, w.written.sha256(), w.written.size()));
    }
    (settings.createPr ? upload.createPr() : upload).call();
    for (Finished w : waiting) {
      Files.deleteIfExists(w.file);
      WrittenFile f = w.written;
      done.add(
          new ShardResult(
              w.file.getFileName().toString(),
              f.sha256(),
              f.size(),
              f.rowCount(),
              f.rowGroups(),
              split,
              f.uncompressedBytes(),
              f.largestRowGroupBytes()));
    }
    waiting.clear();
    waitingBytes = 0;
  }

  private void releaseLease() {
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }

  private String footerJson() {
    if (footerJson == null) {
      footerJson = Features.footerJson(settings.schema);
    }
    return footerJson;
  }

  /** A finished local shard waiting for its upload. */
  private record Finished(Path file, WrittenFile written) {}

  /**
   * Drops an unfinished shard and the shards still waiting for their upload (after a failure: the
   * bundle is retried as a whole) and removes this writer's temp directory. Safe to call more than
   * once.
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
      releaseLease();
      waiting.clear();
      waitingBytes = 0;
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
