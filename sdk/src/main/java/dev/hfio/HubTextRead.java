package dev.hfio;

import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Expansion of {@code HfIO.read()} over JSON Lines/JSON, CSV/TSV or text files: the planned file
 * descriptors, a fusion break, then the splittable record reader {@link ReadTextFn}.
 */
final class HubTextRead {
  private HubTextRead() {}

  static PCollection<Row> expand(
      PBegin begin,
      ReadSettings settings,
      ReadPlan plan,
      @Nullable ErrorHandler<BadRecord, ?> handler) {
    PCollection<TextShard> files =
        begin.apply("PlannedFiles", Create.of(plan.textShards()).withCoder(ReadTextFn.coder()));
    return ReadTextFn.applyTo(
        files.apply("Reshuffle", Reshuffle.viaRandomKey()),
        settings,
        plan.textFormat(),
        plan.fileSchema(),
        handler);
  }
}
