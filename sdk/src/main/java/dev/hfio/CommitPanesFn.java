package dev.hfio;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The commit step of a streaming write: one {@link PaneCommitter#commit} per batch of panes that
 * {@link PacePanesFn} released. Stateless and {@code @RequiresStableInput}: a runner hands it a
 * batch only once the batch is durable (on Flink, once the checkpoint holding it completed), so
 * after a failure the same batch (same pane ids, same files) comes again and the pane-id scan of
 * {@link PaneCommitter} turns what already landed into a no-op. Being stateless, it has no lateness
 * check, so batches released at the very end of the input (a drain) are committed too.
 */
final class CommitPanesFn extends DoFn<List<PaneShards>, WriteResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;

  CommitPanesFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  @ProcessElement
  @RequiresStableInput
  public void process(@Element List<PaneShards> panes, ProcessContext c) {
    new PaneCommitter(settings, settings.client())
        .commit(c.sideInput(writeId), panes)
        .forEach(c::output);
  }
}
