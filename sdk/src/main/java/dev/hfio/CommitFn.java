package dev.hfio;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The single finalize step: one {@link WriteCommitter#commit} per write, retry-safe through the
 * write id.
 */
final class CommitFn extends DoFn<List<ShardResult>, WriteResult> {
  private final WriteSettings settings;
  private final PCollectionView<String> writeId;

  CommitFn(WriteSettings settings, PCollectionView<String> writeId) {
    this.settings = settings;
    this.writeId = writeId;
  }

  @ProcessElement
  public void process(@Element List<ShardResult> shards, ProcessContext c) {
    c.output(new WriteCommitter(settings, settings.client()).commit(c.sideInput(writeId), shards));
  }
}
