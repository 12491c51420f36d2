package dev.hfio.localhub.internal.storage;

import java.util.List;

/** A parsed commit: message, optional expected parent, operations and the author. */
public record CommitRequest(
    String summary, String description, String parentCommit, List<CommitOp> ops, String author) {
  public String fullMessage() {
    String s = summary == null || summary.isBlank() ? "Upload files with localhub" : summary;
    return description == null || description.isBlank() ? s : s + "\n\n" + description;
  }
}
