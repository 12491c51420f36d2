package dev.hfio.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hfio.testing.HubFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "repository not found" message gives its hint once, whether or not the server's message
 * carries one.
 */
class RepoNotFoundMessageTest {
  @RegisterExtension static final HubFixture HUB = new HubFixture();

  /** The request id differs per call. */
  private static String withoutRequestId(String m) {
    return m.replaceAll(", request id [^\\]]+\\]", "]");
  }

  @Test
  void withTokenTheMessageIsExactAndTheHintAppearsOnce() {
    HubClient c = HUB.client(HUB.writeToken(), RetryPolicy.NONE, Sleeper.SYSTEM);
    RepoNotFoundException e =
        catchThrowableOfType(
            () -> c.repoInfo(RepoRef.dataset("dev/nope"), null), RepoNotFoundException.class);
    assertThat(withoutRequestId(e.getMessage()))
        .isEqualTo(
            "get repo info failed: repository not found (dataset repo"
                + " 'dev/nope') [HTTP 404, RepoNotFound]: Repository not found: dev/nope. Check the repo id and type; if it is"
                + " private, make sure the configured token can read it.");
  }

  @Test
  void anonymousTheMessageIsExactAndTheHintAppearsOnce() { // anonymous: the Hub (and localhub)
    // answer 401
    HubClient c = HUB.client(null, RetryPolicy.NONE, Sleeper.SYSTEM);
    RepoNotFoundException e =
        catchThrowableOfType(
            () -> c.repoInfo(RepoRef.dataset("dev/nope"), null), RepoNotFoundException.class);
    assertThat(withoutRequestId(e.getMessage()))
        .isEqualTo(
            "get repo info failed: repository not found (dataset repo"
                + " 'dev/nope') [HTTP 401, RepoNotFound]: Repository not found: dev/nope. Check the repo id and type; if it is"
                + " private, set HF_TOKEN or --hfToken to a token that can read it.");
  }
}
