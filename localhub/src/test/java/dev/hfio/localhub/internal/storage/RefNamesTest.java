package dev.hfio.localhub.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The name rules themselves (the HTTP-level attacks are in TraversalAttackTest). */
class RefNamesTest {
  @Test
  void validShortNames() {
    for (String n :
        new String[] {
          "main",
          "feature/x",
          "v1.0",
          "a-b_c",
          "release/2026.12",
          "a@b",
          "x".repeat(200),
          "CAPS",
          "abc12"
        }) {
      assertThat(RefNames.isValidShortName(n)).as(n).isTrue();
    }
  }

  @Test
  void invalidShortNames() {
    for (String n :
        new String[] {
          "",
          "..",
          "a..b",
          "../x",
          "a/../b",
          "/a",
          "a/",
          "a//b",
          ".a",
          "a/.b",
          "a.",
          "a.lock",
          "a.lock/b",
          "a@{0}",
          "@",
          "HEAD",
          "-a",
          "a b",
          "a\tb",
          "a\u0000b",
          "a\nb",
          "a~1",
          "a^",
          "a:b",
          "a?",
          "a*",
          "a[b",
          "a\\b",
          "\u00e9",
          "\uff4d\uff41\uff49\uff4e",
          "\u202eniam",
          "x".repeat(201)
        }) {
      assertThat(RefNames.isValidShortName(n)).as(n).isFalse();
    }
  }

  @Test
  void candidatesStayInTheAllowList() {
    assertThat(RefNames.candidates("HEAD")).containsExactly("refs/heads/main", "refs/tags/main");
    assertThat(RefNames.candidates("")).containsExactly("refs/heads/main", "refs/tags/main");
    assertThat(RefNames.candidates("~parquet")).containsExactly("refs/convert/parquet");
    assertThat(RefNames.candidates("refs/pr/12")).containsExactly("refs/pr/12");
    assertThat(RefNames.candidates("refs/convert/duckdb")).containsExactly("refs/convert/duckdb");
    assertThat(RefNames.candidates("refs/heads/dev")).containsExactly("refs/heads/dev");
    assertThat(RefNames.candidates("refs/tags/v1")).containsExactly("refs/tags/v1");
    for (String bad :
        List.of(
            "refs/pr/0",
            "refs/pr/01",
            "refs/pr/x",
            "refs/pr/1/..",
            "refs/remotes/origin/main",
            "refs/heads/../../x",
            "refs/heads/",
            "refs/stash",
            "refs/convert/../heads/main",
            "../refs/heads/x")) {
      assertThat(RefNames.candidates(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void branchAndTagRefs() {
    assertThat(RefNames.branchRef("dev")).isEqualTo("refs/heads/dev");
    assertThat(RefNames.branchRef("refs/convert/parquet")).isEqualTo("refs/convert/parquet");
    assertThat(RefNames.branchRef("refs/convert/../heads/main")).isNull();
    assertThat(RefNames.branchRef("refs/pr/1")).isNull();
    assertThat(RefNames.branchRef("refs/heads/x")).isNull();
    assertThat(RefNames.tagRef("v1")).isEqualTo("refs/tags/v1");
    assertThat(RefNames.tagRef("../heads/main")).isNull();
    assertThat(RefNames.shown("nope")).isEqualTo("nope");
    assertThat(RefNames.shown("../../proc/self/cmdline")).doesNotContain("proc");
  }
}
