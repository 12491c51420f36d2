package dev.hfio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Names each pane of a streaming write: the shards grouped for one (window, pane) become one {@link
 * PaneShards} whose id is derived from the write id, the window's encoding and the pane index, so a
 * replayed pane gets the same id (and the same file names) and the commit step can recognise it. A
 * pane without shards (an empty on-time or final firing) is dropped: it commits nothing.
 *
 * <p>Its output goes through the pacing step to {@link CommitPanesFn}, which requires stable input:
 * a pane is committed only once it is durable in the runner's state (Flink: in a completed
 * checkpoint), so a pane recomputed after a failure was never committed before, and a pane replayed
 * from durable state has the same id and files and is recognised on the branch.
 */
final class PaneIdFn extends DoFn<KV<Integer, Iterable<ShardResult>>, PaneShards> {
  /** Hex characters of a pane id: 64 bits, so ids of a long-running write do not collide. */
  static final int ID_CHARS = 16;

  private final PCollectionView<String> writeId;
  private final Coder<BoundedWindow> windowCoder;

  @SuppressWarnings("unchecked")
  PaneIdFn(PCollectionView<String> writeId, Coder<? extends BoundedWindow> windowCoder) {
    this.writeId = writeId;
    this.windowCoder = (Coder<BoundedWindow>) windowCoder;
  }

  @ProcessElement
  public void process(
      @Element KV<Integer, Iterable<ShardResult>> group,
      BoundedWindow window,
      PaneInfo pane,
      ProcessContext c)
      throws CoderException {
    List<ShardResult> shards = new ArrayList<>();
    group.getValue().forEach(shards::add);
    if (shards.isEmpty()) {
      return;
    }
    String id =
        paneId(
            c.sideInput(writeId),
            CoderUtils.encodeToByteArray(windowCoder, window),
            pane.getIndex());
    c.output(new PaneShards(id, window.toString(), pane.getIndex(), shards));
  }

  /**
   * The id of pane {@code paneIndex} of the window encoded as {@code window} in write {@code
   * writeId}.
   */
  static String paneId(String writeId, byte[] window, long paneIndex) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(writeId.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(window);
      md.update((byte) 0);
      md.update(Long.toString(paneIndex).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest()).substring(0, ID_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
