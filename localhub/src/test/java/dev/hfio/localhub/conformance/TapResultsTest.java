package dev.hfio.localhub.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The TAP reader must map node's nested output to one case per test, with suite failures kept. */
class TapResultsTest {

  private static final String TAP =
      String.join(
          "\n",
          "TAP version 13",
          "# Subtest: suite A",
          "    # Subtest: passes",
          "    ok 1 - passes",
          "      ---",
          "      duration_ms: 1",
          "      ...",
          "    # Subtest: fails \\# hard",
          "    not ok 2 - fails \\# hard",
          "      ---",
          "      error: 'boom'",
          "      ...",
          "    # Subtest: skipped",
          "    ok 3 - skipped # SKIP no page size",
          "    1..3",
          "not ok 1 - suite A",
          "  ---",
          "  failureType: 'subtestsFailed'",
          "  ...",
          "# Subtest: suite B",
          "    # Subtest: cancelled",
          "    not ok 1 - cancelled",
          "      ---",
          "      failureType: 'cancelledByParent'",
          "      ...",
          "not ok 2 - suite B",
          "  ---",
          "  failureType: 'hookFailed'",
          "  error: 'fetch failed'",
          "  ...",
          "# Subtest: top level",
          "ok 3 - top level",
          "1..3",
          "");

  @Test
  void oneCasePerLeafPlusSuitesFailingOnTheirOwn() {
    List<TapResults.Case> cases = TapResults.parse(TAP);
    assertThat(cases)
        .extracting(TapResults.Case::name)
        .containsExactly(
            "suite A › passes",
            "suite A › fails # hard",
            "suite A › skipped",
            "suite B › cancelled",
            "suite B (suite setup)",
            "top level");
    assertThat(cases)
        .extracting(TapResults.Case::passed)
        .containsExactly(true, false, true, false, false, true);
    assertThat(cases.get(2).skipped()).isTrue();
    assertThat(cases.get(1).details()).contains("error: 'boom'");
    assertThat(cases.get(4).details()).contains("fetch failed");
  }
}
