package dev.hfio.write;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.parquet.RangeSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** One Hub file pinned to a commit as a {@link RangeSource}, so the writer can read an existing shard's footer. */
final class HubRangeSource implements RangeSource {
  private final HubClient client;
  private final RepoRef repo;
  private final String commit;
  private final String path;
  private final long size;

  HubRangeSource(HubClient client, RepoRef repo, String commit, String path, long size) {
    this.client = client;
    this.repo = repo;
    this.commit = commit;
    this.path = path;
    this.size = size;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void readFully(long position, ByteBuffer dst) throws IOException {
    int n = dst.remaining();
    if (position + n > size) {
      throw new EOFException("Read of " + n + " bytes at " + position + " past the end of " + name());
    }
    byte[] b = client.readRange(repo, commit, path, position, n);
    if (b.length != n) {
      throw new EOFException("Short read of " + name() + ": " + b.length + " of " + n + " bytes at " + position);
    }
    dst.put(b);
  }

  @Override
  public String name() {
    return "hf://" + repo.type().plural() + "/" + repo.id() + "@" + commit + "/" + path;
  }
}
