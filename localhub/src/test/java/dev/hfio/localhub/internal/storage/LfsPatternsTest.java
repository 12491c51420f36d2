package dev.hfio.localhub.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.attributes.AttributesRule;
import org.junit.jupiter.api.Test;

/**
 * The linear-time gitattributes matcher agrees with JGit's (backtracking) wildmatch on ordinary
 * patterns, keeps the last-line-wins rule, and answers a pathological pattern at once.
 */
class LfsPatternsTest {
  static final List<String> PATTERNS =
      List.of(
          "*.parquet",
          "*tfevents*",
          "data/**",
          "data/**/*.txt",
          "/top?.csv",
          "nolfs/*.dat",
          "**/x.bin",
          "a/**/b",
          "*.[ch]",
          "[!a]*.txt",
          "file[0-9].bin",
          "**/*.json",
          "a\\*b",
          "*",
          "?",
          "x/*/y",
          "a/b",
          "/a",
          "**/a/**",
          "*.tar.gz",
          "[[:digit:]]*.bin",
          "**/data/*.csv",
          "d*/**/e?",
          "[a-c]/[^x]*",
          "*.PARQUET",
          "**/",
          "a/**/**/b",
          "abc/**");
  static final List<String> PATHS =
      List.of(
          "x.parquet",
          "d/x.parquet",
          "a/b/c/x.parquet",
          "x.parquet.txt",
          "run.tfevents.1",
          "logs/run.tfevents.2",
          "data/x",
          "data/a/b/c.txt",
          "data/c.txt",
          "other/data/c.txt",
          "datax/c.txt",
          "top1.csv",
          "sub/top1.csv",
          "top12.csv",
          "nolfs/b.dat",
          "a/nolfs/b.dat",
          "x.bin",
          "q/x.bin",
          "q/r/x.bin",
          "a/b",
          "a/x/b",
          "a/x/y/b",
          "ab",
          "f.c",
          "f.h",
          "f.d",
          "b.txt",
          "a.txt",
          "file1.bin",
          "file12.bin",
          "k.json",
          "k/l.json",
          "a*b",
          "axb",
          "z",
          "zz",
          "x/q/y",
          "x/q/r/y",
          "a",
          "b/a",
          "a/c",
          "w/a/c",
          "t.tar.gz",
          "1x.bin",
          "xx.bin",
          "data/k.csv",
          "m/data/k.csv",
          "dd/q/e1",
          "dd/e1",
          "b/q",
          "b/xq",
          "X.PARQUET",
          "abc/d",
          "abc");

  static String attrs(String pattern) {
    return pattern + " filter=lfs diff=lfs merge=lfs -text\n";
  }

  @Test
  void agreesWithJgitOnOrdinaryPatterns() {
    List<String> diffs = new ArrayList<>();
    for (String pattern : PATTERNS) {
      AttributesRule jgit = new AttributesRule(pattern, "filter=lfs");
      LfsPatterns ours = LfsPatterns.parse(attrs(pattern));
      for (String path : PATHS) {
        if (jgit.isMatch(path, false) != ours.isLfs(path)) {
          diffs.add(pattern + " vs " + path + ": jgit=" + jgit.isMatch(path, false));
        }
      }
    }
    assertThat(diffs).isEmpty();
  }

  @Test
  void lastLineMentioningFilterWins() {
    LfsPatterns p =
        LfsPatterns.parse(
            "# c\n*.dat filter=lfs diff=lfs merge=lfs -text\nnolfs/*.dat -filter\n"
                + "*.md text\n*.bin filter=lfs\nkeep/*.bin !filter\n");
    assertThat(p.isLfs("a/b.dat")).isTrue();
    assertThat(p.isLfs("nolfs/b.dat")).isFalse();
    assertThat(p.isLfs("x.bin")).isTrue();
    assertThat(p.isLfs("keep/x.bin")).isFalse();
    assertThat(p.isLfs("README.md")).isFalse();
  }

  @Test
  void pathologicalPatternIsLinear() {
    LfsPatterns p = LfsPatterns.parse(attrs("*a".repeat(500) + "*b"));
    String path = "a".repeat(4000);
    long t0 = System.nanoTime();
    assertThat(p.isLfs(path)).isFalse();
    assertThat(p.isLfs(path + "b")).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
    assertThat(p.cost(path)).isLessThan(5_000_000L);
  }

  @Test
  void capsAreEnforced() {
    assertThatThrownBy(
            () -> LfsPatterns.parse(attrs("a".repeat(LfsPatterns.MAX_PATTERN_CHARS + 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pattern");
    assertThatThrownBy(
            () -> LfsPatterns.parse("*.x filter=lfs\n".repeat(LfsPatterns.MAX_RULES + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LfsPatterns.parse("#".repeat(LfsPatterns.MAX_TEXT_CHARS + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    // lines without filter do not count against the rule cap
    assertThat(LfsPatterns.parse("*.x text\n".repeat(LfsPatterns.MAX_RULES + 5)).isLfs("a.x"))
        .isFalse();
  }
}
