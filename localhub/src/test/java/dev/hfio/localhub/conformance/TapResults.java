package dev.hfio.localhub.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the TAP 13 stream of {@code node --test --test-reporter=tap} into one entry per test case.
 * Each node test case can then be reported as its own JUnit test. Suites appear as cases only when
 * they fail on their own (a failing {@code before} hook, for example), not merely because a child
 * failed.
 */
final class TapResults {

  private static final Pattern SUBTEST = Pattern.compile("^(\\s*)# Subtest: (.*)$");
  private static final Pattern RESULT =
      Pattern.compile("^(\\s*)(not ok|ok) \\d+ - (.*?)( # (SKIP|TODO)\\b.*)?$");

  /**
   * One test case: its full name (suite path joined with " › "), outcome and node's YAML
   * diagnostics.
   */
  record Case(String name, boolean passed, boolean skipped, String details) {}

  private TapResults() {}

  static List<Case> parse(String tap) {
    String[] lines = tap.split("\n", -1);
    List<String> path = new ArrayList<>();
    List<Case> out = new ArrayList<>();
    int previousResultIndent = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher sub = SUBTEST.matcher(line);
      if (sub.matches()) {
        int depth = sub.group(1).length() / 4;
        while (path.size() > depth) {
          path.remove(path.size() - 1);
        }
        path.add(unescape(sub.group(2)));
        continue;
      }
      Matcher res = RESULT.matcher(line);
      if (!res.matches()) {
        continue;
      }
      int indent = res.group(1).length();
      int depth = indent / 4;
      boolean passed = res.group(2).equals("ok");
      boolean skipped = "SKIP".equals(res.group(5));
      StringBuilder details = new StringBuilder();
      int j = i + 1;
      if (j < lines.length && lines[j].trim().equals("---")) {
        for (j = j + 1; j < lines.length && !lines[j].trim().equals("..."); j++) {
          details
              .append(
                  lines[j].length() > indent + 2 ? lines[j].substring(indent + 2) : lines[j].trim())
              .append('\n');
        }
      }
      boolean isParent = previousResultIndent > indent;
      previousResultIndent = indent;
      List<String> names = new ArrayList<>(path.subList(0, Math.min(depth, path.size())));
      names.add(unescape(res.group(3)));
      String name = String.join(" › ", names);
      if (!isParent) {
        out.add(new Case(name, passed, skipped, details.toString()));
      } else if (!passed && !details.toString().contains("failureType: 'subtestsFailed'")) {
        out.add(new Case(name + " (suite setup)", false, false, details.toString()));
      }
      while (path.size() > depth) {
        path.remove(path.size() - 1);
      }
    }
    return out;
  }

  private static String unescape(String name) {
    return name.replace("\\#", "#").replace("\\\\", "\\");
  }
}
