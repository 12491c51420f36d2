package dev.hfio.schematransforms;

import dev.hfio.WriteResult;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/** A {@link WriteResult} as a Row of the write transform's {@code commits} output. */
final class CommitRows {
  static final Schema SCHEMA =
      Schema.builder()
          .addStringField("repo")
          .addStringField("revision")
          .addStringField("write_id")
          .addNullableField("commit_sha", FieldType.STRING)
          .addNullableField("commit_url", FieldType.STRING)
          .addNullableField("pull_request_url", FieldType.STRING)
          .addArrayField("files", FieldType.STRING)
          .addInt64Field("rows")
          .addInt64Field("bytes")
          .build();

  private CommitRows() {}

  static Row of(WriteResult r) {
    return Row.withSchema(SCHEMA)
        .addValues(
            r.repoId(),
            r.revision(),
            r.writeId(),
            r.commitSha(),
            r.commitUrl(),
            r.pullRequestUrl(),
            r.files(),
            r.rows(),
            r.bytes())
        .build();
  }
}
