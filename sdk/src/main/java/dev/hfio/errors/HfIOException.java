package dev.hfio.errors;

import java.io.IOException;

/**
 * A local or remote I/O failure that has no more specific type (a token file that cannot be read, a
 * temporary directory that cannot be created, a local file to upload that cannot be read). The
 * {@link IOException} is the cause; the message names the file or repository and what to do.
 */
public class HfIOException extends HfException {
  private static final long serialVersionUID = 1L;

  public HfIOException(String message, IOException cause) {
    super(message, cause);
  }
}
