package dev.hfio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.hub.RepoRef;
import dev.hfio.testing.HubFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shard writers upload only once the write's target exists, without a side input: the preflight
 * marks it ready in its JVM, a writer elsewhere asks the Hub.
 */
class WriteReadinessTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  static final Schema SCHEMA = Schema.builder().addInt64Field("id").build();

  private static WriteSettings settings(RepoRef repo) {
    return WriteSettings.of(
        HfIO.write().to(repo.id()).withSplit("train").withCreateRepo(Visibility.PRIVATE),
        SCHEMA,
        HUB.config(HUB.writeToken()));
  }

  /** A writer on a worker that did not run the preflight waits until the repo exists. */
  @Test
  void aWriterElsewhereWaitsForTheRepoThePreflightCreates() throws Exception {
    RepoRef repo = RepoRef.dataset("dev/readiness-" + System.nanoTime());
    WriteSettings s = settings(repo);
    HUB.resetCounters();
    long t0 = System.nanoTime();
    CompletableFuture<Void> preflight =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(3_000); // later than a writer's wait for a preflight of its own JVM
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              // as on another machine: creates the repo, marks nothing in the writer's JVM
              WritePreflight.check(s, s.client());
            });
    WriteReadiness.await(s, s.client());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    preflight.get(30, TimeUnit.SECONDS);
    assertThat(ms).as("returned once the repo existed").isGreaterThanOrEqualTo(3_000);
    assertThat(s.client().repoExists(repo)).isTrue();
    WriteReadiness.await(s, s.client()); // known now: no request
  }

  /** In the preflight's own JVM the mark is enough: no request to the Hub. */
  @Test
  void aTargetMarkedReadyCostsNoRequest() throws Exception {
    RepoRef repo = HUB.newDataset("readiness-marked");
    WriteSettings s = settings(repo);
    WriteReadiness.markReady(s);
    HUB.resetCounters();
    WriteReadiness.await(s, s.client());
    assertThat(HUB.counter("api")).isZero();
  }

  /**
   * The step that consumes the rows has no side input, so Flink chains it with the rows' producer
   * instead of encoding every row between two operators (it had the write id as a side input).
   */
  @Test
  void theShardWritersTakeNoSideInput() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    List<Row> rows = List.of(Row.withSchema(SCHEMA).addValues(1L).build());
    p.apply(Create.of(rows).withRowSchema(SCHEMA))
        .apply(
            HfIO.write().to("dev/never-run").withEndpoint(HUB.url()).withToken(HUB.writeToken()));
    List<String> writers = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            visit(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            visit(node);
          }

          private void visit(TransformHierarchy.Node node) {
            PTransform<?, ?> t = node.getTransform();
            if (t instanceof ParDo.MultiOutput<?, ?> m && m.getFn() instanceof ShardWriterFn) {
              writers.add(node.getFullName());
              assertThat(m.getSideInputs()).as(node.getFullName()).isEmpty();
            }
          }
        });
    assertThat(writers).isNotEmpty();
  }
}
