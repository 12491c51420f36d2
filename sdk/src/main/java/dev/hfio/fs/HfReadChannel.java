package dev.hfio.fs;

import dev.hfio.hub.HubException;
import dev.hfio.hub.HubFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The channel {@code open} returns: a {@link HubFileChannel} whose Hub failures surface as {@link IOException}s
 * (missing file: {@link HfFileNotFoundException}) instead of runtime exceptions, as Beam readers expect.
 */
final class HfReadChannel implements SeekableByteChannel {
  private final HubFileChannel delegate;

  HfReadChannel(HubFileChannel delegate) {
    this.delegate = delegate;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    try {
      return delegate.read(dst);
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    try {
      delegate.position(newPosition);
      return this;
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  @Override
  public long size() throws IOException {
    try {
      return delegate.size();
    } catch (HubException e) {
      throw HubErrors.forRead(e);
    }
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
