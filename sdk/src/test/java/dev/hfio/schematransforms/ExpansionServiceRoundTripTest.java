package dev.hfio.schematransforms;

import static dev.hfio.testing.HubFixture.files;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import dev.hfio.testing.TestRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.beam.model.expansion.v1.ExpansionApi;
import org.apache.beam.model.expansion.v1.ExpansionServiceGrpc;
import org.apache.beam.model.pipeline.v1.ExternalTransforms;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.expansion.service.ExpansionServer;
import org.apache.beam.sdk.expansion.service.ExpansionService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaTranslation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.construction.BeamUrns;
import org.apache.beam.sdk.util.construction.Environments;
import org.apache.beam.sdk.util.construction.SdkComponents;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.grpc.v1p60p1.com.google.protobuf.ByteString;
import org.apache.beam.vendor.grpc.v1p60p1.io.grpc.ManagedChannel;
import org.apache.beam.vendor.grpc.v1p60p1.io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HfIO's schema transforms through Beam's Java expansion service over gRPC, as a Python or Beam
 * YAML pipeline calls them: the service runs in this JVM on a free 127.0.0.1 port, the requests go
 * through the generated gRPC stub.
 */
class ExpansionServiceRoundTripTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  private static ExpansionServer server;
  private static ManagedChannel channel;
  private static ExpansionServiceGrpc.ExpansionServiceBlockingStub stub;

  @BeforeAll
  static void start() throws IOException {
    server =
        ExpansionServer.create(
            new ExpansionService(PipelineOptionsFactory.create()), "127.0.0.1", 0);
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    stub = ExpansionServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void discoverListsBothUrnsWithTheirConfigSchemas() {
    ExpansionApi.DiscoverSchemaTransformResponse r =
        stub.discoverSchemaTransform(
            ExpansionApi.DiscoverSchemaTransformRequest.getDefaultInstance());
    assertThat(r.getError()).isEmpty();
    Map<String, ExpansionApi.SchemaTransformConfig> configs = r.getSchemaTransformConfigsMap();
    assertThat(configs)
        .containsKeys(
            HfReadSchemaTransformProvider.IDENTIFIER, HfWriteSchemaTransformProvider.IDENTIFIER);
    ExpansionApi.SchemaTransformConfig read = configs.get(HfReadSchemaTransformProvider.IDENTIFIER);
    Schema readSchema = SchemaTranslation.schemaFromProto(read.getConfigSchema());
    assertThat(readSchema).isEqualTo(new HfReadSchemaTransformProvider().configurationSchema());
    assertThat(readSchema.getFieldNames()).contains("path", "repo", "keep", "drop", "filter");
    assertThat(read.getInputPcollectionNamesList()).isEmpty();
    assertThat(read.getOutputPcollectionNamesList()).containsExactly("output");
    assertThat(read.getDescription()).contains("Hugging Face Hub");
    ExpansionApi.SchemaTransformConfig write =
        configs.get(HfWriteSchemaTransformProvider.IDENTIFIER);
    assertThat(SchemaTranslation.schemaFromProto(write.getConfigSchema()).getFieldNames())
        .contains("mode", "num_shards", "compression", "error_handling");
    assertThat(write.getInputPcollectionNamesList()).containsExactly("input");
    assertThat(write.getOutputPcollectionNamesList()).containsExactly("commits");
  }

  /** The transform spec of a schema-transform expansion: the URN and the config row. */
  static RunnerApi.FunctionSpec spec(String urn, Row config) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RowCoder.of(config.getSchema()).encode(config, bytes);
    ExternalTransforms.SchemaTransformPayload payload =
        ExternalTransforms.SchemaTransformPayload.newBuilder()
            .setIdentifier(urn)
            .setConfigurationSchema(SchemaTranslation.schemaToProto(config.getSchema(), true))
            .setConfigurationRow(ByteString.copyFrom(bytes.toByteArray()))
            .build();
    return RunnerApi.FunctionSpec.newBuilder()
        .setUrn(BeamUrns.getUrn(ExternalTransforms.ExpansionMethods.Enum.SCHEMA_TRANSFORM))
        .setPayload(payload.toByteString())
        .build();
  }

  /**
   * A config row of the given keys only (no other field). The expansion service refuses it: a
   * caller must send the full discovered schema (Python's SchemaAwareExternalTransform does).
   */
  static Row sparseRow(Map<String, Object> keys) {
    Schema.Builder s = Schema.builder();
    keys.forEach(
        (k, v) ->
            s.addNullableField(
                k,
                v instanceof List
                    ? Schema.FieldType.array(Schema.FieldType.STRING)
                    : v instanceof Long ? Schema.FieldType.INT64 : Schema.FieldType.STRING));
    Schema schema = s.build();
    return Row.withSchema(schema).addValues(List.copyOf(keys.values())).build();
  }

  static String allTransforms(RunnerApi.Components c) {
    return c.getTransformsMap().values().stream()
        .map(t -> t.getUniqueName() + " " + t.getSpec().getUrn())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void readExpandsToHfIOWithARowOutputOfTheDatasetSchema() throws IOException {
    RepoRef repo = HUB.newDataset("st-xlang");
    HUB.commit(
        repo,
        "main",
        files("data/train-00000-of-00001.parquet", TestRows.parquet(TestRows.rows(0, 20))));
    // The full configuration schema, unset keys null: what Python and YAML send after discovery.
    Row config =
        HfSchemaTransforms.configurationRow(
            new HfReadSchemaTransformProvider(),
            Map.of(
                "repo", repo.id(),
                "keep", List.of("id", "label"),
                "filter", "label = 2",
                "endpoint", HUB.url()));
    ExpansionApi.ExpansionResponse r =
        stub.expand(
            ExpansionApi.ExpansionRequest.newBuilder()
                .setComponents(RunnerApi.Components.getDefaultInstance())
                .setTransform(
                    RunnerApi.PTransform.newBuilder()
                        .setUniqueName("ReadHub")
                        .setSpec(spec(HfReadSchemaTransformProvider.IDENTIFIER, config)))
                .setNamespace("hf")
                .build());
    assertThat(r.getError()).isEmpty();
    RunnerApi.PTransform t = r.getTransform();
    assertThat(t.getOutputsMap()).containsOnlyKeys("output");
    RunnerApi.PCollection out =
        r.getComponents().getPcollectionsOrThrow(t.getOutputsOrThrow("output"));
    RunnerApi.Coder coder = r.getComponents().getCodersOrThrow(out.getCoderId());
    assertThat(coder.getSpec().getUrn()).isEqualTo("beam:coder:row:v1");
    Schema schema =
        SchemaTranslation.schemaFromProto(
            org.apache.beam.model.pipeline.v1.SchemaApi.Schema.parseFrom(
                coder.getSpec().getPayload()));
    assertThat(schema.getFieldNames()).containsExactly("id", "label");
    assertThat(allTransforms(r.getComponents()))
        .contains("ReadHub/HfIO.read")
        .contains("beam:transform:pardo:v1");
    assertThat(out.getIsBounded()).isEqualTo(RunnerApi.IsBounded.Enum.BOUNDED);
  }

  @Test
  void writeExpandsOnTheCallersInputWithCommitsAndErrorOutputs() throws IOException {
    RepoRef repo = HUB.newDataset("st-xlang-w");
    Pipeline p = Pipeline.create();
    PCollection<Row> in = p.apply(Create.of(TestRows.rows(0, 5)).withRowSchema(TestRows.SCHEMA));
    SdkComponents sdk = SdkComponents.create();
    sdk.registerEnvironment(Environments.createDockerEnvironment("java"));
    String inputId = sdk.registerPCollection(in);
    Row config =
        HfSchemaTransforms.configurationRow(
            new HfWriteSchemaTransformProvider(),
            Map.of(
                "repo", repo.id(),
                "mode", "append",
                "num_shards", 1L,
                "error_handling", Map.of("output", "errors"),
                "endpoint", HUB.url(),
                "token", HUB.writeToken()));
    ExpansionApi.ExpansionResponse r =
        stub.expand(
            ExpansionApi.ExpansionRequest.newBuilder()
                .setComponents(sdk.toComponents())
                .setTransform(
                    RunnerApi.PTransform.newBuilder()
                        .setUniqueName("WriteHub")
                        .putInputs("input", inputId)
                        .setSpec(spec(HfWriteSchemaTransformProvider.IDENTIFIER, config)))
                .setNamespace("hf")
                .build());
    assertThat(r.getError()).isEmpty();
    RunnerApi.PTransform t = r.getTransform();
    assertThat(t.getInputsMap()).containsEntry("input", inputId);
    assertThat(t.getOutputsMap()).containsOnlyKeys("commits", "errors");
    assertThat(allTransforms(r.getComponents()))
        .contains("WriteHub/HfIO.write")
        .contains("WriteHub/Check rows");
    // The token travels inside the serialized write (workers need it) but is never displayed.
    assertThat(r.getTransform().toString()).doesNotContain(HUB.writeToken());
  }

  static ExpansionApi.ExpansionResponse expandRead(Row config) throws IOException {
    return stub.expand(
        ExpansionApi.ExpansionRequest.newBuilder()
            .setComponents(RunnerApi.Components.getDefaultInstance())
            .setTransform(
                RunnerApi.PTransform.newBuilder()
                    .setUniqueName("ReadHub")
                    .setSpec(spec(HfReadSchemaTransformProvider.IDENTIFIER, config)))
            .build());
  }

  @Test
  void aBadConfigurationComesBackAsTheExpansionError() throws IOException {
    Row missing =
        HfSchemaTransforms.configurationRow(
            new HfReadSchemaTransformProvider(), Map.of("split", "train"));
    assertThat(expandRead(missing).getError())
        .contains("HfConfigurationException")
        .contains("hf_read: the key path or repo is required");
    Row badFilter =
        HfSchemaTransforms.configurationRow(
            new HfReadSchemaTransformProvider(), Map.of("repo", "u/ds", "filter", "score >"));
    assertThat(expandRead(badFilter).getError())
        .contains("filter: expected a value: 'text', a number, TRUE or FALSE but found the end");
  }

  @Test
  void theServiceItselfRefusesAConfigRowWhoseSchemaIsNotTheDiscoveredOne() throws IOException {
    // An unknown key, or a subset of keys, never reaches HfIO: Beam's expansion service compares
    // the request's config schema with the provider's and answers with both schemas.
    Row unknownKey =
        sparseRow(new java.util.LinkedHashMap<>(Map.of("repo", "u/ds", "columns", "a")));
    assertThat(expandRead(unknownKey).getError())
        .contains("is not compatible with the config of the Schema transform")
        .contains("name=columns");
  }
}
