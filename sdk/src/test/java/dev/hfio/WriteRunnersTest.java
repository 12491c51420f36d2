package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same write on FlinkRunner ([local], parallelism 2), and the GenericRecord input. */
class WriteRunnersTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @Test
  void flinkRunnerDeterminedAndFixedSharding() throws Exception {
    RepoRef repo = HUB.newDataset("flink");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> a =
        WritePipelines.run(
            WritePipelines.RunnerKind.FLINK,
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withHubConfig(HUB.config(HUB.writeToken())),
            rows(0, 3000));
    List<WriteResult> b =
        WritePipelines.run(
            WritePipelines.RunnerKind.FLINK,
            HfIO.write()
                .to("hf://datasets/" + repo.id() + "/extra")
                .withNumShards(4)
                .withHubConfig(HUB.config(HUB.writeToken())),
            rows(5000, 400));
    assertThat(a).hasSize(1);
    assertThat(b.get(0).files()).hasSize(4);
    assertThat(HUB.commits(repo, "main")).hasSize(before + 2);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 3000));
    assertThat(HUB.readBack(repo, "main", "extra/")).isEqualTo(values(5000, 400));
  }

  @Test
  void genericRecordsWithTheirAvroSchema() throws Exception {
    RepoRef repo = HUB.newDataset("avro");
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(TestRows.SCHEMA);
    List<GenericRecord> recs = new ArrayList<>();
    for (Row row : rows(0, 50)) {
      recs.add(AvroUtils.toGenericRecord(row, avro));
    }
    Pipeline p = Pipeline.create(WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    p.apply(Create.of(recs).withCoder(AvroCoder.of(avro)))
        .apply(
            HfIO.writeGenericRecords(avro)
                .to(repo.id())
                .withSplit("train")
                .withHubConfig(HUB.config(HUB.writeToken())));
    p.run().waitUntilFinish();
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 50));
  }
}
