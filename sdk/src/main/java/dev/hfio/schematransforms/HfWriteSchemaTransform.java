package dev.hfio.schematransforms;

import dev.hfio.Compression;
import dev.hfio.HfIO;
import dev.hfio.Visibility;
import dev.hfio.WriteMode;
import dev.hfio.WriteResult;
import java.util.Arrays;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.SchemaTransform;
import org.apache.beam.sdk.schemas.transforms.providers.ErrorHandling;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionRowTuple;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The write built from a checked {@link HfWriteConfiguration}. */
final class HfWriteSchemaTransform extends SchemaTransform {
  private static final long serialVersionUID = 1L;

  private final HfIO.Write write;
  private final String target;
  private final @Nullable String errorOutput;

  private HfWriteSchemaTransform(HfIO.Write write, String target, @Nullable String errorOutput) {
    this.write = write;
    this.target = target;
    this.errorOutput = errorOutput;
  }

  /** Checks every key and builds the write; an {@link HfConfigurationException} names the key. */
  static HfWriteSchemaTransform of(HfWriteConfiguration c) {
    String to =
        ConfigChecks.pathOrRepo(
            "hf_write", c.getPath(), c.getRepo(), "hf://datasets/namespace/name[@branch][/dir]");
    HfIO.Write w = ConfigChecks.call("path/repo", HfIO.write()::to, to);
    if (c.getSplit() != null) {
      w = ConfigChecks.call("split", w::withSplit, c.getSplit());
    }
    if (c.getConfig() != null) {
      w = ConfigChecks.call("config", w::withConfig, c.getConfig());
    }
    if (c.getSplitField() != null) {
      // every split of the input in one commit; the column itself is not stored
      w = ConfigChecks.call("split_field", w::withSplitField, c.getSplitField());
    }
    if (c.getRevision() != null) {
      w = ConfigChecks.call("revision", w::withRevision, c.getRevision());
    }
    if (c.getMode() != null) {
      w = w.withMode(enumValue("mode", WriteMode.class, c.getMode()));
    }
    if (c.getNumShards() != null) {
      long n = c.getNumShards();
      ConfigChecks.check(
          n >= 0 && n <= 99_999, "num_shards: %s is not in 0..99999 (0 = runner-determined)", n);
      w = w.withNumShards((int) n);
    }
    if (c.getCompression() != null) {
      w = w.withCompression(enumValue("compression", Compression.class, c.getCompression()));
    }
    if (c.getTriggeringFrequencySeconds() != null) {
      long sec = c.getTriggeringFrequencySeconds();
      ConfigChecks.check(
          sec > 0, "triggering_frequency_seconds: %s is not a positive number of seconds", sec);
      // one commit per firing on an unbounded input; HfIO.write() refuses it on a bounded one
      w = w.withTriggeringFrequency(org.joda.time.Duration.standardSeconds(sec));
    }
    if (c.getCommitMessage() != null) {
      w = ConfigChecks.call("commit_message", w::withCommitMessage, c.getCommitMessage());
    }
    if (c.getCreateRepo() != null) {
      w = w.withCreateRepo(enumValue("create_repo", Visibility.class, c.getCreateRepo()));
    }
    if (c.getEndpoint() != null) {
      w = ConfigChecks.call("endpoint", w::withEndpoint, c.getEndpoint());
    }
    if (c.getToken() != null) {
      ConfigChecks.check(!c.getToken().isBlank(), "token: must not be blank");
      w = w.withToken(c.getToken());
    }
    String errors = null;
    if (c.getErrorHandling() != null) {
      errors = c.getErrorHandling().getOutput();
      ConfigChecks.check(
          errors != null && !errors.isBlank(),
          "error_handling: give the name of the error output, e.g. error_handling: {output:"
              + " errors}");
      ConfigChecks.check(
          !errors.equals(HfWriteSchemaTransformProvider.COMMITS),
          "error_handling: the output name '%s' is taken by the commits; choose another",
          errors);
    }
    return new HfWriteSchemaTransform(w, to, errors);
  }

  private static <E extends Enum<E>> E enumValue(String key, Class<E> type, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new HfConfigurationException(
        String.format(
            "%s: '%s' is not one of %s",
            key,
            value,
            Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList()));
  }

  @Override
  public PCollectionRowTuple expand(PCollectionRowTuple input) {
    ConfigChecks.check(
        input.has(HfWriteSchemaTransformProvider.INPUT),
        "hf_write: expected one input named '%s', got %s",
        HfWriteSchemaTransformProvider.INPUT,
        input.getAll().keySet());
    PCollection<Row> rows = input.get(HfWriteSchemaTransformProvider.INPUT);
    Schema schema = rows.getSchema();
    PCollection<Row> toWrite = rows;
    PCollection<Row> bad = null;
    if (errorOutput != null) {
      PCollectionTuple checked =
          rows.apply(
              "Check rows",
              ParDo.of(new CheckRowsFn(schema, target))
                  .withOutputTags(CheckRowsFn.GOOD, TupleTagList.of(CheckRowsFn.BAD)));
      toWrite = checked.get(CheckRowsFn.GOOD).setRowSchema(schema);
      bad = checked.get(CheckRowsFn.BAD).setRowSchema(ErrorHandling.errorSchema(schema));
    }
    PCollection<Row> commits =
        toWrite
            .apply("HfIO.write", write)
            .getWriteResults()
            .apply(
                "Commit rows",
                MapElements.into(TypeDescriptors.rows()).via((WriteResult r) -> CommitRows.of(r)))
            .setRowSchema(CommitRows.SCHEMA);
    PCollectionRowTuple out =
        PCollectionRowTuple.of(HfWriteSchemaTransformProvider.COMMITS, commits);
    return bad == null ? out : out.and(errorOutput, bad);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("urn", HfWriteSchemaTransformProvider.IDENTIFIER));
    builder.include("write", write);
    builder.addIfNotNull(DisplayData.item("errorOutput", errorOutput));
  }
}
