package dev.hfio.examples.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hfio.examples.CopyDataset;
import dev.hfio.examples.Quickstart;
import dev.hfio.examples.QuickstartOptions;
import dev.hfio.examples.Reviews;
import dev.hfio.fs.HfOptions;
import dev.hfio.hub.RepoRef;
import dev.hfio.localhub.LocalHubExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Translates the Quickstart and CopyDataset pipelines with the Dataflow runner itself, offline: no
 * GCP project, credentials or network. {@code --templateLocation} on a local file makes {@link
 * DataflowRunner#run} write the job it would submit instead of calling the Dataflow API; staging
 * goes to a local directory (through Beam's {@code FileSystems}), the GCS path checks are the no-op
 * validator and the credentials the no-op factory. The Hub is an embedded localhub, since HfIO
 * plans its reads at construction. Compiled and run only with {@code -Pdataflow}.
 */
class DataflowTranslationTest {
  @RegisterExtension static final LocalHubExtension HUB = new LocalHubExtension();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String REPO = "dev/my_dataset";
  static final String BASE = "hf://datasets/" + REPO;
  static final List<Row> ROWS = Reviews.generate(100);
  static final String ROW_CODER = "RowCoder[id, text, label]";

  @TempDir static Path work;

  static {
    PipelineOptionsFactory.register(CopyDataset.Options.class);
    PipelineOptionsFactory.register(QuickstartOptions.class);
  }

  @BeforeAll
  static void seedWithTheQuickstartOnDirect() {
    // The reads plan against what the Quickstart's two writes put on the Hub.
    QuickstartOptions direct = hubOptions().as(QuickstartOptions.class);
    direct.setRunner(DirectRunner.class);
    HfOptions.hubConfig(direct).client().createRepo(RepoRef.dataset(REPO)).existOk().call();
    assertThat(Quickstart.writeWhole(direct, ROWS, BASE).run().waitUntilFinish())
        .isEqualTo(PipelineResult.State.DONE);
    assertThat(Quickstart.writeSplits(direct, ROWS, BASE).run().waitUntilFinish())
        .isEqualTo(PipelineResult.State.DONE);
  }

  @Test
  void quickstartWritesBecomeDataflowStepsWithHfIOFunctionsAndCoders() throws Exception {
    QuickstartOptions o = dataflowOptions("quickstart-write").as(QuickstartOptions.class);
    Job whole = translate(Quickstart.writeWhole(o, ROWS, BASE), o);
    assertWriteSteps(whole, "Write whole dataset");
    assertThat(whole.step("Rows/Read(CreateSource)").coders()).containsExactly(windowed(ROW_CODER));

    QuickstartOptions o2 = dataflowOptions("quickstart-splits").as(QuickstartOptions.class);
    Job splits = translate(Quickstart.writeSplits(o2, ROWS, BASE), o2);
    for (String split : Reviews.SPLITS) {
      assertWriteSteps(splits, "Write " + split);
    }
  }

  @Test
  void quickstartReadBecomesDataflowStepsWithHfIOFunctionsAndCoders() throws Exception {
    QuickstartOptions o = dataflowOptions("quickstart-read").as(QuickstartOptions.class);
    Job job = translate(Quickstart.readBack(o, BASE), o);
    for (String label : List.of("all", "train", "validation", "test")) {
      assertReadSteps(job, "Read " + label);
      assertThat(job.step("Fingerprint " + label + "/Fingerprint " + label).coders())
          .containsExactly(windowed(ROW_CODER));
    }
    // Dataflow matches steps by name on --update: none may be generated.
    assertThat(job.userNames()).noneMatch(n -> n.contains("AnonymousTransform"));
  }

  @Test
  void copyDatasetTranslatesForRunnerV1AndV2() throws Exception {
    CopyDataset.Options v1 = copyOptions("copy-v1").as(CopyDataset.Options.class);
    Job job = translate(CopyDataset.build(v1), v1);
    assertReadSteps(job, "Read");
    assertWriteSteps(job, "Write");

    // Runner v2 executes the staged portable pipeline: HfIO's composites, its splittable DoFn and
    // its coders must be there, and no display data may carry the token.
    CopyDataset.Options v2 =
        copyOptions("copy-v2", "--experiments=use_runner_v2").as(CopyDataset.Options.class);
    Job v2job = translate(CopyDataset.build(v2), v2);
    assertThat(v2job.json().path("environment").path("experiments").toString())
        .contains("use_runner_v2");
    // A portable (v2) submission carries no v1 steps; the pipeline file is the job.
    assertThat(v2job.steps()).isEmpty();
    assertThat(staged("copy-v2"))
        .anyMatch(f -> f.getFileName().toString().startsWith("stage-me"))
        .anyMatch(f -> f.getFileName().toString().startsWith("pipeline-"));
    RunnerApi.Pipeline proto = stagedPipeline(v2);
    Map<String, RunnerApi.PTransform> transforms =
        proto.getComponents().getTransformsMap().values().stream()
            .collect(Collectors.toMap(RunnerApi.PTransform::getUniqueName, t -> t));
    assertThat(transforms)
        .containsKeys(
            "Read",
            "Read/PlannedFiles",
            "Read/ReadRowGroups",
            "Write",
            "Write/Preflight/ParMultiDo(Preflight)",
            "Write/WriteShards/ParMultiDo(WriteBundles)",
            "Write/Commit/ParMultiDo(Commit)");
    // The row-group ParDo is the composite's leaf (or the composite itself when Beam expands a
    // one-output ParDo directly).
    RunnerApi.PTransform readShardStep =
        transforms.values().stream()
            .filter(t -> t.getUniqueName().startsWith("Read/ReadRowGroups"))
            .filter(t -> t.getSpec().getUrn().equals("beam:transform:pardo:v1"))
            .findFirst()
            .orElseThrow();
    RunnerApi.ParDoPayload readShard =
        RunnerApi.ParDoPayload.parseFrom(readShardStep.getSpec().getPayload());
    assertThat(readShard.getDoFn().getPayload().toStringUtf8()).contains("ReadShardFn");
    assertThat(readShard.getRestrictionCoderId()).as("a splittable DoFn on Runner v2").isNotEmpty();
    assertThat(javaCoders(proto))
        .contains(
            "dev.hfio.ShardDescriptorCoder",
            "dev.hfio.ShardResultCoder",
            "dev.hfio.WriteResultCoder");
    assertThat(
            proto.getComponents().getCodersMap().values().stream().map(c -> c.getSpec().getUrn()))
        .contains("beam:coder:row:v1");
    String token = HUB.hub().writeToken();
    for (RunnerApi.PTransform t : transforms.values()) {
      for (RunnerApi.DisplayData d : t.getDisplayDataList()) {
        assertThat(d.getPayload().toStringUtf8()).doesNotContain(token);
      }
    }
    assertThat(transforms.get("Read").getDisplayDataList()).isNotEmpty();
  }

  /** HfIO.write's three DoFns and their coders, under the write named {@code name}. */
  static void assertWriteSteps(Job job, String name) {
    Step preflight = job.step(name + "/Preflight");
    assertThat(preflight.userFn()).isEqualTo("dev.hfio.PreflightFn");
    Step shards = job.step(name + "/WriteShards");
    assertThat(shards.kind()).isEqualTo("ParallelDo");
    assertThat(shards.userFn()).isEqualTo("dev.hfio.WriteBundlesFn");
    assertThat(shards.coders()).containsExactly(windowed("dev.hfio.ShardResultCoder"));
    assertThat(job.step(name + "/GlobalWindow/Window.Assign").coders())
        .containsExactly(windowed(ROW_CODER));
    Step commit = job.step(name + "/Commit");
    assertThat(commit.userFn()).isEqualTo("dev.hfio.CommitFn");
    assertThat(commit.coders()).containsExactly(windowed("dev.hfio.WriteResultCoder"));
  }

  /**
   * HfIO.read under {@code name}: the planned files as ShardDescriptors, the row-group DoFn (on
   * Runner v1 a splittable DoFn is expanded into several steps), rows with the dataset's schema.
   */
  static void assertReadSteps(Job job, String name) {
    assertThat(job.step(name + "/PlannedFiles/Read(CreateSource)").coders())
        .containsExactly(windowed("dev.hfio.ShardDescriptorCoder"));
    List<Step> rowGroups =
        job.steps().stream()
            .filter(s -> s.userName().startsWith(name + "/ReadRowGroups/"))
            .toList();
    assertThat(rowGroups).isNotEmpty();
    assertThat(rowGroups.get(0).coders().get(0))
        .contains("dev.hfio.ShardDescriptorCoder")
        .contains("OffsetRange$Coder");
    assertThat(rowGroups.get(rowGroups.size() - 1).coders()).containsExactly(windowed(ROW_CODER));
  }

  static String windowed(String coder) {
    return "kind:windowed_value<" + coder + ", kind:global_window>";
  }

  /** One step of the job file: its kind, full transform name, DoFn class and output coders. */
  record Step(String kind, String userName, String userFn, List<String> coders) {}

  /** The job file {@code DataflowRunner} wrote, as the Dataflow service would receive it. */
  record Job(JsonNode json, List<Step> steps) {
    List<String> userNames() {
      return steps.stream().map(Step::userName).toList();
    }

    Step step(String userName) {
      return steps.stream()
          .filter(s -> s.userName().equals(userName))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no step " + userName + " in " + userNames()));
    }
  }

  /** Runs {@code p} on the DataflowRunner, which writes the job file instead of submitting it. */
  private static Job translate(Pipeline p, PipelineOptions o) throws Exception {
    PipelineResult result = p.run();
    assertThat(result).isInstanceOf(DataflowTemplateJob.class);
    Path file = Path.of(o.as(DataflowPipelineOptions.class).getTemplateLocation());
    JsonNode json = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    List<Step> steps = new ArrayList<>();
    for (JsonNode step : json.path("steps")) {
      JsonNode props = step.path("properties");
      List<String> coders = new ArrayList<>();
      for (JsonNode out : props.path("output_info")) {
        coders.add(coderName(out.path("encoding")));
      }
      steps.add(
          new Step(
              step.path("kind").asText(),
              props.path("user_name").path("value").asText(),
              props.path("user_fn").path("value").asText(null),
              coders));
    }
    return new Job(json, steps);
  }

  /**
   * A coder of the job file as a readable string: the class behind a {@code CustomCoder}, the
   * schema's field names of a {@code RowCoder}, components in angle brackets.
   */
  static String coderName(JsonNode encoding) {
    String type = encoding.path("@type").asText();
    if (type.equals("org.apache.beam.sdk.coders.CustomCoder")) {
      type = encoding.path("type").path("value").asText();
    } else if (type.equals("org.apache.beam.sdk.coders.RowCoder")) {
      List<String> fields = new ArrayList<>();
      try {
        for (JsonNode f :
            JSON.readTree(encoding.path("schema").path("value").asText()).path("fields")) {
          fields.add(f.path("name").asText());
        }
      } catch (java.io.IOException e) {
        throw new AssertionError("unreadable RowCoder schema in " + encoding, e);
      }
      type = "RowCoder" + fields;
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode c : encoding.path("component_encodings")) {
      parts.add(coderName(c));
    }
    return parts.isEmpty() ? type : type + "<" + String.join(", ", parts) + ">";
  }

  /** The portable pipeline proto the runner staged (what Runner v2 executes). */
  static RunnerApi.Pipeline stagedPipeline(PipelineOptions o) throws Exception {
    String url = o.as(DataflowPipelineOptions.class).getPipelineUrl();
    return RunnerApi.Pipeline.parseFrom(Files.readAllBytes(Path.of(url)));
  }

  /** The class names inside the pipeline's Java-serialized coders. */
  static String javaCoders(RunnerApi.Pipeline proto) {
    StringBuilder all = new StringBuilder();
    for (RunnerApi.Coder c : proto.getComponents().getCodersMap().values()) {
      if (c.getSpec().getUrn().equals("beam:coders:javasdk:0.1")) {
        all.append(c.getSpec().getPayload().toString(StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return all.toString();
  }

  private static PipelineOptions hubOptions(String... extra) {
    List<String> args = new ArrayList<>();
    args.add("--hfEndpoint=" + HUB.hub().url());
    args.add("--hfToken=" + HUB.hub().writeToken());
    args.addAll(List.of(extra));
    return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create();
  }

  private static PipelineOptions copyOptions(String name, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("--source=" + REPO, "--destination=dev/my_dataset_copy", "--split=train"));
    args.addAll(List.of(extra));
    return dataflowOptions(name, args.toArray(new String[0]));
  }

  /**
   * Dataflow options that need nothing from Google Cloud: a syntactically valid project id,
   * explicit region, local temp/staging directories, one tiny file to stage (instead of the test
   * classpath), the job written to a local template file.
   */
  private static PipelineOptions dataflowOptions(String name, String... extra) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    Path stageMe = Files.writeString(dir.resolve("stage-me.txt"), "staged");
    List<String> args = new ArrayList<>();
    args.add("--runner=DataflowRunner");
    args.add("--project=hfio-offline");
    args.add("--region=europe-west1");
    args.add("--jobName=hfio-" + name);
    args.add("--tempLocation=" + dir.resolve("temp"));
    args.add("--gcpTempLocation=" + dir.resolve("temp"));
    args.add("--stagingLocation=" + dir.resolve("staging"));
    args.add("--templateLocation=" + dir.resolve("job.json"));
    args.add("--filesToStage=" + stageMe);
    args.add("--credentialFactoryClass=" + NoopCredentialFactory.class.getName());
    args.add("--pathValidatorClass=" + NoopPathValidator.class.getName());
    args.addAll(List.of(extra));
    return hubOptions(args.toArray(new String[0]));
  }

  static List<Path> staged(String name) throws Exception {
    try (Stream<Path> s = Files.list(work.resolve(name).resolve("staging"))) {
      return s.toList();
    }
  }
}
