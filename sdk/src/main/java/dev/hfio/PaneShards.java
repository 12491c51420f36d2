package dev.hfio;

import java.io.Serializable;
import java.util.List;

/**
 * The shards of one pane of a streaming write, ready to be committed: the pane's id (stable across
 * replays, recorded in the commit description), where it came from (window and pane index, for
 * results and messages) and the uploaded shards.
 *
 * @param paneId hex id derived from (write id, window, pane index); names the pane's files
 * @param window the window, as text (for results and logs only)
 * @param paneIndex the pane's index within its window
 * @param shards the uploaded shards of the pane (never empty)
 */
record PaneShards(String paneId, String window, long paneIndex, List<ShardResult> shards)
    implements Serializable {
  PaneShards {
    shards = List.copyOf(shards);
  }

  long rows() {
    return shards.stream().mapToLong(ShardResult::rows).sum();
  }

  long bytes() {
    return shards.stream().mapToLong(ShardResult::size).sum();
  }
}
