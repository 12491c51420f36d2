package dev.hfio.localhub.internal.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes the regular files of one commit payload to git as they are parsed. The first few blobs
 * become loose objects; after {@link #LOOSE_LIMIT} the rest go into one pack, which is only made
 * visible by {@link #flush} (a rejected payload leaves no pack behind). Not thread-safe: one per
 * request.
 */
public final class BlobSink implements AutoCloseable {
  static final int LOOSE_LIMIT = 32;
  private final Repository git;
  private final ObjectInserter loose;
  private ObjectInserter pack;
  private int count;

  BlobSink(Repository git) {
    this.git = git;
    this.loose = git.newObjectInserter();
  }

  /** Stores one blob and returns its id. */
  public ObjectId put(byte[] content) {
    try {
      if (count++ < LOOSE_LIMIT || !(git.getObjectDatabase() instanceof ObjectDirectory od)) {
        return loose.insert(Constants.OBJ_BLOB, content);
      }
      if (pack == null) {
        pack = od.newPackInserter();
      }
      return pack.insert(Constants.OBJ_BLOB, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes every blob stored so far readable from the repository. */
  public void flush() {
    try {
      loose.flush();
      if (pack != null) {
        pack.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    loose.close();
    if (pack != null) {
      pack.close();
    }
  }
}
