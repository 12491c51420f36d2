package dev.hfio.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.examples.Fingerprint;
import dev.hfio.examples.HubConnection;
import dev.hfio.examples.Quickstart;
import dev.hfio.examples.QuickstartOptions;
import dev.hfio.localhub.LocalHubExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The quickstart's pipelines (HfIO.write of a whole dataset and of three concurrent split
 * directories, then HfIO.read of the repo root and of each split) on every runner against one
 * shared localhub; each run checks through Beam metrics that every read equals what was written.
 */
class QuickstartOnRunnersTest {
  @RegisterExtension static LocalHubExtension HUB = new LocalHubExtension();

  @ParameterizedTest
  @EnumSource(Runner.class)
  void writeThenReadRoundTrips(Runner runner) {
    QuickstartOptions o =
        runner
            .options(
                "--hfEndpoint=" + HUB.hub().url(),
                "--hfToken=" + HUB.hub().writeToken(),
                "--repoId=dev/quickstart-" + runner.name().toLowerCase(Locale.ROOT),
                "--rows=2000")
            .as(QuickstartOptions.class);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Quickstart.Report report;
    try (HubConnection hub = HubConnection.open(o, out)) {
      assertThat(hub.isEmbedded()).isFalse();
      report = Quickstart.run(o, hub.client(), out);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(report.read()).as(text).isEqualTo(report.expected());
    assertThat(report.read().get("all")).isEqualTo(report.expected().get("all"));
    assertThat(report.read().get("all").rows()).isEqualTo(2000);
    assertThat(report.read().values())
        .extracting(Fingerprint.Value::rows)
        .containsExactly(2000L, 1600L, 200L, 200L);
    assertThat(report.commitUrls())
        .hasSize(4)
        .allMatch(u -> u.startsWith(HUB.hub().url() + "/datasets/dev/"));
    assertThat(text).contains("Round trip OK");
  }
}
