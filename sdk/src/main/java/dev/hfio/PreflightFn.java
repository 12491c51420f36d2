package dev.hfio;

import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Runs {@link WritePreflight} once and draws the write id. Its output is a singleton side input of
 * the shard writers and of the commit, so no worker uploads before the checks pass and every retry
 * sees the same id.
 */
final class PreflightFn extends DoFn<Void, String> {
  private final WriteSettings settings;

  PreflightFn(WriteSettings settings) {
    this.settings = settings;
  }

  @ProcessElement
  public void process(OutputReceiver<String> out) {
    WritePreflight.check(settings, settings.client());
    out.output(UUID.randomUUID().toString().replace("-", ""));
  }
}
