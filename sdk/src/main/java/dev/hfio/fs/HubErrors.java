package dev.hfio.fs;

import dev.hfio.hub.AuthenticationException;
import dev.hfio.hub.EntryNotFoundException;
import dev.hfio.hub.ForbiddenException;
import dev.hfio.hub.HubException;
import dev.hfio.hub.RepoNotFoundException;
import dev.hfio.hub.RevisionNotFoundException;
import java.io.IOException;

/**
 * Maps the client's typed runtime {@link HubException}s to the {@link IOException}s Beam's SPI
 * expects.
 */
final class HubErrors {
  static final String TOKEN_HINT =
      "Pass a token with write access in a file as --hfTokenPath=... or as "
          + "--hfToken=hf_... (HfOptions), or set HF_TOKEN in the environment of the launcher and the workers";

  private HubErrors() {}

  /** For reads and matches: missing things become {@link HfFileNotFoundException}. */
  static IOException forRead(HubException e) {
    if (e instanceof EntryNotFoundException
        || e instanceof RepoNotFoundException
        || e instanceof RevisionNotFoundException) {
      String hint =
          e instanceof RepoNotFoundException
              ? " (a private repository also looks missing without a token that can read it: set --hfToken or HF_TOKEN)"
              : "";
      return new HfFileNotFoundException(e.getMessage() + hint, e);
    }
    if (e instanceof AuthenticationException) {
      return new HfFileSystemException(
          e.getMessage() + ". Check the token given as --hfToken or HF_TOKEN", e);
    }
    return new HfFileSystemException(e.getMessage(), e);
  }

  /** For writes: 401/403 become {@link HfTokenRequiredException}. */
  static IOException forWrite(HubException e) {
    if (e instanceof AuthenticationException || e instanceof ForbiddenException) {
      return new HfTokenRequiredException(e.getMessage() + ". " + TOKEN_HINT, e);
    }
    return forRead(e);
  }
}
