package dev.hfio.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hfio.errors.HfIOException;
import dev.hfio.hub.HubClient;
import dev.hfio.hub.RepoRef;
import dev.hfio.hub.RetryPolicy;
import dev.hfio.testing.HubFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --hfTokenPath}: the token reaches the client from a file and never appears in the printed
 * options.
 */
class HfTokenPathTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();
  @TempDir Path tmp;

  private static HfFileSystem fs(String token) {
    return new HfFileSystem(HUB.config(token, RetryPolicy.NONE), 1 << 20);
  }

  private static HfOptions parse(String... args) {
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(HfOptions.class);
  }

  @Test
  void tokenFromTheFileIsNotInTheOptionsButReadsAPrivateRepo() throws Exception {
    RepoRef repo = HubFixture.datasetId("tokenpath");
    HubClient writer = HUB.client();
    writer.createRepo(repo).privateRepo().call();
    writer
        .commit(repo)
        .branch("main")
        .addBytes("a.txt", "one\ntwo\n".getBytes(StandardCharsets.UTF_8))
        .message("private text")
        .call();
    String token = HUB.readToken();
    Path file = tmp.resolve("token");
    Files.writeString(file, token + "\n");

    String[] args = {
      "--runner=DirectRunner",
      "--hfEndpoint=" + HUB.url(),
      "--hfTokenPath=" + file,
      "--hfMaxAttempts=1"
    };
    HfOptions o = parse(args);
    // What Beam prints: toString() and, at DEBUG, the provided arguments (which are these args).
    assertThat(o.toString()).contains(file.toString()).doesNotContain(token);
    assertThat(String.join(" ", args)).doesNotContain(token);
    assertThat(HfOptions.hubConfig(o).token()).isEqualTo(token);

    // The repo is private: without a token the same read is refused.
    String path = "hf://datasets/" + repo.id() + "/a.txt";
    assertThatThrownBy(() -> fs(null).match(List.of(path)).get(0).metadata())
        .isInstanceOf(HfFileNotFoundException.class);

    Pipeline p = Pipeline.create(o);
    PCollection<String> lines = p.apply(TextIO.read().from(path));
    PAssert.that(lines).containsInAnyOrder("one", "two");
    p.run().waitUntilFinish();
  }

  @Test
  void missingOrEmptyFileOrBothFlagsAreErrorsNamingTheFlag() throws Exception {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> HfOptions.hubConfig(parse("--hfTokenPath=" + missing)))
        .isInstanceOf(HfIOException.class)
        .hasMessageContaining("--hfTokenPath")
        .hasMessageContaining(missing.toString());
    Path empty = Files.writeString(tmp.resolve("empty"), "  \n");
    assertThatThrownBy(() -> HfOptions.hubConfig(parse("--hfTokenPath=" + empty)))
        .isInstanceOf(HfIOException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> HfOptions.hubConfig(parse("--hfTokenPath=" + empty, "--hfToken=hf_x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only one of");
  }
}
