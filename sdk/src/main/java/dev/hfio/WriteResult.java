package dev.hfio;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one {@link HfIO.Write} published, so a pipeline can wait on the commit ({@code Wait.on}) or
 * report it: the commit (null when the input was empty and nothing was committed), the pull request
 * when {@code withCreatePr}, the repo paths written, and row and byte totals. One element per
 * write; a streaming write emits one per commit, naming the panes it published.
 */
@AutoValue
public abstract class WriteResult implements Serializable {
  private static final long serialVersionUID = 1L;

  WriteResult() {}

  public abstract String repoId();

  /** The branch written ({@code main} by default). */
  public abstract String revision();

  /**
   * Unique id of this write, also recorded in the commit description as {@code hfio-write-id:
   * <id>}.
   */
  public abstract String writeId();

  public abstract @Nullable String commitSha();

  public abstract @Nullable String commitUrl();

  public abstract @Nullable String pullRequestUrl();

  /** Repo paths of the Parquet files written, in shard order. */
  public abstract List<String> files();

  public abstract long rows();

  /** Total bytes of the Parquet files written. */
  public abstract long bytes();

  /**
   * The panes this commit published (a streaming write: one id per pane, also in the commit
   * description as {@code HfIO-Pane-Id: <id>}); empty for a bounded write.
   */
  public abstract List<String> paneIds();

  /** Creates a result (the write's commit step and its coder). */
  static WriteResult of(
      String repoId,
      String revision,
      String writeId,
      @Nullable String commitSha,
      @Nullable String commitUrl,
      @Nullable String pullRequestUrl,
      List<String> files,
      long rows,
      long bytes) {
    return of(
        repoId,
        revision,
        writeId,
        commitSha,
        commitUrl,
        pullRequestUrl,
        files,
        rows,
        bytes,
        List.of());
  }

  /** Creates a result of a streaming commit, listing the panes it published. */
  static WriteResult of(
      String repoId,
      String revision,
      String writeId,
      @Nullable String commitSha,
      @Nullable String commitUrl,
      @Nullable String pullRequestUrl,
      List<String> files,
      long rows,
      long bytes,
      List<String> paneIds) {
    return new AutoValue_WriteResult(
        repoId,
        revision,
        writeId,
        commitSha,
        commitUrl,
        pullRequestUrl,
        Collections.unmodifiableList(new ArrayList<>(files)),
        rows,
        bytes,
        Collections.unmodifiableList(new ArrayList<>(paneIds)));
  }
}
