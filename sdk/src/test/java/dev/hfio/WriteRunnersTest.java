package dev.hfio;

import static dev.hfio.WriteTestSupport.client;
import static dev.hfio.WriteTestSupport.commits;
import static dev.hfio.WriteTestSupport.config;
import static dev.hfio.WriteTestSupport.expected;
import static dev.hfio.WriteTestSupport.newRepo;
import static dev.hfio.WriteTestSupport.readBack;
import static dev.hfio.WriteTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.LocalHub;
import dev.hfio.localhub.LocalHubExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same write on FlinkRunner ([local], parallelism 2), and the GenericRecord input. */
class WriteRunnersTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @Test
  void flinkRunnerDeterminedAndFixedSharding() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = client(hub);
    RepoRef repo = newRepo(c, "flink");
    int before = commits(c, repo, "main").size();
    List<WriteResult> a =
        WritePipelines.run(
            WritePipelines.RunnerKind.FLINK,
            HfIO.write()
                .to(repo.id())
                .withSplit("train")
                .withHubConfig(config(hub, hub.writeToken())),
            rows(0, 3000));
    List<WriteResult> b =
        WritePipelines.run(
            WritePipelines.RunnerKind.FLINK,
            HfIO.write()
                .to("hf://datasets/" + repo.id() + "/extra")
                .withNumShards(4)
                .withHubConfig(config(hub, hub.writeToken())),
            rows(5000, 400));
    assertThat(a).hasSize(1);
    assertThat(b.get(0).files()).hasSize(4);
    assertThat(commits(c, repo, "main")).hasSize(before + 2);
    assertThat(readBack(c, repo, "main", "data/")).isEqualTo(expected(0, 3000));
    assertThat(readBack(c, repo, "main", "extra/")).isEqualTo(expected(5000, 400));
  }

  @Test
  void genericRecordsWithTheirAvroSchema() throws Exception {
    LocalHub hub = HUB.hub();
    HubClient c = client(hub);
    RepoRef repo = newRepo(c, "avro");
    org.apache.avro.Schema avro =
        SchemaBuilder.record("R")
            .fields()
            .requiredLong("id")
            .requiredString("name")
            .requiredDouble("score")
            .endRecord();
    List<GenericRecord> recs = new ArrayList<>();
    for (long i = 0; i < 50; i++) {
      GenericRecord r = new GenericData.Record(avro);
      r.put("id", i);
      r.put("name", "name-" + i);
      r.put("score", i * 0.5);
      recs.add(r);
    }
    Pipeline p = Pipeline.create(WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    p.apply(Create.of(recs).withCoder(AvroCoder.of(avro)))
        .apply(
            HfIO.writeGenericRecords(avro)
                .to(repo.id())
                .withSplit("train")
                .withHubConfig(config(hub, hub.writeToken())));
    p.run().waitUntilFinish();
    assertThat(readBack(c, repo, "main", "data/")).isEqualTo(expected(0, 50));
  }
}
