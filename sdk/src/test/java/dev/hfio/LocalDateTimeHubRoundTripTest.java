package dev.hfio;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A LocalDateTime column written by HfIO.write() is read back by HfIO.read() as LocalDateTime
 * (DirectRunner).
 */
class LocalDateTimeHubRoundTripTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema S =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("at", FieldType.logicalType(SqlTypes.DATETIME))
          .build();

  @Test
  void writeThenReadGivesLocalDateTimeBack() {
    RepoRef repo = HUB.newDataset("ldt");
    LocalDateTime t = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000);
    List<Row> rows =
        List.of(
            Row.withSchema(S).addValues(1L, t).build(),
            Row.withSchema(S).addValues(2L, null).build());
    Pipeline w = Pipeline.create(PipelineOptionsFactory.create());
    w.apply(Create.of(rows).withRowSchema(S))
        .apply(
            HfIO.write()
                .to("hf://datasets/" + repo.id())
                .withSplit("train")
                .withHubConfig(HUB.config(HUB.writeToken())));
    w.run().waitUntilFinish();

    Pipeline r = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> read =
        r.apply(HfIO.read().from(repo.id()).withHubConfig(HUB.config(HUB.readToken())));
    PCollection<String> seen =
        read.apply(
            MapElements.into(TypeDescriptors.strings())
                .via(
                    x -> {
                      Object v = x.getValue("at");
                      return x.getInt64("id")
                          + " "
                          + x.getSchema().getField("at").getType().getLogicalType().getIdentifier()
                          + " "
                          + (v == null ? "null" : v.getClass().getSimpleName() + " " + v);
                    }));
    String id = SqlTypes.DATETIME.getIdentifier();
    PAssert.that(seen).containsInAnyOrder("1 " + id + " LocalDateTime " + t, "2 " + id + " null");
    r.run().waitUntilFinish();
  }
}
