package dev.hfio;

import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Runs {@link WritePreflight} (unless a shard writer in this JVM already did) and draws the write
 * id. Its output is a singleton side input of the commit, so every retry of the commit sees the
 * same id; the shard writers run the checks themselves before their first row.
 */
final class PreflightFn extends DoFn<Void, String> {
  private final WriteSettings settings;

  PreflightFn(WriteSettings settings) {
    this.settings = settings;
  }

  @ProcessElement
  public void process(OutputReceiver<String> out) {
    WritePreflight.ensure(settings, settings.client());
    out.output(UUID.randomUUID().toString().replace("-", ""));
  }
}
