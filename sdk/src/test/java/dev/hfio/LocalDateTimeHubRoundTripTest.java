package dev.hfio;

import static dev.hfio.WriteTestSupport.client;
import static dev.hfio.WriteTestSupport.config;
import static dev.hfio.WriteTestSupport.newRepo;

import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
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
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  static final Schema S =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("at", FieldType.logicalType(SqlTypes.DATETIME))
          .build();

  @Test
  void writeThenReadGivesLocalDateTimeBack() {
    LocalHub hub = HUB.hub();
    RepoRef repo = newRepo(client(hub), "ldt");
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
                .withHubConfig(config(hub, hub.writeToken())));
    w.run().waitUntilFinish();

    Pipeline r = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> read =
        r.apply(HfIO.read().from(repo.id()).withHubConfig(config(hub, hub.readToken())));
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
