package dev.hfio;

import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Runs {@link WritePreflight} once and draws the write id. Its output is a singleton side input of
 * the commit, so every retry sees the same id; shard writers upload only once the target exists
 * ({@link WriteReadiness}: marked here in this JVM, checked on the Hub elsewhere).
 */
final class PreflightFn extends DoFn<Void, String> {
  private final WriteSettings settings;

  PreflightFn(WriteSettings settings) {
    this.settings = settings;
  }

  @ProcessElement
  public void process(OutputReceiver<String> out) {
    WriteReadiness.markChecking(settings);
    try {
      WritePreflight.check(settings, settings.client());
    } catch (RuntimeException e) {
      WriteReadiness.markFailed(settings, e);
      throw e;
    }
    WriteReadiness.markReady(settings);
    out.output(UUID.randomUUID().toString().replace("-", ""));
  }
}
