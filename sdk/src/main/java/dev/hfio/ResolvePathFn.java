package dev.hfio;

import dev.hfio.hub.FileMetadata;
import dev.hfio.hub.HfPath;
import dev.hfio.hub.HubClientConfig;
import dev.hfio.hub.HubException;
import dev.hfio.hub.InvalidResponseException;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Turns an hf:// file path into a {@link ShardDescriptor} pinned to a commit, with one HEAD
 * request.
 */
final class ResolvePathFn extends DoFn<String, ShardDescriptor> {
  private final HubClientConfig hub;
  private final Counter requests = Metrics.counter(ReadShardFn.NAMESPACE, "requests");

  ResolvePathFn(HubClientConfig hub) {
    this.hub = hub;
  }

  @ProcessElement
  public void process(@Element String path, OutputReceiver<ShardDescriptor> out) {
    HfPath p = HfPath.parse(path);
    if (p.path().isEmpty() || p.path().endsWith("/")) {
      throw new IllegalArgumentException("HfIO.readFiles(): '" + path + "' is not a file path");
    }
    FileMetadata m = hub.client().fileMetadata(p);
    requests.inc();
    String sha = m.commitSha();
    if (sha == null) {
      throw new InvalidResponseException(
          "HfIO.readFiles(): the Hub did not report the commit of "
              + path
              + " (no X-Repo-Commit header), so the read cannot be pinned to one commit. Check that HF_ENDPOINT (or "
              + "--hfEndpoint) points at the Hub and no proxy strips its headers.",
          new HubException.ErrorDetails(200, null, null, null, p.repo(), p.revision(), p.path()));
    }
    out.output(new ShardDescriptor(p.repo(), sha, p.path(), m.size(), null));
  }
}
