package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.hub.RepoRef;
import dev.hfio.internal.parquet.ParquetSchemas;
import dev.hfio.testing.HubFixture;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.errorhandling.BadRecord;
import org.apache.beam.sdk.transforms.errorhandling.ErrorHandler.BadRecordErrorHandler;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code HfIO.write().withErrorHandler(..)}: rows the Parquet writer refuses become bad records
 * naming repo, branch and field, the others are committed; without a handler the write fails with a
 * typed exception naming the field and commits nothing.
 */
class HfIOWriteErrorHandlerTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /** id, and an amount stored as DECIMAL(5, 2): 999.99 fits, 12345.67 does not. */
  static final Schema SCHEMA =
      Schema.builder()
          .addInt64Field("id")
          .addField(
              Schema.Field.of("amount", FieldType.DECIMAL)
                  .withOptions(
                      Schema.Options.builder()
                          .setOption(ParquetSchemas.OPTION_DECIMAL_PRECISION, FieldType.INT32, 5)
                          .setOption(ParquetSchemas.OPTION_DECIMAL_SCALE, FieldType.INT32, 2)))
          .build();

  /** 100 rows; ids 17 and 42 carry an amount that does not fit DECIMAL(5, 2). */
  static List<Row> rows() {
    List<Row> out = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      BigDecimal amount =
          i == 17 || i == 42 ? new BigDecimal("12345.67") : BigDecimal.valueOf(i * 3, 2);
      out.add(Row.withSchema(SCHEMA).addValues(i, amount).build());
    }
    return out;
  }

  static HfIO.Write write(RepoRef repo) {
    return HfIO.write()
        .to(HubFixture.root(repo))
        .withNumShards(1)
        .withHubConfig(HUB.config(HUB.writeToken()));
  }

  @Test
  void twoBadRowsAmongAHundredGoToTheHandlerAndTheOtherNinetyEightAreCommittedOnce()
      throws Exception {
    RepoRef repo = HUB.newDataset("eh-write");
    int before = HUB.commits(repo, "main").size();
    Pipeline p = Pipeline.create(HubFixture.direct());
    BadRecordSink sink = new BadRecordSink();
    BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
    p.apply(Create.of(rows()).withRowSchema(SCHEMA)).apply(write(repo).withErrorHandler(eh));
    eh.close();
    p.run().waitUntilFinish();

    assertThat(HUB.commits(repo, "main")).hasSize(before + 1);
    List<List<Object>> stored = HUB.readBack(repo, "main", "data/");
    assertThat(stored).hasSize(98);
    assertThat(stored).extracting(r -> r.get(0)).doesNotContain(17L, 42L);
    List<BadRecord> bad = sink.records();
    assertThat(bad).hasSize(2);
    for (BadRecord r : bad) {
      JsonNode json = new ObjectMapper().readTree(r.getRecord().getHumanReadableJsonRecord());
      assertThat(json.get("repo").asText()).isEqualTo(repo.id());
      assertThat(json.get("branch").asText()).isEqualTo("main");
      assertThat(json.get("field").asText()).isEqualTo("amount");
      assertThat(json.get("row").asText()).contains("12345.67");
      assertThat(r.getFailure().getDescription())
          .contains(repo.id())
          .contains("field 'amount'")
          .contains("does not fit DECIMAL(5, 2)");
      assertThat(r.getFailure().getException()).startsWith("IllegalArgumentException");
      assertThat(r.getRecord().getEncodedRecord()).isNotEmpty();
    }
    assertThat(bad)
        .extracting(r -> r.getRecord().getHumanReadableJsonRecord())
        // Row.toString: "id:17" on Beam 2.62, "id: 17" on 2.70
        .anyMatch(j -> j.contains("id:17") || j.contains("id: 17"))
        .anyMatch(j -> j.contains("id:42") || j.contains("id: 42"));
  }

  @Test
  void withoutAHandlerABadRowFailsTheWriteNamingTheFieldAndNothingIsCommitted() {
    RepoRef repo = HUB.newDataset("eh-write-fail");
    int before = HUB.commits(repo, "main").size();
    Pipeline p = Pipeline.create(HubFixture.direct());
    p.apply(Create.of(rows()).withRowSchema(SCHEMA)).apply(write(repo));
    assertThatThrownBy(() -> p.run().waitUntilFinish())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              Throwable t = e;
              while (t != null && !(t instanceof HfIO.WriteException)) {
                t = t.getCause();
              }
              assertThat(t).isInstanceOf(HfIO.WriteException.class);
              assertThat(t.getMessage())
                  .contains(repo.id())
                  .contains("field 'amount'")
                  .contains("does not fit DECIMAL(5, 2)")
                  .contains("withErrorHandler");
            });
    assertThat(HUB.commits(repo, "main")).hasSize(before);
  }

  @Test
  void aBadSplitNameGoesToTheHandlerToo() {
    RepoRef repo = HUB.newDataset("eh-write-split");
    Schema routed = Schema.builder().addInt64Field("id").addStringField("split").build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      rows.add(Row.withSchema(routed).addValues(i, i == 3 ? "dev-set" : "train").build());
    }
    Pipeline p = Pipeline.create(HubFixture.direct());
    BadRecordSink sink = new BadRecordSink();
    BadRecordErrorHandler<PCollection<Void>> eh = p.registerBadRecordErrorHandler(sink);
    p.apply(Create.of(rows).withRowSchema(routed))
        .apply(write(repo).withSplitField("split").withErrorHandler(eh));
    eh.close();
    p.run().waitUntilFinish();
    assertThat(HUB.readBack(repo, "main", "data/train-")).hasSize(9);
    assertThat(sink.records()).hasSize(1);
    assertThat(sink.records().get(0).getFailure().getDescription())
        .contains("'dev-set'")
        .contains("field 'split'");
  }
}
