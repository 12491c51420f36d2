package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hfio.localhub.Fault;
import dev.hfio.localhub.RouteClass;
import dev.hfio.testing.HubFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token never shows up in logs, toString, exception messages or stack traces. */
class TokenLeakTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  private static String describe(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return t + "\n" + w;
  }

  @Test
  void tokenNeverLeaks() {
    String token = HUB.writeToken();
    String badToken = "hf_wrong_secret_value_abcdefghijklmnop";
    RecordingSleeper sleeper = new RecordingSleeper();
    HubClient client = HUB.client(token, RetryPolicy.DEFAULT, sleeper);
    HubClient bad = HUB.client(badToken, RetryPolicy.DEFAULT, sleeper);
    List<String> texts = new ArrayList<>();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      texts.add(client.toString());
      texts.add(client.config().toString());
      RepoRef missing = RepoRef.dataset("dev/missing-repo");
      collect(texts, () -> client.repoInfo(missing, "main"));
      collect(texts, bad::whoami);
      collect(texts, () -> bad.repoInfo(missing, null));
      HUB.hub().admin().inject(Fault.on(RouteClass.API).status(503).times(2));
      client.whoami(); // logs two retries
      HUB.hub().admin().inject(Fault.on(RouteClass.API).status(500));
      collect(texts, () -> client.repoInfo(missing, null));
      HUB.hub().admin().clearFaults();
      RepoRef repo = HubFixture.datasetId("leak");
      client.createRepo(repo).call();
      collect(
          texts,
          () -> client.commit(repo).add(CommitOperation.delete("nope.txt")).message("rm").call());
      collect(texts, () -> client.readRange(repo, "nobranch", "a.txt", 0, 10));
    } finally {
      System.setErr(saved);
      HUB.hub().admin().clearFaults();
    }
    String logs = err.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("retrying"); // the capture works: retry lines were logged
    texts.add(logs);
    assertThat(texts).hasSizeGreaterThan(7);
    for (String t : texts) {
      assertThat(t).doesNotContain(token).doesNotContain(badToken);
    }
  }

  private static void collect(List<String> texts, Runnable call) {
    try {
      call.run();
      throw new AssertionError("expected a failure");
    } catch (HubException e) {
      texts.add(describe(e));
    }
  }
}
