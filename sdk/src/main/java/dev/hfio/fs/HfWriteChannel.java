package dev.hfio.fs;

import dev.hfio.hub.CommitOperation;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.HubException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The channel {@code create} returns: bytes go to a local temp file; {@link #close()} commits that
 * one file (through LFS when the Hub asks for it) and deletes the temp file. Nothing is visible on
 * the Hub before close succeeds.
 */
final class HfWriteChannel implements WritableByteChannel {
  private final HubClient client;
  private final HfResourceId target;
  private final String branch;
  private final Path temp;
  private final FileChannel out;
  private boolean open = true;

  HfWriteChannel(HubClient client, HfResourceId target, String branch) throws IOException {
    this.client = client;
    this.target = target;
    this.branch = branch;
    this.temp = Files.createTempFile("hfio-fs-", ".upload");
    this.out =
        FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    return out.write(src);
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    if (!open) {
      return;
    }
    open = false;
    try {
      out.close();
      client
          .commit(target.hfPath().repo())
          .branch(branch)
          .add(new CommitOperation.AddFile(target.repoPath(), temp))
          .message("Upload " + target.repoPath() + " with the hf:// Beam FileSystem")
          .call();
    } catch (HubException e) {
      throw HubErrors.forWrite(e);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
