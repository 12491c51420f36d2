package dev.hfio;

import static dev.hfio.testing.TestRows.rows;
import static dev.hfio.testing.TestRows.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same write on FlinkRunner ([local], parallelism 2), the writers' checks without a side input,
 * and the GenericRecord input.
 */
class WriteRunnersTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  @Test
  void flinkRunnerDeterminedAndFixedSharding() throws Exception {
    RepoRef repo = HUB.newDataset("flink");
    int before = HUB.commits(repo, "main").size();
    List<WriteResult> a =
        WritePipelines.run(WritePipelines.RunnerKind.FLINK, trainSplitOf(repo), rows(0, 3000));
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

  /**
   * On Flink batch a side input's producer is scheduled when its consumer starts, and an operator
   * with a broadcast input is not chained with its producer: the shard writers run the write's
   * checks themselves (creating the repo here) instead of waiting for the preflight's side input.
   */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void flinkWritersCreateTheRepoThemselvesWithoutASideInput() throws Exception {
    RepoRef repo = HubFixture.datasetId("flink-create");
    List<WriteResult> r =
        WritePipelines.run(
            WritePipelines.RunnerKind.FLINK,
            trainSplitOf(repo).withCreateRepo(Visibility.PRIVATE),
            rows(0, 2000));
    assertThat(r).hasSize(1);
    assertThat(HUB.readBack(repo, "main", "data/")).isEqualTo(values(0, 2000));
  }

  /** A failing check stops every writer before it uploads a byte, on Flink as on Direct. */
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void flinkWritersUploadNothingWhenTheChecksFail() {
    RepoRef repo = HUB.newDataset("flink-exists");
    WritePipelines.run(WritePipelines.RunnerKind.FLINK, trainSplitOf(repo), rows(0, 10));
    long uploadsBefore = HUB.routeCount("/objects/batch");
    assertThatThrownBy(
            () ->
                WritePipelines.run(
                    WritePipelines.RunnerKind.FLINK,
                    trainSplitOf(repo).withMode(WriteMode.ERROR_IF_EXISTS),
                    rows(0, 2000)))
        .hasStackTraceContaining("ERROR_IF_EXISTS");
    assertThat(HUB.routeCount("/objects/batch")).isEqualTo(uploadsBefore);
  }

  /**
   * No shard writer takes a side input (batch, fixed sharding, streaming), so runners fuse it with
   * the rows' producer; only the commit reads the write id.
   */
  @Test
  void shardWritersTakeNoSideInput() {
    for (HfIO.Write w :
        List.of(
            HfIO.write().to("u/ds").withSplit("train").withToken("hf_x"),
            HfIO.write().to("u/ds").withSplit("train").withToken("hf_x").withNumShards(3))) {
      Pipeline p = Pipeline.create(WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
      p.apply(Create.of(rows(0, 3)).withRowSchema(TestRows.SCHEMA)).apply(w);
      assertThat(sideInputsOfWriters(p)).as(w.toString()).containsOnly(0);
    }
    Pipeline p = Pipeline.create(WritePipelines.options(WritePipelines.RunnerKind.DIRECT));
    p.apply(
            TestStream.create(RowCoder.of(TestRows.SCHEMA))
                .addElements(rows(0, 1).get(0))
                .advanceWatermarkToInfinity())
        .setRowSchema(TestRows.SCHEMA)
        .apply(
            HfIO.write()
                .to("u/ds")
                .withSplit("train")
                .withToken("hf_x")
                .withTriggeringFrequency(Duration.standardSeconds(5)));
    assertThat(sideInputsOfWriters(p)).as("streaming").containsOnly(0);
  }

  /** A write of the train split of {@code repo} with the write token. */
  private static HfIO.Write trainSplitOf(RepoRef repo) {
    return HfIO.write()
        .to(repo.id())
        .withSplit("train")
        .withHubConfig(HUB.config(HUB.writeToken()));
  }

  /** The number of side inputs of each shard-writer ParDo in {@code p}. */
  private static List<Integer> sideInputsOfWriters(Pipeline p) {
    List<Integer> out = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof ParDo.MultiOutput<?, ?> pardo
                && pardo.getFn() instanceof ShardWriterFn<?>) {
              out.add(pardo.getSideInputs().size());
            }
          }
        });
    assertThat(out).as("shard-writer ParDos found").isNotEmpty();
    return out;
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
