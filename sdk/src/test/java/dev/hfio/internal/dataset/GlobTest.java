package dev.hfio.internal.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "**|a.csv|true",
        "**|a/b/c.csv|true",
        "*|a.csv|true",
        "*|a/b.csv|false",
        "*/b.csv|a/b.csv|true",
        "*/b.csv|/b.csv|false",
        "**/train/**|train/a.csv|true",
        "**/train/**|x/y/train/z/a.csv|true",
        "**/train/**|mytrain/a.csv|false",
        "**/train[-._ 0-9]*|train.csv|true",
        "**/train[-._ 0-9]*|dir/train-1.csv|true",
        "**/train[-._ 0-9]*|training.csv|false",
        "**/*[-._ 0-9]train[-._ 0-9]*|my_train.csv|true",
        "**/*[-._ 0-9]train[-._ 0-9]*|train/x.csv|false",
        "data/*-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*|data/train-00000-of-00002.parquet|true",
        "data/*-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*|data/x/train-00000-of-00002.parquet|false",
        "data/*-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*|data/train-0000-of-00002.parquet|false",
        "a?c|abc|true",
        "a?c|a/c|false",
        "[!a]bc|xbc|true",
        "[!a]bc|abc|false",
        "[a-c]x|bx|true",
        "[a-c]x|dx|false",
        "data/train-*|data/train-00000-of-00001.parquet|true",
        "data/train-*|data/train/x.parquet|false",
        "Train.csv|train.csv|false",
        "a.b|axb|false",
        "file[.txt|file[.txt|true",
        "[[]x|[x|true",
        "a&&b|a&&b|true",
        "dir/**|dir/a/b|true",
        "**/*.eval|logs/run.eval|true",
        "**/*.eval|run.eval|true",
      })
  void matches(String glob, String path, boolean expected) {
    assertThat(Glob.compile(glob).matches(path)).isEqualTo(expected);
  }

  @Test
  void doubleStarInsideComponentIsInvalid() {
    assertThatThrownBy(() -> Glob.compile("a**/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'**' can only be an entire path component");
  }

  @Test
  void magic() {
    assertThat(Glob.hasMagic("data/train.csv")).isFalse();
    assertThat(Glob.hasMagic("data/*.csv")).isTrue();
    assertThat(Glob.hasMagic("data/[ab].csv")).isTrue();
    assertThat(Glob.hasMagic("data/?.csv")).isTrue();
  }

  @Test
  void fastPathsAgreeWithTheRegex() {
    java.util.List<String> globs = new java.util.ArrayList<>();
    for (java.util.List<String> ps : SplitPatterns.SPLIT_IN_DIR_NAME.values()) {
      globs.addAll(ps);
    }
    for (java.util.List<String> ps : SplitPatterns.SPLIT_IN_FILE_NAME.values()) {
      globs.addAll(ps);
    }
    globs.addAll(
        java.util.List.of(
            "**/*.eval", "**/*", "sub/dir/**/train[-._ 0-9]*", "sub/**/test/**", "**"));
    String[] comps = {
      "train",
      "test",
      "my_train",
      "dev",
      "x",
      "train.csv",
      "a-test-1.json",
      "valid",
      ".h",
      "sub",
      "dir",
      "eval"
    };
    java.util.List<Glob> compiled = globs.stream().map(Glob::compile).toList();
    java.util.Random r = new java.util.Random(42);
    int checked = 0;
    for (int i = 0; i < 4000; i++) {
      int depth = 1 + r.nextInt(4);
      StringBuilder p = new StringBuilder();
      for (int d = 0; d < depth; d++) {
        if (d > 0) {
          p.append('/');
        }
        p.append(comps[r.nextInt(comps.length)]);
      }
      String path = p.toString();
      for (Glob glob : compiled) {
        if (glob.matches(path) != glob.matchesByRegex(path)) {
          throw new AssertionError(glob + " ~ " + path + ": fast path disagrees with the regex");
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(100_000);
  }
}
